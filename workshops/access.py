"""Who may see and change which cohort: the one place every app's staff views ask.

A programme lead sees the cohorts of their programmes, a national lead and a superuser every
cohort, a facilitator the cohorts they facilitate (docs/adr/0001, 0045); only a cohort's
facilitators (and superusers) change it. A cohort the user may
not see is a 404, so its existence is not given away; one they may see but not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from workshops.models import Cohort, Programme, Session


def visible_cohorts(user):
    """The cohorts this user may see."""
    return Cohort.objects.for_user(user)


def get_cohort_for_user(user, slug: str, *, manage: bool = False) -> Cohort:
    """The cohort if the user may see it, with `can_manage` saying whether they may change it.

    One query answers both. With `manage`, a user who may only look gets a 403.
    """
    cohort = get_object_or_404(
        visible_cohorts(user).with_can_manage(user).select_related("workshop", "programme"), slug=slug
    )
    if manage and not cohort.can_manage:
        raise PermissionDenied
    return cohort


def get_session_for_user(user, slug: str, part: int, *, manage: bool = False) -> Session:
    cohort = get_cohort_for_user(user, slug, manage=manage)
    session = get_object_or_404(cohort.sessions, part=part)
    session.cohort = cohort
    return session


def join_url(request, cohort: Cohort) -> str:
    """The cohort's join page as a full address, for the QR code, the calendars and the projector."""
    return request.build_absolute_uri(cohort.get_join_url())


def get_programme_for_user(user, pk: int) -> Programme:
    """A programme whose people this lead may see and change: theirs (a national lead's: any)."""
    return get_object_or_404(Programme.objects.for_user(user), pk=pk)
