import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workshops import roles
from workshops.activities import app_hooks
from workshops.models import Cohort, Participant, Programme, Session


@transaction.atomic
def cohort_save(
    *,
    cohort: Cohort,
    facilitators,
    sessions: list[Session],
    changed: list[Session],
    removed: list[Session],
    user,
    ask_about_you: bool = True,
) -> Cohort:
    """Save a new or changed cohort (its fields set) with its sessions; the author facilitates it.

    `sessions` are every session the cohort keeps, with their fields set; `changed` those of them
    that existed and were edited (calendars then replace the event); `removed` those to delete.
    A new cohort's surveys ask "About you" unless `ask_about_you` is off.
    """
    is_new = cohort.pk is None
    cohort.fill_in_codes()
    cohort.full_clean()
    cohort.save()
    cohort.facilitators.set([*facilitators, user])
    # Renumbering parts (2 becomes 1 and 1 becomes 2) would trip the unique constraint
    # half-way, so move the existing sessions' parts out of the way first.
    cohort.sessions.update(part=F("part") + 10_000)
    for session in removed:
        session.delete()
    for session in sessions:
        session.cohort = cohort
        if session in changed:
            session.sequence += 1
        session.full_clean()
        session.save()
    if is_new:
        for hook in app_hooks("cohort_created"):
            hook(cohort, about_you=ask_about_you)
    return cohort


def _save_changed_session(session: Session) -> Session:
    """Save a change to a session; calendar apps replace the event when its sequence goes up."""
    session.sequence += 1
    session.full_clean()
    session.save()
    return session


def session_reschedule(
    *, session: Session, title: str, date, starts_at, ends_at, venue: str, notes: str
) -> Session:
    """Move a session (or change its title, venue or notes); calendars get the new version."""
    session.title, session.date, session.starts_at, session.ends_at = title, date, starts_at, ends_at
    session.venue, session.notes = venue, notes
    return _save_changed_session(session)


def session_cancel(*, session: Session) -> Session:
    session.status = Session.Status.CANCELLED
    return _save_changed_session(session)


def session_reinstate(*, session: Session) -> Session:
    session.status = Session.Status.SCHEDULED
    return _save_changed_session(session)


def participant_for_phone(*, cohort: Cohort, key: str | None) -> Participant:
    """The participant a phone without a cookie becomes, in the caller's transaction.

    With a vetted key (`participants.vetted_key`) it is that key's participant, made now or made a
    moment ago by this phone's twin request; one statement either way, and a twin arriving at the
    same moment waits on the row until the first commits. Without one it is a new participant.
    """
    if key is None:
        return Participant.objects.create(cohort=cohort)
    (participant,) = Participant.objects.bulk_create(
        [Participant(cohort=cohort, key=key)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["key"],
    )
    participant.cohort = cohort
    return participant


@transaction.atomic
def cohort_duplicate(*, source: Cohort, name: str, dates: dict[int, datetime.date], user) -> Cohort:
    """A new cohort like `source`: its workshop, team, sessions' times and venues, and surveys.

    The copy gets its own join code and link name, the sessions the new `dates` (by part), and
    nobody's answers or commitments; the author facilitates it with the source's facilitators.
    """
    cohort = Cohort(
        programme=source.programme,
        workshop=source.workshop,
        name=name,
        organisation=source.organisation,
        expected_participants=source.expected_participants,
        is_test=source.is_test,
    )
    cohort.fill_in_codes()
    cohort.full_clean()
    cohort.save()
    cohort.facilitators.set([*source.facilitators.all(), user])
    for session in source.sessions.all():
        copy = Session(
            cohort=cohort,
            part=session.part,
            title=session.title,
            date=dates[session.part],
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            venue=session.venue,
            notes=session.notes,
        )
        copy.full_clean()
        copy.save()
    for hook in app_hooks("cohort_duplicated"):
        hook(source, cohort)
    return cohort


def cohort_archive(*, cohort: Cohort, archived: bool, now: datetime.datetime | None = None) -> Cohort:
    """Put a cohort away (kept, but off the dashboard and out of the programme's figures), or back."""
    cohort.archived_at = (now or timezone.now()) if archived else None
    cohort.save(update_fields=["archived_at"])
    return cohort


class CohortHasRecords(Exception):
    """The cohort holds answers or commitments: it can be archived, never deleted."""


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> None:
    records = cohort.records()
    if records:
        raise CohortHasRecords(records)
    cohort.delete()


class LastLeadStays(Exception):
    """A programme keeps at least one lead, or nobody could see its cohorts' reports."""


@transaction.atomic
def programme_member_remove(*, programme: Programme, person) -> None:
    """Take someone out of a programme: they no longer see its cohorts (those they facilitate stay theirs)."""
    leads = programme.members.filter(groups__name=roles.PROGRAMME_LEADS)
    if leads.filter(pk=person.pk).exists() and leads.count() == 1:
        raise LastLeadStays
    programme.members.remove(person)
