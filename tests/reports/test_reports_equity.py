"""The equity view classes the change of the gap between groups, and says when it closed the wrong way."""

import pytest
from django.urls import reverse

from evaluations import services
from reports.cohort import cohort_report
from reports.programme import programme_report
from reports.statistics import GapTrend
from tests.evaluations.factories import respond_many
from workshops.demo import BLMK_SLUG
from workshops.models import Cohort, Workshop

pytestmark = pytest.mark.django_db


def answers(survey, role: str, agreed: int, of: int):
    """`of` people of this role answer aim-1, `agreed` of them agreeing."""
    respond_many(survey, agreed, {"aim-1": 4}, about={"role": role})
    respond_many(survey, of - agreed, {"aim-1": 2}, about={"role": role})


def equity_section(client, cohort) -> str:
    body = client.get(reverse("reports:cohort_report", args=[cohort.slug])).content.decode()
    return body[body.index('id="equity"') :]


def aim_1_step(client, cohort) -> str:
    section = equity_section(client, cohort)
    start = section.index("Understand what inequality and equity are: positive answers")
    return section[
        section.index('<p class="gap-change">', start) : section.index(
            "</p>", section.index('<p class="gap-change">', start)
        )
    ]


def test_a_gap_that_closes_because_the_worst_group_caught_up_is_narrowing(lead_client, cohort, before, after):
    answers(before, "pharmacist", 20, 20)
    answers(before, "pharmacy-technician", 2, 20)
    answers(after, "pharmacist", 20, 20)
    answers(after, "pharmacy-technician", 19, 20)
    step = aim_1_step(lead_client, cohort)
    assert 'trend-tag--narrowing">Narrowing</span>' in step
    assert "the gap went from 90 to 5 points" in step
    assert "best group got worse" not in step


def test_a_gap_that_opens_up_is_widening(lead_client, cohort, before, after):
    answers(before, "pharmacist", 19, 20)
    answers(before, "pharmacy-technician", 18, 20)
    answers(after, "pharmacist", 20, 20)
    answers(after, "pharmacy-technician", 3, 20)
    step = aim_1_step(lead_client, cohort)
    assert 'trend-tag--widening">Widening</span>' in step
    assert "the gap went from 5 to 85 points" in step


def test_a_small_change_in_small_groups_is_no_clear_change(lead_client, cohort, before, after):
    answers(before, "pharmacist", 6, 10)
    answers(before, "pharmacy-technician", 4, 10)
    answers(after, "pharmacist", 7, 10)
    answers(after, "pharmacy-technician", 4, 10)
    step = aim_1_step(lead_client, cohort)
    assert 'trend-tag--no-clear-change">No clear change</span>' in step
    assert "the gap went from 20 to 30 points" in step


def test_a_gap_that_closes_because_the_best_group_fell_is_flagged(lead_client, cohort, before, after):
    answers(before, "pharmacist", 20, 20)
    answers(before, "pharmacy-technician", 0, 20)
    answers(after, "pharmacist", 10, 20)
    answers(after, "pharmacy-technician", 9, 20)
    step = aim_1_step(lead_client, cohort)
    assert 'trend-tag--narrowing">Narrowing</span>' in step
    assert "narrowed because the best group got worse: Pharmacist fell from 100% to 50%" in step


def test_the_programme_pools_the_cohorts_before_it_classes_the_gap(cohort, before, after):
    """Each of two cohorts alone shows no clear change; together they show the gap narrowing."""
    other = Cohort.objects.create(
        workshop=cohort.workshop, programme=cohort.programme, name="Bedford Pharmacy", slug="bedford"
    )
    for one in (cohort, other):
        earlier = before if one == cohort else services.survey_add(cohort=one, phase="before")
        later = after if one == cohort else services.survey_add(cohort=one, phase="after")
        answers(earlier, "pharmacist", 8, 10)
        answers(earlier, "pharmacy-technician", 3, 10)
        answers(later, "pharmacist", 9, 10)
        answers(later, "pharmacy-technician", 8, 10)
        alone = cohort_report(one).equity.items[0].steps[0].change
        assert alone.trend is GapTrend.NO_CLEAR_CHANGE
    pooled = programme_report(cohort.workshop, Cohort.objects.all(), characteristic="role")
    change = pooled.equity.items[0].steps[0].change
    assert change.trend is GapTrend.NARROWING
    assert (change.earlier.points, change.later.points) == (50, 10)


# The demo ------------------------------------------------------------------------------------


def test_the_blmk_cohorts_own_report_compares_pharmacists_and_technicians(programme_demo):
    blmk = Cohort.objects.get(slug=BLMK_SLUG)
    equity = cohort_report(blmk, characteristic="role").equity
    aim_1 = next(item for item in equity.items if item.code == "aim-1")
    for column in aim_1.columns:  # before and after the workshop
        assert {column.gap.best.group, column.gap.worst.group} == {"Pharmacist", "Pharmacy technician"}


def test_the_programmes_pooled_equity_view_classes_a_change_of_the_gap(programme_demo, lead):
    workshop, cohorts = Workshop.objects.get(), Cohort.objects.for_user(lead)
    compared = []
    for characteristic in ("role", "ethnic_group", "age_band", "disability"):
        equity = programme_report(workshop, cohorts, characteristic=characteristic).equity
        if any(column.gap.points is not None for item in equity.items for column in item.columns):
            compared.append(characteristic)
    assert compared == ["role", "ethnic_group", "age_band"]
    role = programme_report(workshop, cohorts, characteristic="role").equity
    aim_1 = next(item for item in role.items if item.code == "aim-1")
    (step,) = aim_1.steps
    assert step.change.trend is GapTrend.NARROWING
    assert step.change.text.startswith("Narrowing: the gap went from 39.2 to 4.2 points")
