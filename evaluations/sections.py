"""The evaluations section of a cohort's staff page (the `cohort_section` hook, docs/adr/0002)."""

from django.template.loader import render_to_string
from django.utils import timezone

from evaluations import characteristics as fixed_lists
from evaluations import phases, services
from evaluations.forms import AddSurveyForm
from evaluations.models import Survey


def cohort_section(request, cohort) -> str:
    """The cohort's surveys with their state and counts; for its facilitators, open, close and add."""
    can_manage = cohort.can_manage
    now = timezone.now()
    surveys = list(cohort.surveys.with_counts())
    for survey in surveys:
        survey.cohort = cohort
        survey.current_state = survey.state(now)
    missing = services.missing_phases(cohort) if can_manage else []
    asking = [survey for survey in surveys if survey.characteristics]
    asked = fixed_lists.in_fixed_order({slug for survey in asking for slug in survey.characteristics})
    context = {
        "asking": asking,
        "asked": [characteristic.label.lower() for characteristic in asked],
        "can_change_about_you": any(not survey.questions_are_frozen() for survey in surveys),
        "cohort": cohort,
        "surveys": surveys,
        "can_manage": can_manage,
        "any_open": any(survey.current_state == Survey.Status.OPEN for survey in surveys),
        "add_form": AddSurveyForm(missing=missing) if missing else None,
        "phase_titles": [phases.title(phase) for phase in missing],
    }
    return render_to_string("evaluations/includes/_cohort_surveys.html", context, request=request)
