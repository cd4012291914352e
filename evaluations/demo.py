"""Demo surveys and responses: the BLMK cohort's published results, and an open survey today.

The BLMK figures are those published after the first workshop (percentages of those who
answered each item): after part 1, 15 of 15, 15 of 15 and 13 of 15 agreed or strongly agreed
with the three aims; after the workshop, 16 of 17 had gained an understanding of how to apply QI
to tackle inequity and 18 of 19 would recommend it. The `before` survey agrees less, so
before/after has something to show. Respondents are pseudonymous participants, some of whom
answered two or three surveys so that reports can pair them.
"""

import datetime

from evaluations import demo_programme, services, totals
from evaluations.demo_programme import at, close_as_it_was
from evaluations.models import AboutYouAnswer, Answer, Response, Survey
from workshops.demo import BLMK_SLUG, UPCOMING_SLUG
from workshops.models import Cohort, Participant

# One row per participant of the BLMK cohort: what they said about themselves, or None for the
# few who did not tick to share it. Pharmacists and pharmacy technicians are each 5 or more in
# every survey that asks, so the cohort's own equity view can compare them.
PEOPLE = [
    ("pharmacist", "white", "35-44"),
    ("pharmacist", "asian", "25-34"),
    ("pharmacy-technician", "white", "45-54"),
    ("pharmacist", "black", "35-44"),
    ("pharmacy-technician", "white", "45-54"),
    ("pharmacist", "asian", "35-44"),
    None,
    ("pharmacy-technician", "asian", "25-34"),
    ("pharmacist", "white", "55-64"),
    ("pharmacy-technician", "white", "25-34"),
    ("pharmacist", "mixed", "25-34"),
    ("pharmacy-technician", "prefer-not-to-say", "35-44"),
    ("pharmacist", "black", "45-54"),
    None,
    ("pharmacy-technician", "white", "35-44"),
    ("pharmacist", "asian", "45-54"),
    ("pharmacy-technician", "white", "55-64"),
    ("pharmacist", "white", "25-34"),
    ("pharmacist", "asian", "35-44"),
    ("pharmacy-technician", "black", "25-34"),
    ("pharmacist", "white", "45-54"),
]
ABOUT_YOU = ["role", "ethnic_group", "age_band"]

# Each survey: who answered (0-based rows of PEOPLE), then each item's answers in the same
# order, None where that person left the item blank.
BEFORE = {
    "people": list(range(17)),
    "aim-1": [3, 4, 3, 2, 4, 3, 3, 4, 2, 3, 4, 3, 4, 3, 4, 3, 4],
    "aim-2": [2, 3, 3, 2, 4, 2, 3, 3, 2, 2, 4, 3, 3, 2, 4, 3, 4],
    "aim-3": [2, 2, 3, 1, 3, 2, 2, 3, 2, 2, 4, 2, 3, 2, 3, 2, 4],
}
AFTER_PART_1 = {
    "people": [*range(12), 17, 18, 19],
    "aim-1": [5, 5, 4, 5, 4, 5, 5, 4, 4, 5, 5, 4, 5, 4, 5],
    "aim-2": [4, 5, 4, 4, 4, 5, 4, 4, 5, 4, 5, 4, 4, 4, 5],
    "aim-3": [4, 4, 3, 4, 5, 4, 4, 3, 4, 4, 5, 4, 4, 4, 4],
}
AFTER = {
    "people": [*range(15), 17, 18, 19, 20],
    "aim-1": [5, 5, 5, 5, 4, 5, 5, 4, 5, 5, 5, 4, 5, 5, 4, 5, 5, 4, 5],
    "aim-2": [5, 4, 5, 5, 4, 5, None, 4, 5, 5, 5, 4, 5, 4, 4, 5, 5, 4, 5],
    "aim-3": [5, 4, 4, 5, 4, 5, None, 4, 3, 5, 5, 4, 5, 4, None, 5, 4, 4, 5],
    "recommend": [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    "overall": [5, 5, 4, 5, 4, 5, 5, 4, 3, 5, 5, 4, 5, 5, 4, 5, 5, 4, 5],
    "useful": [5, 4, 4, 5, 4, 5, None, 4, 3, 5, 5, 4, 5, 4, 4, 5, 5, 4, 5],
    "comments": [
        "Amazing achievement to cover so much, so clearly, in only two sessions.",
        None,
        "Far more practical than I expected. I can see how our switching work could narrow gaps "
        "instead of widening them.",
        None,
        "Great facilitators and a good mix of discussion and hands-on exercises.",
        None,
        None,
        "The equality versus equity discussion really stuck with me. Thank you!",
        "Some of it was a bit abstract for my role, but I enjoyed the discussions.",
        None,
        "Useful tools I can take straight back to the team, especially the driver diagram.",
        None,
        None,
        "Would have liked a little more time on measuring change, but very well run.",
        None,
        None,
        "Interactive, friendly and well paced. Good energy in the room.",
        None,
        None,
    ],
}


def load(*, today: datetime.date, out) -> None:
    blmk = Cohort.objects.get(slug=BLMK_SLUG)
    if not blmk.surveys.exists():
        _blmk(blmk)
    running = Cohort.objects.get(slug=UPCOMING_SLUG)
    if not running.surveys.exists():
        services.surveys_create_for_cohort(cohort=running)  # asking "About you", as any new cohort does
        before = running.surveys.get(phase="before")
        services.survey_open(survey=before, now=at(today, 9, 25))
    programme = demo_programme.load()
    counts = ", ".join(f"{s.title}: {s.response_count}" for s in blmk.surveys.with_counts())
    out.write(
        f"Evaluations: {blmk.name} ({counts}); results for {programme} later cohorts of both programmes; "
        f"{running.name}'s “Before the workshop” is open."
    )


def _blmk(cohort: Cohort) -> None:
    services.surveys_create_for_cohort(cohort=cohort)
    part_1, part_2 = (session.date for session in cohort.sessions.order_by("part"))
    people = [Participant.objects.create(cohort=cohort) for _ in PEOPLE]
    plan = [
        (
            "before",
            BEFORE,
            at(part_1 - datetime.timedelta(days=7), 9, 0),
            at(part_1, 9, 45),
            at(part_1, 9, 31),
        ),
        ("after-part-1", AFTER_PART_1, at(part_1, 12, 0), at(part_1, 13, 0), at(part_1, 12, 16)),
        (
            "after",
            AFTER,
            at(part_2, 12, 0),
            at(part_2 + datetime.timedelta(days=7), 17, 0),
            at(part_2, 12, 14),
        ),
    ]
    for phase, answers, opens_at, closes_at, first_at in plan:
        survey = cohort.surveys.get(phase=phase)
        characteristics = ABOUT_YOU if phase != "after-part-1" else []
        close_as_it_was(survey, opens_at=opens_at, closes_at=closes_at, characteristics=characteristics)
        _responses(survey, answers, people, first_at)


def _responses(survey: Survey, answers: dict, people: list[Participant], first_at) -> None:
    items = {item.code: item for item in survey.items.all()}
    for n, index in enumerate(answers["people"]):
        at = first_at + datetime.timedelta(seconds=41 * n)
        response = Response.objects.create(
            survey=survey, participant=people[index], created_at=at, updated_at=at
        )
        for code, values in answers.items():
            if code == "people" or values[n] is None:
                continue
            value = values[n]
            text, number = (value, None) if isinstance(value, str) else ("", value)
            Answer.objects.create(response=response, item=items[code], number=number, text=text)
        if PEOPLE[index] and survey.characteristics:
            for slug, value in zip(ABOUT_YOU, PEOPLE[index], strict=True):
                AboutYouAnswer.objects.create(response=response, characteristic=slug, value=value)
    totals.count_in(Answer.objects.filter(item__survey=survey))
