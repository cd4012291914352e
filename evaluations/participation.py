"""What a participant reaches from the cohort's landing page: no login, no name."""

from collections import OrderedDict

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from evaluations.models import Survey
from workshops.activities import Activity
from workshops.models import Cohort


def open_activities(cohort, participant=None) -> list[Activity]:
    """The `open_activities` hook (docs/adr/0002): one entry per survey taking answers now.

    A survey this phone has answered is marked done, and offers to change the answers.
    """
    surveys = list(cohort.surveys.open_now().with_counts().select_related("cohort"))
    answered = set()
    if participant is not None and surveys:
        answered = set(participant.responses.filter(survey__in=surveys).values_list("survey_id", flat=True))
    return [
        Activity(
            title=f"Evaluation: {survey.title}",
            description=_length(survey.item_count, survey.minutes_to_fill(survey.item_count)),
            url=survey.get_participant_url(),
            action="Change your answers" if survey.pk in answered else "Fill in the evaluation",
            done=survey.pk in answered,
        )
        for survey in surveys
    ]


def _length(items: int, minutes: int) -> str:
    questions = f"{items} short question{'s' if items != 1 else ''}"
    return f"{questions}, about {minutes} minute{'s' if minutes != 1 else ''}."


def get_survey_for_participant(code: str, phase: str) -> Survey:
    """The survey of the cohort with this join code, whatever its state; 404 if there is none."""
    return get_object_or_404(
        Survey.objects.select_related("cohort__workshop"),
        cohort__in=Cohort.objects.by_join_code(code),
        phase=phase,
    )


def unavailable_reason(survey: Survey) -> str | None:
    """Why a participant cannot answer this survey now, in plain words; None when they can."""
    if survey.cohort.is_cancelled:
        return "cancelled"
    state = survey.state(timezone.now())
    if state == Survey.Status.OPEN:
        return None
    return "closed" if state == Survey.Status.CLOSED else "not-open"


# A blank survey form's questions are the same HTML for every phone, and rendering them (every
# radio through Django's widget templates) is most of the page's cost when a room opens it at
# once. Keep the latest few per process, keyed on everything that shapes them.
_BLANK_QUESTIONS: OrderedDict[tuple, str] = OrderedDict()
BLANK_QUESTIONS_KEPT = 64


def render_questions(form) -> str:
    """The form's questions and "About you" as HTML; a blank form's come from a per-process cache."""
    if form.is_bound or form.has_previous_answers:
        return render_to_string("evaluations/includes/_questions.html", {"form": form})
    key = (
        form.survey.pk,
        tuple(
            (i.pk, i.position, i.kind, i.text, i.help_text, i.required, i.low_label, i.high_label)
            for i in form.items
        ),
        tuple(c.slug for c in form.characteristics),
    )
    html = _BLANK_QUESTIONS.get(key)
    if html is None:
        html = render_to_string("evaluations/includes/_questions.html", {"form": form})
        _BLANK_QUESTIONS[key] = html
        while len(_BLANK_QUESTIONS) > BLANK_QUESTIONS_KEPT:
            _BLANK_QUESTIONS.popitem(last=False)
    else:
        _BLANK_QUESTIONS.move_to_end(key)
    return html
