"""Writes that touch several rows: surveys from templates, opening and closing, items, responses."""

import enum
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import slugify

from evaluations import imports, phases
from evaluations.models import (
    AboutYouAnswer,
    Answer,
    Item,
    ItemFields,
    Response,
    ResponseImport,
    Survey,
    SurveyTemplate,
)
from evaluations.totals import Tallies, added_up, counted, tallied, totals_change
from workshops import services as workshops_services
from workshops.models import Cohort, Participant

FROZEN_MESSAGE = (
    "People have answered this survey, so its questions can no longer be changed: "
    "this keeps results comparable between surveys and cohorts."
)
COPIED_FIELDS = [f.name for f in ItemFields._meta.fields]


# Surveys --------------------------------------------------------------------------------------


def missing_phases(cohort: Cohort) -> list[str]:
    """The phases a cohort with its current number of parts should have but does not."""
    parts = cohort.sessions.aggregate(parts=Max("part"))["parts"] or 0
    existing = set(cohort.surveys.values_list("phase", flat=True))
    return [phase for phase in phases.for_parts(parts) if phase not in existing]


def survey_add(*, cohort: Cohort, phase: str, about_you: bool = True) -> Survey:
    """A new survey for this phase, with a copy of the workshop's default items for it.

    It asks the default's "About you" questions unless `about_you` is false.
    """
    template = SurveyTemplate.objects.filter(
        workshop=cohort.workshop_id, phase=phases.template_phase(phase)
    ).first()
    asked = list(template.characteristics) if template is not None and about_you else []
    survey = Survey(cohort=cohort, phase=phase, title=phases.title(phase), characteristics=asked)
    survey.full_clean()
    survey.save()
    if template is not None:
        items = [
            Item(survey=survey, **{name: getattr(t, name) for name in COPIED_FIELDS})
            for t in template.items.all()
        ]
        for item in items:
            item.full_clean(exclude=["survey"], validate_constraints=False)
        Item.objects.bulk_create(items)
    return survey


@transaction.atomic
def surveys_create_for_cohort(*, cohort: Cohort, about_you: bool = True) -> list[Survey]:
    """Copy the workshop's default surveys into a new cohort (the `cohort_created` hook).

    With `about_you` false (the facilitator unticked it) no copy asks "About you".
    """
    return [
        survey_add(cohort=cohort, phase=phase, about_you=about_you)
        for phase in missing_phases(cohort)
        if SurveyTemplate.objects.filter(
            workshop=cohort.workshop_id, phase=phases.template_phase(phase)
        ).exists()
    ]


def cohort_about_you_set(*, cohort: Cohort, ask: bool) -> list[Survey]:
    """Ask (as the workshop's defaults do) or stop asking "About you" in the cohort's surveys.

    Only surveys nobody has answered change: after the first response the wording is frozen
    (docs/adr/0006). Returns the surveys changed.
    """
    templates = {
        t.phase: t.characteristics for t in SurveyTemplate.objects.filter(workshop=cohort.workshop_id)
    }
    changed = []
    for survey in cohort.surveys.all():
        wanted = list(templates.get(phases.template_phase(survey.phase), [])) if ask else []
        if survey.characteristics == wanted or survey.questions_are_frozen():
            continue
        survey.characteristics = wanted
        survey.full_clean()
        survey.save()
        changed.append(survey)
    return changed


def surveys_copy(*, source: Cohort, cohort: Cohort) -> list[Survey]:
    """Give a cohort copies of another's surveys, questions and all, as drafts with no times set."""
    copies = []
    for survey in source.surveys.prefetch_related("items"):
        copy = Survey(
            cohort=cohort, phase=survey.phase, title=survey.title, characteristics=survey.characteristics
        )
        copy.full_clean()
        copy.save()
        items = [
            Item(survey=copy, **{name: getattr(item, name) for name in COPIED_FIELDS})
            for item in survey.items.all()
        ]
        Item.objects.bulk_create(items)
        copies.append(copy)
    return copies


def survey_open(*, survey: Survey, now=None) -> Survey:
    """Open by hand; the opening time records when, and a closing time already past is cleared."""
    now = now or timezone.now()
    survey.status = Survey.Status.OPEN
    if survey.opens_at is None or survey.opens_at > now:
        survey.opens_at = now
    if survey.closes_at and survey.closes_at <= now:
        survey.closes_at = None
    survey.full_clean()
    survey.save()
    return survey


def survey_close(*, survey: Survey, now=None) -> Survey:
    """Close by hand; the closing time records when."""
    now = now or timezone.now()
    survey.status = Survey.Status.CLOSED
    if survey.closes_at is None or survey.closes_at > now:
        survey.closes_at = now
    if survey.opens_at and survey.opens_at >= survey.closes_at:
        survey.opens_at = None  # closed before its planned opening: it never opened
    survey.full_clean()
    survey.save()
    return survey


def survey_save_settings(
    *, survey: Survey, title: str, opens_at, closes_at, characteristics: list[str]
) -> Survey:
    """A survey's title, its opening and closing times, and the "About you" questions it asks."""
    survey.title, survey.opens_at, survey.closes_at = title, opens_at, closes_at
    survey.characteristics = characteristics
    survey.full_clean()
    survey.save()
    return survey


# Items ----------------------------------------------------------------------------------------


def _refuse_if_frozen(survey: Survey):
    if survey.responses.exists():
        raise ValidationError(FROZEN_MESSAGE)


def _unused_code(survey: Survey, wanted: str, *, exclude_pk=None) -> str:
    base = slugify(wanted)[:34] or "item"
    taken = set(survey.items.exclude(pk=exclude_pk).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def item_save(*, survey: Survey, item: Item | None = None, **fields) -> Item:
    """Add an item (or change `item`) from its fields (kind, text, labels…), before any response."""
    _refuse_if_frozen(survey)
    item = item or Item()
    for name, value in fields.items():
        setattr(item, name, value)
    item.survey = survey
    if item.pk is None:
        item.position = (survey.items.aggregate(last=Max("position"))["last"] or 0) + 1
        item.code = _unused_code(survey, item.report_label or item.text)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_remove(*, item: Item) -> None:
    _refuse_if_frozen(item.survey)
    survey, position = item.survey, item.position
    item.delete()
    _renumber(survey.items.filter(position__gt=position), by=-1)


@transaction.atomic
def item_move(*, item: Item, up: bool) -> None:
    """Swap an item with the one above (or below) it."""
    _refuse_if_frozen(item.survey)
    neighbours = item.survey.items.exclude(pk=item.pk)
    other = (
        neighbours.filter(position__lt=item.position).order_by("-position").first()
        if up
        else neighbours.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return
    mine, theirs = item.position, other.position
    # Park one item out of the way so the unique (survey, position) holds at every step.
    Item.objects.filter(pk=item.pk).update(position=0)
    Item.objects.filter(pk=other.pk).update(position=mine)
    Item.objects.filter(pk=item.pk).update(position=theirs)


def _renumber(items, *, by: int):
    for item in items.order_by("position" if by < 0 else "-position"):
        Item.objects.filter(pk=item.pk).update(position=F("position") + by)


# Responses ------------------------------------------------------------------------------------


class Outcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"  # this form was already recorded: nothing changed


@dataclass(frozen=True)
class Submitted:
    response: Response
    outcome: Outcome
    participant: Participant  # whom the phone is from now on


def _answer_rows(response: Response, answers: dict[Item, int | str]) -> list[Answer]:
    rows = []
    for item, value in answers.items():
        if value is None or value == "":
            continue  # unanswered: no row
        if item.kind == Item.Kind.FREE_TEXT:
            rows.append(Answer(response=response, item=item, text=value))
        else:
            rows.append(Answer(response=response, item=item, number=value))
    for row in rows:
        row.full_clean(exclude=["response", "item"], validate_constraints=False)
    return rows


def _about_you_rows(response: Response, about_you: dict[str, str]) -> list[AboutYouAnswer]:
    rows = [
        AboutYouAnswer(response=response, characteristic=slug, value=value)
        for slug, value in about_you.items()
        if value
    ]
    for row in rows:
        row.full_clean(exclude=["response"], validate_constraints=False)
    return rows


def _tallied(answers: list[Answer], told: list[AboutYouAnswer]) -> Tallies:
    """What these rows of one response add to the kept totals."""
    scored = [(row.item_id, row.item.kind, row.number) for row in answers if row.number is not None]
    return tallied(scored, [(row.characteristic, row.value) for row in told])


def _write_answers(response: Response, answers, about_you) -> Tallies:
    rows, told = _answer_rows(response, answers), _about_you_rows(response, about_you)
    Answer.objects.bulk_create(rows)
    AboutYouAnswer.objects.bulk_create(told)
    return _tallied(rows, told)


def _delete_answers(response: Response, answers: dict[Item, int | str], *, about_you: bool) -> Tallies:
    """Delete a response's answers (and its "about you" ones, if the survey asks any); what they
    had added to the kept totals. DELETE … RETURNING says what went without a read before it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Answer._meta.db_table} WHERE response_id = %s RETURNING item_id, number",  # noqa: S608
            [response.pk],
        )
        scored = [(item_id, number) for item_id, number in cursor.fetchall() if number is not None]
        told = []
        if about_you:
            cursor.execute(
                f"DELETE FROM {AboutYouAnswer._meta.db_table} WHERE response_id = %s "  # noqa: S608
                "RETURNING characteristic, value",
                [response.pk],
            )
            told = cursor.fetchall()
    kinds = {item.pk: item.kind for item in answers}
    if missing := {item_id for item_id, _ in scored} - set(kinds):  # a caller that passed some items only
        kinds.update(Item.objects.filter(pk__in=missing).values_list("pk", "kind"))
    return tallied([(item_id, kinds[item_id], number) for item_id, number in scored], told)


# The survey and participant were just read from the database: checking that they exist again
# would cost two queries on every submit.
KNOWN_RELATIONS = ["survey", "participant", "response_import"]


def response_submit(
    *,
    survey: Survey,
    participant: Participant | None,
    key: str | None = None,
    token: str,
    answers: dict[Item, int | str],
    about_you: dict[str, str],
) -> Submitted:
    """Record a phone's answers from one form: one response per participant per survey.

    `participant` is the phone's when its cookie named one; otherwise the phone becomes one here,
    in the same transaction, from the form's vetted `key` (`workshops.participants.vetted_key`),
    or a new one without it. The same form sent twice (a double tap, a resubmit, a network retry)
    carries the same token and changes nothing the second time, even when both arrive at once
    (docs/adr/0005). Answering again from a newly loaded form replaces the earlier answers.

    The first try assumes no twin request is racing this one, so it spends no savepoint on it; if
    the database's unique constraints say otherwise, that try's transaction is rolled back whole
    and a second try finds what the twin stored.
    """
    fields = {"survey": survey, "participant": participant, "key": key, "token": token}
    try:
        return _submit(**fields, answers=answers, about_you=about_you, first_try=True)
    except IntegrityError:
        return _submit(**fields, answers=answers, about_you=about_you, first_try=False)


@transaction.atomic
def _submit(*, survey, participant, key, token, answers, about_you, first_try: bool) -> Submitted:
    response = Response(survey=survey, participant=participant, submission_token=token)
    response.full_clean(exclude=KNOWN_RELATIONS, validate_unique=False, validate_constraints=False)
    if participant is None:
        participant = workshops_services.participant_for_phone(cohort=survey.cohort, key=key)
        response.participant = participant
        if key is None and first_try:
            # Nobody else holds this new participant: only the form's token can be recorded
            # already, and then the insert fails and the second try finds it.
            return _record(response, answers, about_you, guarded=False)
        # With a vetted key, a twin request waited on the participant's row until this one's
        # twin committed, so the read below finds the twin's response by its token.
    # One read answers both questions (was this form recorded? has this phone answered?) and
    # locks the phone's response, so two submits from it queue up.
    rows = list(Response.objects.select_for_update().filter(_this_form_or_phone(token, survey, participant)))
    already = next((row for row in rows if row.submission_token == token), None)
    if already is not None:
        return Submitted(already, Outcome.DUPLICATE, participant)
    if rows:
        existing = rows[0]
        existing.submission_token = token
        existing.updated_at = timezone.now()
        # The token's uniqueness is the database's to check: the row is locked, and a twin
        # with the same token waits above, then finds it.
        existing.save(update_fields=["submission_token", "updated_at"])
        # A survey that asks nobody about themselves has no "about you" answers to remove.
        removed = _delete_answers(existing, answers, about_you=bool(survey.characteristics))
        totals_change(added=_write_answers(existing, answers, about_you), removed=removed)
        return Submitted(existing, Outcome.UPDATED, participant)
    return _record(response, answers, about_you, guarded=not first_try)


def _this_form_or_phone(token: str, survey: Survey, participant: Participant) -> Q:
    """The response this form's token recorded, or this phone's response to the survey."""
    return Q(submission_token=token) | Q(survey=survey, participant=participant)


def _record(response: Response, answers, about_you, *, guarded: bool) -> Submitted:
    """Insert a new response and its answers; `guarded`, a twin's insert a moment ago wins."""
    if not guarded:
        response.save()
    else:
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:
            winner = Response.objects.filter(
                _this_form_or_phone(response.submission_token, response.survey, response.participant)
            ).first()
            return Submitted(winner, Outcome.DUPLICATE, response.participant)
    totals_change(added=_write_answers(response, answers, about_you))
    return Submitted(response, Outcome.CREATED, response.participant)


# Imports --------------------------------------------------------------------------------------


@transaction.atomic
def responses_import(
    *, survey: Survey, file_name: str, content: bytes, replace: bool = False, user=None
) -> ResponseImport:
    """Store every row of a CSV or XLSX file as a response, or nothing at all.

    Raises `imports.ImportRefused` listing every problem by row and column. The same file (same
    contents, or same name) imported into the survey before is refused unless `replace`, which
    removes the earlier import's responses first.
    """
    digest = hashlib.sha256(content).hexdigest()
    earlier = survey.imports.filter(Q(sha256=digest) | Q(file_name=file_name))
    if earlier.exists() and not replace:
        first = earlier.earliest("created_at")
        raise imports.ImportRefused(
            [
                f"“{first.file_name}” was already imported into this survey on "
                f"{timezone.localtime(first.created_at):%-d %B %Y at %H:%M} "
                f"({first.row_count} responses). "
                "To import it again in their place, ask to replace the earlier import."
            ],
            already_imported=True,
        )
    items = list(survey.items.all())
    known = [item.text for item in items] + [
        q for c in survey.characteristic_list() for q in (c.question, c.label)
    ]
    table = imports.read_table(file_name, content, known_headers=known)
    plan = imports.plan(survey, items, table)
    if plan.problems:
        raise imports.ImportRefused(plan.problems)
    record = ResponseImport(
        survey=survey,
        file_name=file_name,
        sha256=digest,
        row_count=len(plan.responses),
        ignored_columns=plan.ignored_columns,
        imported_by=user,
    )
    record.full_clean(validate_unique=False, validate_constraints=False)  # an earlier one may go below
    # Everything is built and checked before the transaction, which then only inserts, in a few
    # statements: on SQLite it holds the one write lock that phones submitting elsewhere queue for.
    responses, answers, about_you, tallies = [], [], [], []
    for planned in plan.responses:
        response = Response(survey=survey, source=Response.Source.IMPORT, response_import=record)
        response.full_clean(exclude=KNOWN_RELATIONS, validate_unique=False, validate_constraints=False)
        responses.append(response)
        rows, told = _answer_rows(response, planned.answers), _about_you_rows(response, planned.about_you)
        answers += rows
        about_you += told
        tallies.append(_tallied(rows, told))
    added = added_up(*tallies)
    with transaction.atomic():
        # What the earlier import's responses (replace) had added to the kept totals goes with them.
        removed = counted(Answer.objects.filter(response__response_import__in=earlier)) if replace else {}
        earlier.delete()  # and, by cascade, the responses it brought (replace)
        record.save()
        Response.objects.bulk_create(responses, batch_size=IMPORT_BATCH)
        Answer.objects.bulk_create(answers, batch_size=IMPORT_BATCH)
        AboutYouAnswer.objects.bulk_create(about_you, batch_size=IMPORT_BATCH)
        totals_change(added=added, removed=removed)
    return record


IMPORT_BATCH = 500  # rows per INSERT: within SQLite's limit on a statement's parameters


# Comments in reports --------------------------------------------------------------------------


def comment_hide(*, answer: Answer, user, now=None) -> Answer:
    """Keep a comment out of the report, its exports and the command (one that names someone, say).

    Only free text can be hidden, and the kept totals count scored answers only: they stay as
    they are.
    """
    if answer.item.kind != Item.Kind.FREE_TEXT:
        raise ValidationError("Only comments can be hidden from the report.")
    answer.hidden_from_report_at = now or timezone.now()
    answer.hidden_from_report_by = user
    answer.save(update_fields=["hidden_from_report_at", "hidden_from_report_by"])
    return answer


def comment_restore(*, answer: Answer) -> Answer:
    answer.hidden_from_report_at = None
    answer.hidden_from_report_by = None
    answer.save(update_fields=["hidden_from_report_at", "hidden_from_report_by"])
    return answer
