"""The register's part of a cohort's staff page (the `cohort_section` hook, docs/adr/0002)."""

from django.template.loader import render_to_string

from attendance import trained


def cohort_section(request, cohort) -> str:
    context = {"cohort": cohort, "can_manage": cohort.can_manage, "trained": trained.cohort_trained(cohort)}
    return render_to_string("attendance/includes/_cohort_section.html", context, request=request)
