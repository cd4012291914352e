"""The arrangements' part of a cohort's staff page (the `cohort_section` hook, docs/adr/0002)."""

from django.template.loader import render_to_string

from arrangements import pages


def cohort_section(request, cohort) -> str:
    context = {
        "cohort": cohort,
        "can_manage": cohort.can_manage,
        "sessions": pages.cohort_sessions_with_plans(cohort),
        "meetings": list(cohort.design_meetings.all()),
        "requests": list(cohort.workshop_requests.all()) if _sees_requests(request) else [],
    }
    return render_to_string("arrangements/includes/_cohort_section.html", context, request=request)


def _sees_requests(request) -> bool:
    from workshops import roles

    return roles.sees_every_cohort(request.user)
