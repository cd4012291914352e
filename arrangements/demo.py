"""Demo data: two teams' requests (one now the upcoming cohort), the BLMK agendas and design group."""

import datetime

from django.utils import timezone

from arrangements.models import AgendaItem, DesignMeeting, SessionRelease, WorkshopRequest
from workshops.demo import BLMK_SLUG, UPCOMING_SLUG
from workshops.models import Cohort

REQUESTS = [
    dict(  # noqa: C408 (keyword arguments read as the form's fields)
        submission_token="demo-request-primary-care-pharmacy",  # noqa: S106
        team="BLMK Primary Care Pharmacy Team",
        organisation="BLMK primary care networks",
        contact_name="Amina Yusuf",
        contact_email="amina.yusuf@nhs.net",
        group_size=18,
        preferred_months="Any month this autumn",
        venue="Capability House, Wrest Park",
        work="Pharmacists and technicians in GP practices: medication reviews, repeat prescribing, switches.",
        inequities="Fewer structured medication reviews for people in the most deprived areas of Luton.",
        accessibility="One colleague uses a hearing loop.",
    ),
    dict(  # noqa: C408 (keyword arguments read as the form's fields)
        submission_token="demo-request-community-nursing",  # noqa: S106
        team="Luton Community Nursing",
        organisation="Cambridgeshire Community Services NHS Trust",
        contact_name="Daniel Mensah",
        contact_email="daniel.mensah@nhs.net",
        group_size=24,
        preferred_months="March or April",
        venue="Online or at Luton",
        work="District nurses visiting housebound patients across Luton.",
        inequities="Housebound patients from some ethnic groups are referred later for leg ulcer care.",
        accessibility="",
    ),
]

AGENDA = {
    1: [
        (
            "09:30",
            "10:00",
            "Welcome, and what brought you here",
            "Introductions and hopes for the two mornings",
        ),
        (
            "10:00",
            "10:45",
            "Inequality and equity",
            "What they are, and the local picture: healthy life expectancy",
        ),
        ("10:45", "11:00", "Break", ""),
        ("11:00", "12:00", "What QI is", "The model for improvement, PDSA cycles and run charts"),
        ("12:00", "12:30", "Evaluation and commitments", "The after-part-1 evaluation and a post-it each"),
    ],
    2: [
        ("09:30", "10:00", "Looking back at part 1", "What you tried since"),
        ("10:00", "11:00", "QI tools for tackling inequity", "Driver diagrams and measuring by group"),
        ("11:00", "11:15", "Break", ""),
        (
            "11:15",
            "12:00",
            "Your project ideas",
            "Narrow, maintain or widen: checking a project's effect on the gap",
        ),
        ("12:00", "12:30", "Evaluation and next steps", "The after-the-workshop evaluation"),
    ],
}


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def load(*, today, out) -> None:
    upcoming = Cohort.objects.get(slug=UPCOMING_SLUG)
    blmk = Cohort.objects.get(slug=BLMK_SLUG)
    for number, fields in enumerate(REQUESTS):
        request, created = WorkshopRequest.objects.get_or_create(
            submission_token=fields["submission_token"],
            defaults={
                **fields,
                "programme": upcoming.programme,  # both teams are in BLMK
                "created_at": timezone.now() - datetime.timedelta(days=40 - 15 * number),
            },
        )
    first = WorkshopRequest.objects.get(submission_token=REQUESTS[0]["submission_token"])
    if first.cohort_id is None:
        first.cohort = upcoming
        first.set_status(WorkshopRequest.Status.SCHEDULED)
        first.notes = "Agreed with Amina: two mornings a fortnight apart. Design group of three pharmacists."
        first.save()
    for session in blmk.sessions.all():
        if not session.agenda_items.exists():
            AgendaItem.objects.bulk_create(
                AgendaItem(
                    session=session, starts_at=_time(a), ends_at=_time(b), title=title, details=details
                )
                for a, b, title, details in AGENDA.get(session.part, [])
            )
        SessionRelease.objects.get_or_create(session=session)
    if not blmk.design_meetings.exists():
        DesignMeeting.objects.create(
            cohort=blmk,
            date=datetime.date(2022, 10, 12),
            attendees="Three pharmacists and a pharmacy technician from the team",
            decisions="Use the team's own examples: medication reviews by deprivation quintile, and switches "
            "of inhalers. Keep each part to a morning.",
        )
    out.write(
        f"Requests: {len(REQUESTS)} from teams, one of them now “{upcoming.name}”; "
        f"the agendas of “{blmk.name}”, released to participants."
    )
