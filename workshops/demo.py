"""Demo data for the workshops app: the accounts, the first BLMK cohort and one running today."""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workshops import roles
from workshops.models import Cohort, Session, Workshop

DEMO_PASSWORD_DEFAULT = "qiequity-demo"  # noqa: S105 (documented, and refused with DEBUG off)
BLMK_SLUG = "blmk-medicines-optimisation-2022"
UPCOMING_SLUG = "blmk-primary-care-pharmacy"
WORKSHOP_SLUG = "using-qi-to-tackle-inequity"

ACCOUNTS = [
    # username, first name, last name, group
    ("facilitator", "Priya", "Shah", roles.FACILITATORS),
    ("lead", "Tom", "Okafor", roles.PROGRAMME_LEADS),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


def load(*, today: datetime.date, out) -> None:
    users = {username: _account(username, first, last, group) for username, first, last, group in ACCOUNTS}
    workshop = Workshop.objects.get(slug=WORKSHOP_SLUG)  # created by a migration
    facilitator = users["facilitator"]

    blmk = _cohort(
        workshop,
        slug=BLMK_SLUG,
        name="BLMK Medicines Optimisation, Nov–Dec 2022",
        organisation="BLMK ICB Medicines Optimisation team",
        join_code="MED4QT",
        status=Cohort.Status.FINISHED,
        expected_participants=21,
        facilitators=[facilitator],
        sessions=[
            (datetime.date(2022, 11, 16), "Part 1: equity and QI"),
            (datetime.date(2022, 12, 1), "Part 2: using QI to tackle inequity"),
        ],
    )
    upcoming = _cohort(
        workshop,
        slug=UPCOMING_SLUG,
        name="BLMK Primary Care Pharmacy Team",
        organisation="BLMK primary care networks",
        join_code="NEW7QC",
        status=Cohort.Status.RUNNING,
        expected_participants=18,
        facilitators=[facilitator],
        sessions=[
            (today, "Part 1: equity and QI"),
            (today + datetime.timedelta(days=14), "Part 2: using QI to tackle inequity"),
        ],
    )
    out.write(f"Cohorts: {blmk.name} (code {blmk.join_code}), {upcoming.name} (code {upcoming.join_code}).")


def _account(username: str, first_name: str, last_name: str, group_name: str):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.nhs.uk"},
    )
    if created:
        user.set_password(demo_password())
        user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def _cohort(workshop, *, slug, sessions, facilitators, **fields) -> Cohort:
    cohort, created = Cohort.objects.get_or_create(slug=slug, defaults={"workshop": workshop, **fields})
    if created:
        cohort.facilitators.set(facilitators)
        for part, (date, title) in enumerate(sessions, start=1):
            Session.objects.create(
                cohort=cohort,
                part=part,
                title=title,
                date=date,
                starts_at=datetime.time(9, 30),
                ends_at=datetime.time(12, 30),
                venue="Capability House, Wrest Park, Silsoe, Bedford MK45 4HR",
            )
    return cohort
