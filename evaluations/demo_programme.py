"""Demo results for the programme's later cohorts (workshops.demo.PROGRAMME), made up but plausible.

Each cohort gets its default surveys, closed, with responses from a random generator seeded by the
cohort's slug: loading the demo twice, or on another machine, makes the same rows. The story the
numbers tell: as the workshop spread in 2023 and early 2024 to teams new to QI (community
pharmacy, care homes, hospital and mental health pharmacy), fewer said they had gained an
understanding of how to apply QI to tackle inequity than in the first BLMK cohort; from September
2024, when the second session was rebuilt around each team's own data, the share rose and stayed
up. Pharmacy technicians and support staff start less confident than pharmacists, and the gap
narrows by the end. About three in four respondents tell us about themselves, so the equity view
has real groups, some of them too small to show.
"""

import datetime
import math
import random
from collections.abc import Sequence

from django.utils import timezone

from evaluations import services, totals
from evaluations.models import AboutYouAnswer, Answer, Response, Survey
from workshops.demo import PROGRAMME, SECOND_PROGRAMME_COHORTS
from workshops.models import Cohort, Participant

ABOUT_YOU = ["role", "ethnic_group", "age_band", "disability"]
SHARES_ABOUT_THEMSELVES = 0.75

# Who is in the room, by kind of team: role → weight. Most teams are pharmacists and pharmacy
# technicians in numbers that show in each cohort's own equity view, so the pooled view (which
# adds up only what each cohort shows, docs/adr/0029) has both groups to compare; the ICB's team
# is more mixed, so its smaller groups stay hidden.
TEAMS = {
    "gp": {"pharmacist": 14, "pharmacy-technician": 6},
    "community": {"pharmacist": 10, "pharmacy-technician": 10},
    "care-homes": {"pharmacist": 9, "pharmacy-technician": 9},
    "hospital": {"pharmacist": 11, "pharmacy-technician": 9},
    "mental-health": {"pharmacist": 10, "pharmacy-technician": 8},
    "icb": {
        "pharmacist": 8,
        "pharmacy-technician": 5,
        "manager-or-commissioner": 3,
        "administrative-or-clerical": 2,
        "analyst": 2,
    },
}
ETHNIC_GROUPS = {"white": 50, "asian": 30, "black": 12, "mixed": 4, "other": 2, "prefer-not-to-say": 2}
AGE_BANDS = {"under-25": 4, "25-34": 30, "35-44": 30, "45-54": 22, "55-64": 12, "65-or-over": 2}
DISABILITY = {"no": 85, "yes": 10, "prefer-not-to-say": 5}
# How much more (or less) confident each role starts than a pharmacist; the workshop narrows it.
ROLE_OFFSET = {
    "pharmacist": 0.5,
    "doctor": 0.4,
    "manager-or-commissioner": 0.4,
    "analyst": 0.3,
    "nurse-or-midwife": 0.0,
    "pharmacy-technician": -1.1,
    "administrative-or-clerical": -0.9,
    "other": -0.9,
}
OFFSET_KEPT_AFTER = 0.25

# Per cohort: its kind of team, how many answered each survey (before, after part 1, after), and
# the share positive after the workshop for aim-1, aim-2, aim-3 (gained an understanding of how to
# apply QI to tackle inequity), recommend, overall and useful.
RESULTS = {
    "luton-gp-practice-pharmacists-2023": ("gp", (17, 16, 18), (0.95, 0.9, 0.78, 0.9, 0.85, 0.8)),
    "bedford-community-pharmacy-2023": ("community", (16, 14, 17), (0.9, 0.85, 0.75, 0.88, 0.8, 0.78)),
    "care-home-medicines-team-2023": ("care-homes", (15, 15, 17), (0.95, 0.88, 0.77, 0.94, 0.86, 0.84)),
    "luton-dunstable-hospital-pharmacy-2023": ("hospital", (19, 17, 20), (1.0, 0.9, 0.8, 0.93, 0.88, 0.82)),
    "mkuh-pharmacy-2024": ("hospital", (18, 16, 19), (0.95, 0.9, 0.79, 0.9, 0.85, 0.8)),
    "mental-health-pharmacy-2024": ("mental-health", (15, 13, 16), (0.93, 0.87, 0.82, 0.92, 0.87, 0.86)),
    "central-bedfordshire-gp-pharmacists-2024": ("gp", (18, 17, 19), (1.0, 0.95, 0.9, 0.97, 0.92, 0.9)),
    "milton-keynes-community-pharmacy-2024": ("community", (16, 15, 17), (0.95, 0.92, 0.88, 0.94, 0.9, 0.9)),
    "bedford-hospital-pharmacy-2025": ("hospital", (20, 18, 21), (1.0, 0.95, 0.91, 0.95, 0.9, 0.92)),
    "milton-keynes-community-health-pharmacy-2025": (
        "mental-health",
        (16, 15, 18),
        (0.95, 0.93, 0.89, 0.95, 0.9, 0.88),
    ),
    "luton-community-pharmacy-2025": ("community", (17, 15, 18), (0.95, 0.9, 0.9, 0.96, 0.92, 0.9)),
    "blmk-medicines-optimisation-2026": ("icb", (18, 17, 20), (1.0, 0.95, 0.9, 0.95, 0.93, 0.92)),
    # The second programme's (workshops.demo.SECOND_PROGRAMME_COHORTS).
    "watford-hospital-pharmacy-2024": ("hospital", (17, 15, 18), (0.94, 0.88, 0.8, 0.9, 0.86, 0.82)),
    "harlow-community-pharmacy-2024": ("community", (15, 14, 16), (0.9, 0.86, 0.78, 0.88, 0.84, 0.8)),
    "stevenage-gp-pharmacists-2025": ("gp", (16, 15, 17), (0.96, 0.92, 0.86, 0.94, 0.9, 0.88)),
}
AFTER_CODES = ("aim-1", "aim-2", "aim-3", "recommend", "overall", "useful")
# The aims' share positive before the workshop and after part 1, as a fraction of the share after it.
EARLIER = {
    "before": {"aim-1": 0.45, "aim-2": 0.3, "aim-3": 0.15},
    "after-part-1": {"aim-1": 0.97, "aim-2": 0.95, "aim-3": 0.9},
}

COMMENTS = [
    "Really practical. I will use the driver diagram with my team next month.",
    "I had never thought about who is missing from our data. Eye-opening.",
    "Good pace and friendly facilitators.",
    "More examples from community pharmacy would help.",
    "The session on run charts was the most useful part for me.",
    "A bit rushed at the end of part 2.",
    "Loved the equality versus equity picture; it made it click.",
    "I would like a follow-up session in three months to share progress.",
    "Hard to take time out of the dispensary, but worth it.",
    "Clear, well organised, and relevant to my day job.",
    "Using our own practice data made it real.",
    "Some of the QI language was new to me; a glossary would help.",
    "Great to mix with colleagues from other teams.",
    "Too much time on theory in part 1 for my liking.",
    "The PDSA exercise was excellent.",
    "I now understand why our uptake figures hide the people we miss.",
    "Would have liked more on how to measure an equity gap.",
    "Brilliant. Every new starter should do this.",
]
# One comment names a colleague, so the demo's facilitator has hidden it from the report.
NAMING_COMMENT = (
    "luton-community-pharmacy-2025",
    "Thanks to Jo Bennett at the Marsh Farm pharmacy for pushing us all to come; she was right.",
)


def load() -> int:
    """Results for every later cohort (of both programmes) that has none yet; how many have results."""
    later = [*PROGRAMME, *SECOND_PROGRAMME_COHORTS]
    for slug, *_ in later:
        cohort = Cohort.objects.get(slug=slug)
        if not cohort.surveys.exists():
            _fill(cohort, *RESULTS[slug])
    return len(later)


def at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time on a date, made aware (London)."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def close_as_it_was(survey: Survey, *, opens_at, closes_at, characteristics: list[str]) -> None:
    """A demo survey as it stood after its session: closed, with the window it was open in."""
    survey.status = Survey.Status.CLOSED
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.characteristics = characteristics
    survey.full_clean()
    survey.save()


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fill(cohort: Cohort, team: str, answered: Sequence[int], after_rates: Sequence[float]) -> None:
    rng = random.Random(f"qiequity-demo-{cohort.slug}")  # noqa: S311 (made-up data, seeded on purpose)
    services.surveys_create_for_cohort(cohort=cohort)
    part_1, part_2 = (session.date for session in cohort.sessions.order_by("part"))
    people = []
    for n in range(cohort.expected_participants):
        role = _pick(rng, TEAMS[team])
        about = None
        if rng.random() < SHARES_ABOUT_THEMSELVES:
            about = {
                "role": role,
                "ethnic_group": _pick(rng, ETHNIC_GROUPS),
                "age_band": _pick(rng, AGE_BANDS),
                "disability": _pick(rng, DISABILITY),
            }
        participant = Participant.objects.create(cohort=cohort, key=f"demo-{cohort.join_code}-p{n:02}")
        people.append((participant, role, about, rng.gauss(0, 0.6)))
    rates = dict(zip(AFTER_CODES, after_rates, strict=True))
    plan = [
        # phase, respondents, opens, closes, first response
        (
            "before",
            answered[0],
            at(part_1 - datetime.timedelta(days=7), 9),
            at(part_1, 9, 45),
            at(part_1, 9, 2),
        ),
        ("after-part-1", answered[1], at(part_1, 12), at(part_1, 13), at(part_1, 12, 16)),
        (
            "after",
            answered[2],
            at(part_2, 12),
            at(part_2 + datetime.timedelta(days=7), 17),
            at(part_2, 12, 14),
        ),
    ]
    for phase, count, opens_at, closes_at, first_at in plan:
        survey = cohort.surveys.get(phase=phase)
        characteristics = ABOUT_YOU if phase != "after-part-1" else []
        close_as_it_was(survey, opens_at=opens_at, closes_at=closes_at, characteristics=characteristics)
        if phase in EARLIER:
            targets = {code: rates[code] * factor for code, factor in EARLIER[phase].items()}
        else:
            targets = rates
        _responses(rng, survey, rng.sample(people, count), targets, first_at=first_at)


def _responses(
    rng: random.Random, survey: Survey, respondents, targets: dict[str, float], *, first_at
) -> None:
    items = {item.code: item for item in survey.items.all()}
    responses = []
    for n, (participant, _, about, _) in enumerate(respondents):
        at = first_at + datetime.timedelta(seconds=37 * n + rng.randint(0, 30))
        responses.append(
            Response.objects.create(survey=survey, participant=participant, created_at=at, updated_at=at)
        )
        if about and survey.characteristics:
            AboutYouAnswer.objects.bulk_create(
                AboutYouAnswer(response=responses[-1], characteristic=slug, value=about[slug])
                for slug in survey.characteristics
            )
    after = survey.phase == "after"
    answers = []
    for code, rate in targets.items():
        item = items[code]
        # A few leave a question blank; of those who answer, the most confident are the positive ones.
        answering = [(r, p) for r, p in zip(responses, respondents, strict=True) if rng.random() > 0.06]
        positive = math.floor(rate * len(answering) + 0.5)
        kept = 1.0 if survey.phase == "before" else OFFSET_KEPT_AFTER
        scored = sorted(
            answering, key=lambda pair: -(pair[1][3] + kept * ROLE_OFFSET[pair[1][1]] + rng.gauss(0, 0.5))
        )
        for rank, (response, _) in enumerate(scored):
            answers.append(
                Answer(response=response, item=item, number=_value(rng, item.kind, rank < positive, after))
            )
    if after:
        comments = rng.sample(COMMENTS, rng.randint(3, 6))
        if survey.cohort.slug == NAMING_COMMENT[0]:
            comments.append(NAMING_COMMENT[1])
        for response, text in zip(rng.sample(responses, len(comments)), comments, strict=True):
            answers.append(Answer(response=response, item=items["comments"], text=text))
    Answer.objects.bulk_create(answers)
    totals.count_in(Answer.objects.filter(item__survey=survey))
    if after and survey.cohort.slug == NAMING_COMMENT[0]:
        named = survey.cohort.facilitators.first()
        comment = Answer.objects.get(item=items["comments"], text=NAMING_COMMENT[1])
        services.comment_hide(answer=comment, user=named, now=survey.closes_at + datetime.timedelta(days=1))


def _value(rng: random.Random, kind: str, positive: bool, after: bool) -> int:
    if kind == "yes_no":
        return 1 if positive else 0
    if positive:
        return 5 if rng.random() < (0.5 if after else 0.2) else 4
    return 3 if rng.random() < 0.65 else (2 if rng.random() < 0.85 else 1)
