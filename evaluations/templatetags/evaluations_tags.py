"""The evaluations section of the cohort page, as one tag: {% cohort_surveys %}."""

from django import template
from django.utils import timezone

from evaluations import characteristics as fixed_lists
from evaluations import phases, services
from evaluations.forms import AddSurveyForm
from evaluations.models import Survey

register = template.Library()


@register.inclusion_tag("evaluations/_cohort_surveys.html", takes_context=True)
def cohort_surveys(context):
    cohort, can_manage = context["cohort"], context.get("can_manage", False)
    now = timezone.now()
    surveys = list(cohort.surveys.with_counts())
    for survey in surveys:
        survey.cohort = cohort
        survey.current_state = survey.state(now)
    missing = services.missing_phases(cohort) if can_manage else []
    asking = [survey for survey in surveys if survey.characteristics]
    asked = fixed_lists.in_fixed_order({slug for survey in asking for slug in survey.characteristics})
    return {
        "asking": asking,
        "asked": [characteristic.label.lower() for characteristic in asked],
        "can_change_about_you": any(not survey.questions_are_frozen() for survey in surveys),
        "cohort": cohort,
        "surveys": surveys,
        "can_manage": can_manage,
        "any_open": any(survey.current_state == Survey.Status.OPEN for survey in surveys),
        "add_form": AddSurveyForm(missing=missing) if missing else None,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "phase_titles": [phases.title(phase) for phase in missing],
    }
