"""The commitments section of a cohort's staff page (the `cohort_section` hook, docs/adr/0002)."""

from django.db.models import Count, Q
from django.template.loader import render_to_string

from commitments.models import Commitment, CommitmentSettings


def cohort_section(request, cohort) -> str:
    """The commitments form's state, the wall's numbers and the way in."""
    moderation = Commitment.Moderation
    counts = cohort.commitments.aggregate(
        total=Count("pk"),
        on_wall=Count("pk", filter=Q(moderation=moderation.SHOWN)),
        awaiting=Count("pk", filter=Q(moderation=moderation.AWAITING_APPROVAL)),
        hidden=Count("pk", filter=Q(moderation=moderation.HIDDEN)),
    )
    context = {
        "cohort": cohort,
        "wall": CommitmentSettings.of(cohort),
        "counts": counts,
        "can_manage": cohort.can_manage,
    }
    return render_to_string("commitments/includes/_cohort_section.html", context, request=request)
