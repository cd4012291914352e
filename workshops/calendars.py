"""Sessions as iCalendar events, so facilitators can put them in Outlook or on a phone."""

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from workshops.models import Cohort, Session

PRODID = "-//qiequity//Using QI to Tackle Inequity//EN"


def session_event(session: Session, *, join_url: str) -> Event:
    cohort = session.cohort
    event = Event()
    event.add("uid", f"session-{session.pk}@qiequity")
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(session.starts()))
    event.add("dtend", timezone.localtime(session.ends()))
    event.add("summary", f"{cohort.workshop.title}: {session.display_title} ({cohort.name})")
    if session.venue:
        event.add("location", session.venue)
    lines = [
        f"{cohort.workshop.title}, {session.display_title}, for {cohort.name}.",
        f"Participants join on their phones at {join_url} (code {cohort.join_code_for_display()}).",
    ]
    if session.notes:
        lines.append(session.notes)
    event.add("description", "\n\n".join(lines))
    event.add("url", join_url)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def calendar_for(sessions: Iterable[Session], *, join_url: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(session_event(session, join_url=join_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def cohort_calendar(cohort: Cohort, *, join_url: str) -> bytes:
    return calendar_for(
        cohort.sessions.select_related("cohort__workshop"), join_url=join_url, name=cohort.name
    )
