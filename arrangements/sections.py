"""The arrangements' part of a cohort's staff page (the `cohort_section` hook, docs/adr/0002)."""

from django.template.loader import render_to_string

from arrangements import pages
from arrangements.access import visible_requests


def cohort_section(request, cohort) -> str:
    context = {
        "cohort": cohort,
        "can_manage": cohort.can_manage,
        "sessions": pages.cohort_sessions_with_plans(cohort),
        "meetings": list(cohort.design_meetings.all()),
        "requests": list(visible_requests(request.user).filter(cohort=cohort)),
    }
    return render_to_string("arrangements/includes/_cohort_section.html", context, request=request)
