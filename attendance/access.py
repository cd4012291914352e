"""Who may see and change a cohort's register, on top of workshops/access.py.

The register follows the cohort's rules: its facilitators change it, leads and its facilitators
see it, nobody else learns it exists (404). A participant reaches only the sign-in form, by the
cohort's join code, and sees nobody's name but the one they typed.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from attendance.models import SignIn
from workshops.models import Cohort


def open_sign_in(cohort: Cohort) -> SignIn | None:
    """The cohort's session whose sign-in is open today, if any: the one a phone may sign."""
    return (
        SignIn.objects.filter(
            session__cohort=cohort,
            is_open=True,
            session__date=timezone.localdate(),
            session__status="scheduled",
        )
        .select_related("session")
        .first()
    )


def get_attendee(cohort: Cohort, pk: int):
    return get_object_or_404(cohort.attendees, pk=pk)
