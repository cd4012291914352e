"""Who may see what arrangements hold, on top of workshops/access.py.

Teams' requests are their programme's leads' (national leads' and superusers': all of them); a
facilitator does not see them. A
session's agenda and materials follow the cohort's rules; participants see them only once the
facilitator has released them, and only through the cohort's join code.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from arrangements.models import Material, WorkshopRequest
from workshops import roles
from workshops.access import get_session_for_user
from workshops.models import Cohort, Programme, Session


def visible_requests(user):
    if not roles.is_lead(user):
        return WorkshopRequest.objects.none()
    return WorkshopRequest.objects.filter(programme__in=Programme.objects.for_user(user).values("pk"))


def get_request_for_user(user, pk: int) -> WorkshopRequest:
    return get_object_or_404(visible_requests(user).select_related("cohort"), pk=pk)


def get_material_for_user(user, slug: str, part: int, pk: int, *, manage: bool = False) -> Material:
    session = get_session_for_user(user, slug, part, manage=manage)
    material = get_object_or_404(session.materials, pk=pk)
    material.session = session
    return material


def released_session(cohort: Cohort, part: int) -> Session:
    """A session of the cohort whose materials are released; otherwise 404, as if it had none."""
    session = get_object_or_404(cohort.sessions.scheduled().select_related("release"), part=part)
    if not hasattr(session, "release"):
        raise Http404
    return session
