"""What the register pages show, gathered in a fixed number of queries."""

from django.db.models import Prefetch

from attendance import trained
from attendance.models import Attendance, SignIn
from workshops.access import join_url


def register(cohort) -> dict:
    sessions = list(cohort.sessions.order_by("part"))
    people = list(
        cohort.attendees.order_by("name_key").prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.only("attendee_id", "session_id"))
        )
    )
    rows = []
    for person in people:
        came = {attendance.session_id for attendance in person.attendances.all()}
        rows.append((person, [(session, session.pk in came) for session in sessions]))
    return {
        "cohort": cohort,
        "sessions": sessions,
        "rows": rows,
        "trained": trained.cohort_trained(cohort),
        "can_manage": cohort.can_manage,
        "with_email": sum(1 for person in people if person.email),
    }


def session_register(session, people, marked) -> dict:
    return {
        "session": session,
        "cohort": session.cohort,
        "people": people,
        "marked": marked,
        "sign_in": SignIn.objects.filter(session=session).first(),
        "can_manage": session.cohort.can_manage,
    }


def sign_in_code(request, session) -> dict:
    sign_in = SignIn.objects.filter(session=session).first()
    url = join_url(request, session.cohort)
    return {
        "session": session,
        "cohort": session.cohort,
        "sign_in": sign_in,
        "short_link": url.split("://", 1)[-1],
    }
