from django import template
from django.db.models import Count, Q

from commitments.models import Commitment, CommitmentSettings

register = template.Library()


@register.inclusion_tag("commitments/_cohort_section.html")
def commitments_section(cohort, can_manage: bool):
    """The commitments part of a cohort's page: the form's state, the wall's numbers and the way in."""
    moderation = Commitment.Moderation
    counts = cohort.commitments.aggregate(
        total=Count("pk"),
        on_wall=Count("pk", filter=Q(moderation=moderation.SHOWN)),
        awaiting=Count("pk", filter=Q(moderation=moderation.AWAITING_APPROVAL)),
        hidden=Count("pk", filter=Q(moderation=moderation.HIDDEN)),
    )
    return {
        "cohort": cohort,
        "wall": CommitmentSettings.of(cohort),
        "counts": counts,
        "can_manage": can_manage,
    }
