from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from evaluations import participation, services
from evaluations.forms import AddSurveyForm, ImportForm, ItemForm, SurveyForm, SurveySettingsForm
from evaluations.imports import ROW_CONVENTION, ImportRefused
from evaluations.models import Item, Survey
from workshops import participants, roles
from workshops.access import get_cohort_for_user

# The participant's path: no login, no name ----------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def survey_fill(request, code: str, phase: str):
    survey = participation.get_survey_for_participant(code, phase)
    reason = participation.unavailable_reason(survey)
    if reason:
        status = 200 if request.method == "GET" else 409  # nothing is stored
        return render(
            request,
            "evaluations/survey_unavailable.html",
            {"survey": survey, "reason": reason},
            status=status,
        )
    cohort = survey.cohort
    participant = participants.participant_from_request(request, cohort)
    posted = request.method == "POST"
    # A phone's earlier answers fill the form it loads; a posted form brings its own.
    previous = (
        survey.responses.filter(participant=participant).first() if participant and not posted else None
    )
    form = SurveyForm(
        request.POST if posted else None,
        survey=survey,
        items=list(survey.items.all()),
        participant_key=participants.form_key(request, cohort, participant),
        previous=previous,
    )
    if form.is_bound and form.is_valid():
        submitted = services.response_submit(
            survey=survey,
            participant=participant,
            key=participants.vetted_key(request, cohort, form.cleaned_data["participant_key"]),
            token=form.cleaned_data["submission_token"],
            answers=form.answers(),
            about_you=form.about_you(),
        )
        return participants.remember(redirect(survey.get_thanks_url()), submitted.participant)
    if posted and participant:
        previous = survey.responses.filter(participant=participant).first()  # says "change your answers"
    context = {
        "survey": survey,
        "form": form,
        "previous": previous,
        "questions": participation.render_questions(form),
    }
    return render(request, "evaluations/survey_fill.html", context)


@require_safe
def survey_thanks(request, code: str, phase: str):
    survey = participation.get_survey_for_participant(code, phase)
    participant = participants.participant_from_request(request, survey.cohort)
    if participant is None or not survey.responses.filter(participant=participant).exists():
        return redirect(survey.get_participant_url())  # nothing recorded from this phone: say nothing was
    here = survey.get_participant_url()
    context = {
        "survey": survey,
        "participant": participant,
        "can_change": participation.unavailable_reason(survey) is None,
        "next_steps": [a for a in participation.open_activities(survey.cohort, participant) if a.url != here],
    }
    return render(request, "evaluations/survey_thanks.html", context)


# The facilitator's pages ----------------------------------------------------------------------


def get_survey_for_user(user, slug: str, phase: str, *, manage: bool = False) -> Survey:
    """The survey if the user may see its cohort (404 otherwise); with manage, also change it (403)."""
    cohort = get_cohort_for_user(user, slug, manage=manage)
    survey = get_object_or_404(cohort.surveys.with_counts(), phase=phase)
    survey.cohort = cohort
    return survey


def get_item_for_user(user, slug: str, phase: str, pk: int) -> Item:
    survey = get_survey_for_user(user, slug, phase, manage=True)
    item = get_object_or_404(survey.items, pk=pk)
    item.survey = survey
    return item


def redirect_back(request, default):
    """Back where the button was (the cohort page or the survey page), never off the site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return redirect(target)
    return redirect(default)


@roles.staff_required
@require_safe
def survey_detail(request, slug: str, phase: str):
    survey = get_survey_for_user(request.user, slug, phase)
    context = {
        "survey": survey,
        "cohort": survey.cohort,
        "items": survey.items.all(),
        "imports": survey.imports.all(),
        "can_manage": survey.cohort.can_manage,
        "frozen_message": services.FROZEN_MESSAGE,
    }
    return render(request, "evaluations/survey_detail.html", context)


@roles.staff_required
@require_safe
def survey_count(request, slug: str, phase: str):
    """The live count for the survey page, polled by static/js/live-count.js while it is open."""
    survey = get_survey_for_user(request.user, slug, phase)
    return JsonResponse(
        {"responses": survey.response_count, "state": survey.state(), "rate": survey.response_rate()},
        headers={"Cache-Control": "no-store"},
    )


@roles.staff_required
@require_POST
def survey_open(request, slug: str, phase: str):
    survey = get_survey_for_user(request.user, slug, phase, manage=True)
    services.survey_open(survey=survey)
    messages.success(request, f"“{survey.title}” is open. Participants find it on the join page.")
    return redirect_back(request, survey)


@roles.staff_required
@require_POST
def survey_close(request, slug: str, phase: str):
    survey = get_survey_for_user(request.user, slug, phase, manage=True)
    services.survey_close(survey=survey)
    messages.success(request, f"“{survey.title}” is closed. It takes no more answers.")
    return redirect_back(request, survey)


@roles.staff_required
@require_POST
def survey_add(request, slug: str):
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    form = AddSurveyForm(request.POST, missing=services.missing_phases(cohort))
    if not form.is_valid():
        messages.error(request, "That survey cannot be added: the cohort already has it.")
        return redirect(cohort)
    survey = services.survey_add(cohort=cohort, phase=form.cleaned_data["phase"])
    messages.success(request, f"Added “{survey.title}”. Check its questions, then open it when it is time.")
    return redirect(survey)


@roles.staff_required
@require_POST
def cohort_about_you(request, slug: str):
    """Ask, or stop asking, "About you" in the cohort's surveys that nobody has answered yet."""
    cohort = get_cohort_for_user(request.user, slug, manage=True)
    ask = request.POST.get("ask") == "yes"
    changed = services.cohort_about_you_set(cohort=cohort, ask=ask)
    if not changed:
        messages.error(request, "Nothing changed: people have already answered every survey that would.")
    elif ask:
        messages.success(
            request, f"{_titles(changed)} now {'ask' if len(changed) > 1 else 'asks'} “About you”."
        )
    else:
        messages.success(
            request, f"{_titles(changed)} no longer {'ask' if len(changed) > 1 else 'asks'} “About you”."
        )
    return redirect(cohort.get_absolute_url() + "#about-you")


def _titles(surveys) -> str:
    titles = [f"“{survey.title}”" for survey in surveys]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_edit(request, slug: str, phase: str):
    survey = get_survey_for_user(request.user, slug, phase, manage=True)
    form = SurveySettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.survey_save_settings(survey=survey, **form.cleaned_data)
        messages.success(request, f"Saved “{survey.title}”.")
        return redirect(survey)
    return render(request, "evaluations/survey_form.html", {"form": form, "survey": survey})


def _item_form_page(request, survey: Survey, item: Item | None):
    if survey.questions_are_frozen():
        messages.error(request, services.FROZEN_MESSAGE)
        return redirect(survey)
    form = ItemForm(request.POST or None, instance=item or Item(survey=survey))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.item_save(survey=survey, item=item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(survey)
        messages.success(request, f"Saved the question “{saved.text}”.")
        return redirect(survey)
    return render(request, "evaluations/item_form.html", {"form": form, "survey": survey, "item": item})


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_create(request, slug: str, phase: str):
    return _item_form_page(request, get_survey_for_user(request.user, slug, phase, manage=True), None)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, slug: str, phase: str, pk: int):
    item = get_item_for_user(request.user, slug, phase, pk)
    return _item_form_page(request, item.survey, item)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_remove(request, slug: str, phase: str, pk: int):
    item = get_item_for_user(request.user, slug, phase, pk)
    if item.survey.questions_are_frozen():
        messages.error(request, services.FROZEN_MESSAGE)
        return redirect(item.survey)
    if request.method == "POST":
        services.item_remove(item=item)
        messages.success(request, f"Removed the question “{item.text}”.")
        return redirect(item.survey)
    return render(request, "evaluations/item_remove.html", {"item": item, "survey": item.survey})


@roles.staff_required
@require_POST
def item_move(request, slug: str, phase: str, pk: int):
    item = get_item_for_user(request.user, slug, phase, pk)
    try:
        services.item_move(item=item, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(item.survey)


@roles.staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def responses_import(request, slug: str, phase: str):
    survey = get_survey_for_user(request.user, slug, phase, manage=True)
    posted = request.method == "POST"  # a post with only a file must still be checked
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.responses_import(
                survey=survey,
                file_name=upload.name,
                content=upload.read(),
                replace=form.cleaned_data["replace"],
                user=request.user,
            )
        except ImportRefused as refused:
            problems = refused.problems
            form.add_error("file", _refusal_summary(refused))
        else:
            messages.success(request, _import_summary(record))
            return redirect(survey)
    context = {"form": form, "survey": survey, "problems": problems, "row_convention": ROW_CONVENTION}
    return render(request, "evaluations/response_import.html", context)


def _refusal_summary(refused: ImportRefused) -> str:
    if refused.already_imported:
        return refused.problems[0]
    count = len(refused.problems)
    if count == 1:
        return "The file has 1 problem, so nothing was imported. Fix it and upload the file again"
    return f"The file has {count} problems, so nothing was imported. Fix them and upload the file again"


def _import_summary(record) -> str:
    plural = "" if record.row_count == 1 else "s"
    summary = f"Imported {record.row_count} response{plural} from “{record.file_name}”."
    if record.ignored_columns:
        summary += f" Ignored columns: {', '.join(record.ignored_columns)}."
    return summary
