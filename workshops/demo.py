"""Demo data for the workshops app: the accounts, the first BLMK cohort and one running today."""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workshops import roles
from workshops.models import Cohort, Programme, Session, Workshop

DEMO_PASSWORD_DEFAULT = "qiequity-demo"  # noqa: S105 (documented, and refused with DEBUG off)
BLMK_SLUG = "blmk-medicines-optimisation-2022"
UPCOMING_SLUG = "blmk-primary-care-pharmacy"
WORKSHOP_SLUG = "using-qi-to-tackle-inequity"
WREST_PARK = "Capability House, Wrest Park, Silsoe, Bedford MK45 4HR"
L_AND_D = "Luton and Dunstable University Hospital, Lewsey Road, Luton LU4 0DZ"
MKUH = "Milton Keynes University Hospital, Standing Way, Eaglestone, Milton Keynes MK6 5LD"
BEDFORD_HOSPITAL = "Bedford Hospital, Kempston Road, Bedford MK42 9DJ"
ONLINE = "Online (Microsoft Teams)"

# The programme: later cohorts of the same workshop as it spread to other BLMK teams, about one a
# quarter. (slug, name, organisation or team, join code, first and second session, venue,
# expected participants). Their results are made by evaluations/demo_programme.py.
PROGRAMME = [
    (
        "luton-gp-practice-pharmacists-2023",
        "Luton GP Practice Pharmacists, Feb–Mar 2023",
        "Luton primary care networks",
        "GPX4QA",
        (datetime.date(2023, 2, 22), datetime.date(2023, 3, 8)),
        L_AND_D,
        20,
    ),
    (
        "bedford-community-pharmacy-2023",
        "Bedford Borough Community Pharmacy, May 2023",
        "Community pharmacies in Bedford Borough",
        "CPH7MA",
        (datetime.date(2023, 5, 10), datetime.date(2023, 5, 24)),
        BEDFORD_HOSPITAL,
        19,
    ),
    (
        "care-home-medicines-team-2023",
        "BLMK Care Home Medicines Team, Sep 2023",
        "BLMK ICB care home medicines optimisation team",
        "KHM3CT",
        (datetime.date(2023, 9, 13), datetime.date(2023, 9, 27)),
        WREST_PARK,
        18,
    ),
    (
        "luton-dunstable-hospital-pharmacy-2023",
        "Luton and Dunstable Hospital Pharmacy, Nov 2023",
        "Bedfordshire Hospitals NHS Foundation Trust",
        "HPN6DX",
        (datetime.date(2023, 11, 15), datetime.date(2023, 11, 29)),
        L_AND_D,
        22,
    ),
    (
        "mkuh-pharmacy-2024",
        "Milton Keynes University Hospital Pharmacy, Feb 2024",
        "Milton Keynes University Hospital NHS Foundation Trust",
        "MKU4PH",
        (datetime.date(2024, 2, 7), datetime.date(2024, 2, 21)),
        MKUH,
        21,
    ),
    (
        "mental-health-pharmacy-2024",
        "Mental Health Pharmacy, Bedfordshire and Luton, May 2024",
        "East London NHS Foundation Trust",
        "MHP9EA",
        (datetime.date(2024, 5, 15), datetime.date(2024, 5, 29)),
        ONLINE,
        18,
    ),
    (
        "central-bedfordshire-gp-pharmacists-2024",
        "Central Bedfordshire GP Practice Pharmacists, Sep 2024",
        "Central Bedfordshire primary care networks",
        "CDG7PT",
        (datetime.date(2024, 9, 11), datetime.date(2024, 9, 25)),
        WREST_PARK,
        21,
    ),
    (
        "milton-keynes-community-pharmacy-2024",
        "Milton Keynes Community Pharmacy, Nov 2024",
        "Community pharmacies in Milton Keynes",
        "MKC3RX",
        (datetime.date(2024, 11, 13), datetime.date(2024, 11, 27)),
        MKUH,
        19,
    ),
    (
        "bedford-hospital-pharmacy-2025",
        "Bedford Hospital Pharmacy, Feb 2025",
        "Bedfordshire Hospitals NHS Foundation Trust",
        "HPD4FE",
        (datetime.date(2025, 2, 12), datetime.date(2025, 2, 26)),
        BEDFORD_HOSPITAL,
        23,
    ),
    (
        "milton-keynes-community-health-pharmacy-2025",
        "Milton Keynes Community Health Pharmacy, Jun 2025",
        "Central and North West London NHS Foundation Trust",
        "CHW6MK",
        (datetime.date(2025, 6, 11), datetime.date(2025, 6, 25)),
        MKUH,
        19,
    ),
    (
        "luton-community-pharmacy-2025",
        "Luton Community Pharmacy, Oct 2025",
        "Community pharmacies in Luton",
        "CPX9TN",
        (datetime.date(2025, 10, 8), datetime.date(2025, 10, 22)),
        L_AND_D,
        20,
    ),
    (
        "blmk-medicines-optimisation-2026",
        "BLMK Medicines Optimisation New Starters, Mar 2026",
        "BLMK ICB Medicines Optimisation team",
        "NWM4QT",
        (datetime.date(2026, 3, 11), datetime.date(2026, 3, 25)),
        WREST_PARK,
        21,
    ),
]

# Two programmes on one site, so the boundary between them can be seen (docs/adr/0045): BLMK's,
# which every cohort above belongs to, and a neighbouring system's with a few cohorts of its own.
BLMK_PROGRAMME = ("BLMK inequalities programme", "East London NHS Foundation Trust")
SECOND_PROGRAMME = (
    "Hertfordshire and West Essex inequalities programme",
    "Hertfordshire Partnership University NHS Foundation Trust",
)
SECOND_PROGRAMME_COHORTS = [
    (
        "watford-hospital-pharmacy-2024",
        "Watford General Hospital Pharmacy, Mar 2024",
        "West Hertfordshire Teaching Hospitals NHS Trust",
        "WGH4PA",
        (datetime.date(2024, 3, 6), datetime.date(2024, 3, 20)),
        "Watford General Hospital, Vicarage Road, Watford",
        20,
    ),
    (
        "harlow-community-pharmacy-2024",
        "Harlow Community Pharmacy, Oct 2024",
        "Community pharmacies in Harlow",
        "HCP7RX",
        (datetime.date(2024, 10, 9), datetime.date(2024, 10, 23)),
        ONLINE,
        18,
    ),
    (
        "stevenage-gp-pharmacists-2025",
        "Stevenage GP Practice Pharmacists, Apr 2025",
        "Stevenage primary care networks",
        "TVG3QC",
        (datetime.date(2025, 4, 2), datetime.date(2025, 4, 16)),
        ONLINE,
        19,
    ),
]

ACCOUNTS = [
    # username, first name, last name, group, programmes (by name)
    ("facilitator", "Priya", "Shah", roles.FACILITATORS, [BLMK_PROGRAMME[0]]),
    ("lead", "Tom", "Okafor", roles.PROGRAMME_LEADS, [BLMK_PROGRAMME[0]]),
    ("herts_facilitator", "Dev", "Malhotra", roles.FACILITATORS, [SECOND_PROGRAMME[0]]),
    ("herts_lead", "Amara", "Boateng", roles.PROGRAMME_LEADS, [SECOND_PROGRAMME[0]]),
    ("national", "Ruth", "Adebayo", roles.NATIONAL_LEADS, []),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


def load(*, today: datetime.date, out) -> None:
    programmes = {
        name: Programme.objects.get_or_create(name=name, defaults={"run_with": run_with})[0]
        for name, run_with in (BLMK_PROGRAMME, SECOND_PROGRAMME)
    }
    users = {}
    for username, first, last, group, member_of in ACCOUNTS:
        users[username] = _account(username, first, last, group)
        users[username].programmes.add(*(programmes[name] for name in member_of))
    workshop = Workshop.objects.get(slug=WORKSHOP_SLUG)  # created by a migration
    facilitator = users["facilitator"]
    blmk_programme = programmes[BLMK_PROGRAMME[0]]

    blmk = _cohort(
        workshop,
        programme=blmk_programme,
        slug=BLMK_SLUG,
        name="BLMK Medicines Optimisation, Nov–Dec 2022",
        organisation="BLMK ICB Medicines Optimisation team",
        join_code="MED4QT",
        expected_participants=21,
        facilitators=[facilitator],
        sessions=[
            (datetime.date(2022, 11, 16), "Part 1: equity and QI"),
            (datetime.date(2022, 12, 1), "Part 2: using QI to tackle inequity"),
        ],
    )
    upcoming = _cohort(
        workshop,
        programme=blmk_programme,
        slug=UPCOMING_SLUG,
        name="BLMK Primary Care Pharmacy Team",
        organisation="BLMK primary care networks",
        join_code="NEW7QC",
        expected_participants=18,
        facilitators=[facilitator],
        sessions=[
            (today, "Part 1: equity and QI"),
            (today + datetime.timedelta(days=14), "Part 2: using QI to tackle inequity"),
        ],
    )
    # Loaded again on a later day, the running cohort's first session moves to today, so the
    # demo always has a session to run; loaded twice in a day, nothing changes.
    _move_sessions(upcoming, [today, today + datetime.timedelta(days=14)])
    later = [(row, blmk_programme, facilitator) for row in PROGRAMME]
    later += [
        (row, programmes[SECOND_PROGRAMME[0]], users["herts_facilitator"]) for row in SECOND_PROGRAMME_COHORTS
    ]
    for (slug, name, organisation, join_code, dates, venue, expected), programme, runs_it in later:
        _cohort(
            workshop,
            programme=programme,
            slug=slug,
            name=name,
            organisation=organisation,
            join_code=join_code,
            expected_participants=expected,
            facilitators=[runs_it],
            sessions=[
                (dates[0], "Part 1: equity and QI"),
                (dates[1], "Part 2: using QI to tackle inequity"),
            ],
            venue=venue,
        )
    out.write(
        f"Cohorts: {blmk.name} (code {blmk.join_code_for_display()}), "
        f"{upcoming.name} (code {upcoming.join_code_for_display()}), "
        f"and {len(PROGRAMME)} more of the programme from 2023 on; "
        f"{len(SECOND_PROGRAMME_COHORTS)} cohorts of a second programme, {SECOND_PROGRAMME[0]}."
    )


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


def _move_sessions(cohort: Cohort, dates: list[datetime.date]) -> None:
    for session, date in zip(cohort.sessions.order_by("part"), dates, strict=False):
        if session.date != date:
            session.date = date
            session.save()


def _cohort(workshop, *, slug, sessions, facilitators, venue=WREST_PARK, **fields) -> Cohort:
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
                venue=venue,
            )
    return cohort
