"""What a participant reaches from the cohort's landing page: no login, no name."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from evaluations.models import Survey
from workshops.activities import Activity


def open_activities(cohort) -> list[Activity]:
    """The `open_activities` hook (docs/adr/0002): one entry per survey taking answers now."""
    surveys = cohort.surveys.open_now().with_counts().select_related("cohort")
    return [
        Activity(
            title=f"Evaluation: {survey.title}",
            description=_length(survey.item_count, survey.minutes_to_fill(survey.item_count)),
            url=survey.get_participant_url(),
            action="Fill in the evaluation",
        )
        for survey in surveys
    ]


def _length(items: int, minutes: int) -> str:
    questions = f"{items} short question{'s' if items != 1 else ''}"
    return f"{questions}, about {minutes} minute{'s' if minutes != 1 else ''}."


def get_survey_for_participant(code: str, phase: str) -> Survey:
    """The survey of the cohort with this join code, whatever its state; 404 if there is none."""
    return get_object_or_404(
        Survey.objects.select_related("cohort__workshop"), cohort__join_code=code.upper(), phase=phase
    )


def unavailable_reason(survey: Survey) -> str | None:
    """Why a participant cannot answer this survey now, in plain words; None when they can."""
    if survey.cohort.is_cancelled:
        return "cancelled"
    state = survey.state(timezone.now())
    if state == Survey.Status.OPEN:
        return None
    return "closed" if state == Survey.Status.CLOSED else "not-open"
