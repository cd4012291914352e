"""What the arrangements' pages show, gathered in a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from arrangements.forms import AgendaItemForm, MaterialForm
from arrangements.models import AgendaItem, Material
from workshops import roles
from workshops.models import Cohort, Session


def facilitator_accounts(programme):
    """The active facilitators of a programme, who may run its cohorts, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.FACILITATORS, programmes=programme)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def session_plan(session: Session) -> dict:
    """A session's agenda and materials for staff, with the forms to add to them when they may."""
    can_manage = session.cohort.can_manage
    return {
        "session": session,
        "cohort": session.cohort,
        "agenda": list(session.agenda_items.all()),
        "materials": list(session.materials.all()),
        "released": _released(session),
        "can_manage": can_manage,
        "agenda_form": AgendaItemForm() if can_manage else None,
        "material_form": MaterialForm() if can_manage else None,
    }


def _released(session: Session) -> bool:
    from arrangements.models import SessionRelease

    return SessionRelease.objects.filter(session=session).exists()


def released_sessions(cohort: Cohort) -> dict:
    """The cohort's sessions whose agenda and materials the facilitator released, for participants."""
    sessions = list(
        cohort.sessions.scheduled()
        .filter(release__isnull=False)
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("starts_at", "pk")),
            Prefetch("materials", queryset=Material.objects.order_by("added_at", "pk")),
        )
        .order_by("part")
    )
    return {"cohort": cohort, "sessions": sessions}


def cohort_sessions_with_plans(cohort: Cohort) -> list[Session]:
    """Each session of the cohort with how many agenda items and materials it has and whether released."""
    from django.db.models import Count, Exists, OuterRef

    from arrangements.models import SessionRelease

    return list(
        cohort.sessions.annotate(
            agenda_count=Count("agenda_items", distinct=True),
            material_count=Count("materials", distinct=True),
            is_released=Exists(SessionRelease.objects.filter(session=OuterRef("pk"))),
        ).order_by("part")
    )
