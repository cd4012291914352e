"""Demo commitments: the BLMK Medicines Optimisation team's post-its, followed up, and a live wall.

Every row is found by a fixed key before it is made, so loading twice changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.models import (
    FOLLOW_UP_AFTER,
    Commitment,
    CommitmentSettings,
    FollowUpNote,
    Reminder,
    default_due_date,
    new_token,
    token_digest,
)
from workshops.demo import BLMK_SLUG, PROGRAMME, UPCOMING_SLUG
from workshops.models import Cohort, Participant

A, P = Commitment.Kind.ACTION, Commitment.Kind.PROJECT_IDEA
COMMITTED, IN_PROGRESS, DONE, NOT_PURSUED = Commitment.Status

# text, kind, name on the wall, email, status, (days after today the follow-up is next due, or None
# for the default six weeks after the last session), follow-up notes as (date, who, note, new status)
BLMK_COMMITMENTS = [
    (
        "Audit who is missing out on a structured medication review, broken down by deprivation "
        "quintile, across our primary care networks.",
        P,
        "Aisha",
        "aisha.khan@example.nhs.uk",
        IN_PROGRESS,
        21,
        [
            ("2023-01-16", "lead", "Search agreed with the BI team; first two PCNs pulled.", IN_PROGRESS),
            (
                "2023-01-20",
                None,
                "Two PCNs done: people in the most deprived quintile are half as likely to have had "
                "a review this year. Presenting to the team in March.",
                IN_PROGRESS,
            ),
        ],
    ),
    (
        "Check whether patients who need an interpreter are offered one during discharge medicines "
        "counselling, and how often it actually happens.",
        P,
        "JM",
        "",
        DONE,
        None,
        [
            (
                "2023-01-19",
                "lead",
                "Baseline from ward audit: interpreter used in 3 of 14 cases.",
                IN_PROGRESS,
            ),
            ("2023-03-09", "lead", "PDSA on ward 12 complete; now 9 of 12. Spreading to ward 14.", DONE),
        ],
    ),
    (
        "Ask “is my work helping to achieve equity?” at the start of every prescribing review I lead.",
        A,
        "",
        "",
        DONE,
        None,
        [("2023-01-12", "lead", "Doing this at every review; the question is on the agenda template.", DONE)],
    ),
    (
        "Look at uptake of the New Medicine Service by ethnicity in our community pharmacies.",
        P,
        "Sam",
        "sam.osei@example.nhs.uk",
        COMMITTED,
        None,
        [],
    ),
    (
        "Break down our antimicrobial prescribing data by deprivation before the next area "
        "prescribing committee.",
        A,
        "Helen",
        "",
        IN_PROGRESS,
        None,
        [("2023-01-25", "lead", "Data requested; committee moved to April.", IN_PROGRESS)],
    ),
    (
        "Find out which care homes miss medicines reconciliation within seven days of discharge, and "
        "whether they serve our more deprived areas.",
        P,
        "",
        "",
        NOT_PURSUED,
        None,
        [
            (
                "2023-02-02",
                "facilitator",
                "The care home system cannot report this yet. Revisit when the new record goes live.",
                NOT_PURSUED,
            )
        ],
    ),
    (
        "Produce easy-read and translated versions of our inhaler technique leaflet, starting with "
        "Urdu and Polish.",
        A,
        "Farah",
        "farah.ali@example.nhs.uk",
        DONE,
        None,
        [("2023-01-30", "lead", "Urdu and Polish versions printed; Romanian next.", DONE)],
    ),
    (
        "Compare DOAC prescribing for atrial fibrillation between Luton and Central Bedfordshire practices.",
        P,
        "RK",
        "",
        IN_PROGRESS,
        35,
        [("2023-02-14", "lead", "Query written; waiting for the March data extract.", IN_PROGRESS)],
    ),
    (
        "Add a deprivation breakdown to the monthly medicines optimisation dashboard.",
        A,
        "",
        "",
        COMMITTED,
        None,
        [],
    ),
    (
        "Talk to the Luton community team about why housebound patients wait longer for a medication review.",
        A,
        "Grace",
        "grace.m@example.nhs.uk",
        COMMITTED,
        10,
        [("2023-01-17", "lead", "Meeting booked with the community matron; due date moved.", COMMITTED)],
    ),
    (
        "Check that our opioid reduction work is not widening the gap for people with a learning disability.",
        P,
        "",
        "",
        COMMITTED,
        None,
        [],
    ),
    (
        "Use a driver diagram with the team to plan how we reach people who do not attend pharmacy "
        "appointments.",
        A,
        "Ben",
        "",
        DONE,
        None,
        [("2023-01-26", "facilitator", "Driver diagram done at the team away day.", DONE)],
    ),
    (
        "Review whether compliance aids are offered fairly to people with sight loss or dementia "
        "across BLMK.",
        P,
        "Nadia",
        "",
        IN_PROGRESS,
        None,
        [("2023-02-08", "lead", "Registered as a QI project; first PDSA in two practices.", IN_PROGRESS)],
    ),
    (
        "Share the equality and equity picture at our next team meeting and ask everyone for one "
        "example from their own work.",
        A,
        "Lou",
        "",
        DONE,
        None,
        [("2023-01-12", "lead", "Done on 14 December; eleven examples collected.", DONE)],
    ),
    (
        "Measure how long people whose first language is not English wait for a repeat prescription "
        "query to be resolved.",
        A,
        "",
        "",
        COMMITTED,
        None,
        [],
    ),
]
# The project ideas that became QI projects, by their place in the list above.
QI_PROJECTS = {2: "BLMK QI log MO-2023-04", 13: "BLMK QI log MO-2023-07"}

RUNNING_COMMITMENTS = [
    (
        "Find out which of our practices have the lowest flu vaccine uptake among people with a learning "
        "disability, and ask why.",
        A,
        "Kemi",
    ),
    ("Ask patients at the Luton hub what stops them collecting their prescriptions on time.", A, ""),
    ("Map who gets a blood pressure check at the pharmacy against where hypertension is highest.", P, "DP"),
    ("Bring one equity question to every practice visit this month.", A, "Jo"),
]

# The programme's later cohorts (workshops.demo.PROGRAMME) each get a few of these, picked by a
# random generator seeded with the cohort's slug, with follow-up that has gone further the older
# the cohort is.
PROGRAMME_COMMITMENTS = [
    ("Break down our flu vaccine uptake by deprivation and ethnicity before the next season.", A),
    ("Ask the patients we see least often what gets in the way of coming in.", A),
    ("Check who is offered the New Medicine Service, and who is not, by postcode.", P),
    ("Find out whether our discharge letters are understood by people who do not read English well.", P),
    ("Look at waiting times for a medication review by ethnic group.", A),
    ("Add an equity question to our team's monthly audit meeting.", A),
    ("Compare blood pressure checks in the pharmacy with where hypertension is most common.", P),
    ("Review whether large-print labels are offered to everyone who needs them.", A),
    ("Map which care homes get a structured medication review within the year, and which do not.", P),
    ("Talk to the Luton mosque health group about how people collect their medicines.", A),
    ("Use a run chart to follow missed doses on the ward by day of the week.", P),
    ("Share the equality and equity picture with the dispensary team.", A),
    ("See whether our smoking cessation referrals reach the most deprived areas.", P),
    ("Ask for interpreters to be booked for every complex discharge counselling.", A),
    ("Measure how long people with a learning disability wait for their repeat prescriptions.", P),
    ("Start a driver diagram with the team on reaching housebound patients.", A),
    ("Check that the clozapine clinic is as easy to reach from Luton as from Bedford.", P),
    ("Include deprivation in the next antimicrobial stewardship report.", A),
]
PROGRAMME_NAMES = ["", "Amira", "", "Tom", "JK", "Priti", "", "Sam", "Dee", "Marek", "", "Chidi", "Wen", ""]
PROGRAMME_NOTES = {
    IN_PROGRESS: "Data pulled for the first two months; looking at it with the team next week.",
    DONE: "Done and shared at the team meeting; the team is keeping it going.",
    NOT_PURSUED: "Not possible with the data we have now; to revisit next year.",
}
RECENT = datetime.date(2025, 6, 1)  # cohorts from then on are still being followed up


def load(*, today: datetime.date, out) -> None:
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=["lead", "facilitator"])
    }

    blmk = Cohort.objects.get(slug=BLMK_SLUG)
    CommitmentSettings.objects.get_or_create(cohort=blmk, defaults={"is_open": False})
    written = timezone.make_aware(datetime.datetime(2022, 12, 1, 12, 10))
    for n, (text, kind, name, email, status, due_in, notes) in enumerate(BLMK_COMMITMENTS, start=1):
        due_date = today + datetime.timedelta(days=due_in) if due_in else default_due_date(blmk, today)
        commitment, created = _commitment(
            blmk,
            n,
            text=text,
            kind=kind,
            display_name=name,
            email=email,
            status=status,
            due_date=due_date,
            created_at=written + datetime.timedelta(minutes=n),
            qi_project_started=n in QI_PROJECTS,
            qi_project_reference=QI_PROJECTS.get(n, ""),
        )
        if created:
            _history(commitment, notes, users, first_due=default_due_date(blmk, today))

    running = Cohort.objects.get(slug=UPCOMING_SLUG)
    CommitmentSettings.objects.get_or_create(cohort=running, defaults={"is_open": True})
    posted = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12, 5)))
    for n, (text, kind, name) in enumerate(RUNNING_COMMITMENTS, start=1):
        _commitment(
            running,
            n,
            text=text,
            kind=kind,
            display_name=name,
            due_date=default_due_date(running, today),
            created_at=posted + datetime.timedelta(minutes=n),
        )
    later = sum(
        _programme_commitments(Cohort.objects.get(slug=slug), users.get("lead")) for slug, *_ in PROGRAMME
    )
    out.write(
        f"Commitments: {blmk.commitments.count()} for {blmk.name}, followed up; "
        f"{running.commitments.count()} on the open wall of {running.name}; "
        f"{later} for the programme's later cohorts."
    )


def _programme_commitments(cohort: Cohort, lead) -> int:
    """A later cohort's commitments, the same ones on every load; how many it has."""
    rng = random.Random(f"qiequity-demo-commitments-{cohort.slug}")  # noqa: S311 (made-up data, seeded)
    CommitmentSettings.objects.get_or_create(cohort=cohort, defaults={"is_open": False})
    last_session = cohort.last_session_date()
    due_date = last_session + FOLLOW_UP_AFTER
    if last_session >= RECENT:
        statuses = {COMMITTED: 5, IN_PROGRESS: 4, DONE: 1}
    else:
        statuses = {COMMITTED: 2, IN_PROGRESS: 2, DONE: 4, NOT_PURSUED: 2}
    written = timezone.make_aware(datetime.datetime.combine(last_session, datetime.time(12, 10)))
    picked = rng.sample(PROGRAMME_COMMITMENTS, rng.randint(4, 7))
    for n, (text, kind) in enumerate(picked, start=1):
        status = rng.choices(list(statuses), weights=list(statuses.values()))[0]
        noted = due_date + datetime.timedelta(days=rng.randint(0, 20))
        commitment, created = _commitment(
            cohort,
            n,
            text=text,
            kind=kind,
            display_name=rng.choice(PROGRAMME_NAMES),
            status=status,
            due_date=due_date,
            created_at=written + datetime.timedelta(minutes=n),
        )
        if created and status != COMMITTED:
            _history(
                commitment,
                [(noted.isoformat(), "lead", PROGRAMME_NOTES[status], status)],
                {"lead": lead},
                first_due=due_date,
            )
    return len(picked)


def _commitment(cohort: Cohort, n: int, **fields) -> tuple[Commitment, bool]:
    participant, _ = Participant.objects.get_or_create(key=f"demo-{cohort.join_code}-{n:02}", cohort=cohort)
    return Commitment.objects.get_or_create(
        submission_token=f"demo-{cohort.join_code}-{n:02}",
        defaults={"cohort": cohort, "participant": participant, **fields},
    )


def _history(commitment: Commitment, notes, users, *, first_due: datetime.date) -> None:
    status = Commitment.Status.COMMITTED
    for day, who, text, new_status in notes:
        date = datetime.date.fromisoformat(day)
        FollowUpNote.objects.create(
            commitment=commitment,
            date=date,
            author=users.get(who),
            note=text,
            status_from=status,
            status_to=new_status,
            created_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(10))),
        )
        if who is None:
            # The participant answered the private link in the reminder sent on the first due date.
            sent = timezone.make_aware(datetime.datetime.combine(first_due, datetime.time(7)))
            Reminder.objects.create(
                commitment=commitment,
                due_date=first_due,
                sent_to=commitment.email,
                token_digest=token_digest(new_token()),
                sent_at=sent,
                expires_at=sent + Reminder.LINK_LIFETIME,
                used_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(19))),
            )
        status = new_status
