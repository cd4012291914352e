"""The demo's QI projects: two of the BLMK cohort's project ideas, with a year of monthly data by group.

The data come from a random generator seeded with the project's name, so every load is the same
(docs/adr/0016). One project narrows its gap; in the other, everyone improves but the gap widens:
the case the seeds warn about ("there are three possible effects of any QI project on the gap").
"""

import datetime
import random

from django.contrib.auth import get_user_model

from commitments.models import Commitment
from projects import services
from projects.models import (
    ChangeIdea,
    DataPoint,
    EquityQuestion,
    Measure,
    PDSACycle,
    Stage,
    StageAnswer,
    next_month,
)
from workshops.models import Cohort

BLMK_SLUG = "blmk-medicines-optimisation-2022"
MONTHS = 12

PROJECTS = [
    {
        "idea": "Audit who is missing out on a structured medication review",
        "title": "Structured medication reviews for the most deprived quintile",
        "aim": "Raise the share of eligible patients in the most deprived quintile who have a structured "
        "medication review from about 22% to 45% within a year, closing most of the gap with the least "
        "deprived.",
        "population": "Patients eligible for a structured medication review in our primary care networks",
        "grouping": "imd_quintile",
        "sponsor": "Head of Medicines Optimisation, BLMK ICB",
        "stage": "implementing",
        "measure": ("Structured medication reviews", "patients reviewed", "patients eligible"),
        # group: (share in the first month, share in the last, patients a month)
        "groups": {
            "1 (most deprived)": (0.22, 0.46, (260, 320)),
            "2": (0.30, 0.48, (240, 300)),
            "3": (0.37, 0.50, (220, 280)),
            "4": (0.43, 0.51, (200, 260)),
            "5 (least deprived)": (0.48, 0.52, (180, 240)),
        },
        "idea_title": "Pharmacist calls to patients in the most deprived quintile, in their language",
        "cycles": [
            (2, "Calls from one PCN's pharmacists will book 20 reviews a week in quintile 1", "adapt"),
            (5, "With interpreters on the call, bookings in quintile 1 will double", "adopt"),
        ],
        "answers": {
            "Which groups does this problem affect most?": "Patients in the most deprived quintile, most of "
            "them in Luton, were half as likely to have had a review.",
            "Could this change widen the gap?": "An online booking link alone would have: it was used "
            "mostly in quintile 5. We call instead.",
        },
    },
    {
        "idea": "Look at uptake of the New Medicine Service by ethnicity",
        "title": "New Medicine Service uptake by ethnic group",
        "aim": "Raise uptake of the New Medicine Service in our community pharmacies from 37% to 55% by "
        "the end of the year, for every ethnic group.",
        "population": "Patients starting a new medicine eligible for the NMS in our community pharmacies",
        "grouping": "ethnic_group",
        "sponsor": "Community Pharmacy Clinical Lead, BLMK",
        "stage": "testing",
        "measure": ("New Medicine Service uptake", "patients who took up the NMS", "patients eligible"),
        "groups": {
            "Asian or Asian British": (0.36, 0.47, (90, 130)),
            "Black, Black British, Caribbean or African": (0.35, 0.39, (60, 90)),
            "Mixed or multiple ethnic groups": (0.37, 0.50, (30, 50)),
            "White": (0.40, 0.69, (380, 460)),
            "Other ethnic group": (0.36, 0.45, (1, 4)),
        },
        "idea_title": "An app reminder to book the NMS follow-up call",
        "cycles": [
            (3, "App reminders will raise uptake by 10 points in every group", "adopt"),
            (
                7,
                "Adding a reminder in the app's other languages will lift Black and Asian patients' uptake",
                "",
            ),
        ],
        "answers": {
            "Could this change widen the gap?": "It did: uptake rose most for White patients, who use the "
            "app most. Our next cycle tests phone calls and community champions.",
            "Whose voice is missing from the team?": "Patients from Black communities, and the community "
            "pharmacists in the areas with the lowest uptake.",
        },
    },
]


def load(*, today: datetime.date, out) -> None:
    blmk = Cohort.objects.filter(slug=BLMK_SLUG).first()
    lead = get_user_model().objects.filter(username="lead").first()
    facilitator = get_user_model().objects.filter(username="facilitator").first()
    if blmk is None or lead is None:
        return
    first = _months_back(today, MONTHS)
    for spec in PROJECTS:
        commitment = blmk.commitments.filter(
            kind=Commitment.Kind.PROJECT_IDEA, text__startswith=spec["idea"]
        ).first()
        if commitment is None or commitment.projects.exists():
            continue
        project, _ = services.project_start_from_commitment(commitment=commitment, user=lead)
        services.project_update(
            project=project,
            members=[m for m in (lead, facilitator) if m],
            title=spec["title"],
            aim=spec["aim"],
            population=spec["population"],
            grouping=spec["grouping"],
            sponsor=spec["sponsor"],
            stage=Stage.objects.get(slug=spec["stage"]),
        )
        name, numerator, denominator = spec["measure"]
        measure = Measure.objects.create(
            project=project, name=name, numerator_label=numerator, denominator_label=denominator
        )
        DataPoint.objects.bulk_create(_points(measure, spec, first))
        services.measure_refresh_trend(measure=measure)
        idea = ChangeIdea.objects.create(project=project, title=spec["idea_title"])
        for month, plan, act in spec["cycles"]:
            PDSACycle.objects.create(
                change_idea=idea,
                started_on=_add_months(first, month) + datetime.timedelta(days=9),
                plan=plan,
                act=act,
            )
        for text, answer in spec["answers"].items():
            question = EquityQuestion.objects.filter(text=text).first()
            if question is not None:
                StageAnswer.objects.create(project=project, question=question, answer=answer)
        out.write(f"QI project: {project.title} ({measure.get_gap_trend_display().lower()})\n")


def _points(measure, spec, first: datetime.date) -> list[DataPoint]:
    rng = random.Random(f"qiequity-demo-project-{spec['title']}")  # noqa: S311 (made-up data, seeded)
    rows = []
    for month in range(MONTHS):
        period = _add_months(first, month)
        for group, (start, end, (low, high)) in spec["groups"].items():
            share = start + (end - start) * month / (MONTHS - 1)
            eligible = rng.randint(low, high)
            reviewed = sum(rng.random() < share for _ in range(eligible))
            rows.append(
                DataPoint(
                    measure=measure, period=period, group=group, numerator=reviewed, denominator=eligible
                )
            )
    return rows


def _add_months(day: datetime.date, months: int) -> datetime.date:
    for _ in range(months):
        day = next_month(day)
    return day


def _months_back(today: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` months before this one: a year ending last month."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)
