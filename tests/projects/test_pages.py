"""A QI project from a project idea, its measure's monthly data by group, and its page."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Commitment
from projects.models import ChangeIdea, DataPoint, Measure, PDSACycle, Project
from reports.statistics import SUPPRESSED_LABEL
from tests.commitments.factories import CommitmentFactory
from tests.projects.factories import MeasureFactory, ProjectFactory, month, points

pytestmark = pytest.mark.django_db

WORST, BEST = "1 (most deprived)", "5 (least deprived)"


@pytest.fixture
def idea(cohort):
    return CommitmentFactory(
        cohort=cohort,
        kind=Commitment.Kind.PROJECT_IDEA,
        text="Find out why fewer patients in the most deprived areas of Luton take up the switch",
    )


def month_post(period: str, figures: dict[int, tuple[str, str]]) -> dict:
    data = {"period": period}
    for index in range(5):
        numerator, denominator = figures.get(index, ("", ""))
        data |= {f"g{index}_numerator": numerator, f"g{index}_denominator": denominator}
    return data


# Starting a project ---------------------------------------------------------------------------


def test_a_project_ideas_follow_up_page_offers_to_start_a_project(lead_client, idea):
    page = lead_client.get(idea.get_absolute_url()).content.decode()
    assert "Start a QI project from this idea" in page
    assert reverse("projects:project_from_commitment", args=[idea.pk]) in page


def test_an_action_has_no_project_button(lead_client, cohort):
    action = CommitmentFactory(cohort=cohort)
    assert "Start a QI project" not in lead_client.get(action.get_absolute_url()).content.decode()


def test_one_click_makes_a_project_from_the_ideas_words_team_and_cohort(lead_client, lead, idea, cohort):
    response = lead_client.post(reverse("projects:project_from_commitment", args=[idea.pk]))
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == reverse("projects:project_edit", args=[project.pk])
    assert project.title == idea.text and project.cohort == cohort and project.team == cohort.name
    assert list(project.commitments.all()) == [idea] and list(project.members.all()) == [lead]
    assert project.stage.slug == "understanding"
    idea.refresh_from_db()
    assert idea.qi_project_started
    assert project.title in lead_client.get(idea.get_absolute_url()).content.decode()


def test_a_second_click_finds_the_same_project(lead_client, facilitator_client, idea):
    lead_client.post(reverse("projects:project_from_commitment", args=[idea.pk]))
    response = facilitator_client.post(reverse("projects:project_from_commitment", args=[idea.pk]))
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()


def test_an_action_cannot_become_a_project(lead_client, cohort):
    action = CommitmentFactory(cohort=cohort)
    assert lead_client.post(reverse("projects:project_from_commitment", args=[action.pk])).status_code == 404
    assert not Project.objects.exists()


def test_a_facilitator_of_another_cohort_cannot_start_its_project(other_facilitator_client, idea):
    response = other_facilitator_client.post(reverse("projects:project_from_commitment", args=[idea.pk]))
    assert response.status_code == 404 and not Project.objects.exists()


def test_a_project_is_started_from_scratch_with_custom_groups(
    facilitator_client, facilitator, other_facilitator
):
    data = {
        "title": "Housebound patients' reviews",
        "grouping": "custom",
        "custom_grouping": "Housebound",
        "custom_groups": "Housebound\nNot housebound\n\nHousebound",
        "stage": "1",
        "members": [str(other_facilitator.pk)],
    }
    response = facilitator_client.post(reverse("projects:project_create"), data)
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.groups == ("Housebound", "Not housebound")
    assert set(project.members.all()) == {facilitator, other_facilitator}
    assert project.created_by == facilitator and project.cohort is None


def test_custom_groups_need_a_name_and_two_groups(facilitator_client):
    data = {"title": "A project", "grouping": "custom", "custom_groups": "Only one", "stage": "1"}
    page = facilitator_client.post(reverse("projects:project_create"), data).content.decode()
    assert "Name the characteristic the groups are of" in page and "List at least two groups" in page
    assert not Project.objects.exists()


def test_a_project_started_from_scratch_is_seen_by_its_members_not_by_other_facilitators(
    client, facilitator, other_facilitator
):
    project = ProjectFactory(members=[other_facilitator])
    client.force_login(other_facilitator)
    assert client.get(project.get_absolute_url()).status_code == 200
    client.force_login(facilitator)
    assert client.get(project.get_absolute_url()).status_code == 404


# A measure and its monthly data ---------------------------------------------------------------


def test_a_measure_is_added_and_then_its_first_month_is_asked_for(facilitator_client, cohort):
    project = ProjectFactory(cohort=cohort)
    data = {
        "name": "Uptake of the switch",
        "kind": "proportion",
        "numerator_label": "patients switched",
        "denominator_label": "patients eligible",
        "higher_is_better": "on",
        "baseline_start": "2026-01",
        "baseline_end": "2026-03",
    }
    response = facilitator_client.post(reverse("projects:measure_create", args=[project.pk]), data)
    measure = Measure.objects.get()
    assert response.url == reverse("projects:measure_data", args=[project.pk, measure.pk])
    assert measure.baseline_start == datetime.date(2026, 1, 1) and measure.baseline_end == datetime.date(
        2026, 3, 1
    )


def test_a_months_figures_by_group_are_stored_and_the_badge_follows(facilitator_client, cohort, frozen_now):
    measure = MeasureFactory(project=ProjectFactory(cohort=cohort))
    url = reverse("projects:measure_data", args=[measure.project.pk, measure.pk])
    page = facilitator_client.get(url).content.decode()
    assert 'value="2026-10"' in page  # last month, as nothing is entered yet
    facilitator_client.post(url, month_post("2026-09", {0: ("20", "100"), 4: ("50", "100")}))
    response = facilitator_client.post(url, month_post("2026-10", {0: ("55", "100"), 4: ("60", "100")}))
    assert response.url == measure.get_absolute_url()
    stored = {(p.period.month, p.group): (p.numerator, p.denominator) for p in DataPoint.objects.all()}
    assert stored == {
        (9, WORST): (20, 100),
        (9, BEST): (50, 100),
        (10, WORST): (55, 100),
        (10, BEST): (60, 100),
    }
    measure.refresh_from_db()
    assert measure.gap_trend == "narrowing"
    page = facilitator_client.get(measure.project.get_absolute_url()).content.decode()
    assert (
        "Gap narrowing" in page and "30 (" in page and "change of −25 points (95% CI −42.9 to −6.3)" in page
    )


def test_a_month_is_corrected_and_an_emptied_group_is_removed(facilitator_client, cohort):
    measure = MeasureFactory(project=ProjectFactory(cohort=cohort))
    points(measure, {8: {WORST: (20, 100), BEST: (50, 100)}})
    url = reverse("projects:measure_data", args=[measure.project.pk, measure.pk])
    page = facilitator_client.get(url, {"month": "2026-09"}).content.decode()
    assert 'value="2026-09"' in page and 'value="20"' in page
    facilitator_client.post(url, month_post("2026-09", {0: ("25", "100")}))
    assert list(DataPoint.objects.values_list("group", "numerator")) == [(WORST, 25)]


def test_more_switched_than_eligible_is_refused_and_nothing_is_stored(facilitator_client, cohort):
    measure = MeasureFactory(project=ProjectFactory(cohort=cohort))
    url = reverse("projects:measure_data", args=[measure.project.pk, measure.pk])
    page = facilitator_client.post(
        url, month_post("2026-10", {0: ("120", "100"), 1: ("5", "")})
    ).content.decode()
    assert "1 (most deprived): 120 cannot be more than 100, the patients eligible" in page
    assert "Enter 2’s patients eligible" in page
    assert page.count("There is a problem") == 1
    assert not DataPoint.objects.exists()


def test_an_empty_month_is_refused(facilitator_client, cohort):
    measure = MeasureFactory(project=ProjectFactory(cohort=cohort))
    url = reverse("projects:measure_data", args=[measure.project.pk, measure.pk])
    page = facilitator_client.post(url, month_post("2026-10", {})).content.decode()
    assert "Enter the figures of at least one group" in page


def test_the_project_page_shows_each_groups_run_chart_and_hides_small_numbers(lead_client, cohort):
    measure = MeasureFactory(project=ProjectFactory(cohort=cohort))
    points(
        measure, {n: {WORST: (20 + n, 100), "2": (3, 4), "3": (40, 100), BEST: (50, 100)} for n in range(12)}
    )
    page = lead_client.get(measure.project.get_absolute_url()).content.decode()
    # "2" is small, so "1" (the next smallest, first by name) is hidden too; "4" has no data
    assert page.count('data-chart="chart-') == 2
    assert page.count("No month of this group can be shown") == 3
    assert f'data-chart="gap-{measure.pk}"' in page
    assert SUPPRESSED_LABEL in page and "fewer than 5 people in a month" in page
    assert "Jan 2026" in page and "Dec 2026" in page


# Query budgets ---------------------------------------------------------------------------------


def _portfolio(how_many: int, cohort, lead):
    for _ in range(how_many):
        project = ProjectFactory(cohort=cohort, members=[lead])
        project.commitments.add(CommitmentFactory(cohort=cohort, kind=Commitment.Kind.PROJECT_IDEA))
        measure = MeasureFactory(project=project)
        points(measure, {m: {WORST: (20 + m, 100), BEST: (50, 100)} for m in range(3)})
        idea = ChangeIdea.objects.create(project=project, title="Text reminders in community languages")
        PDSACycle.objects.create(change_idea=idea, started_on=month(1), plan="Uptake rises in quintile 1")
    return project


@pytest.mark.parametrize("how_many", [5, 200])
def test_the_project_pages_count_in_a_fixed_number_of_queries(
    how_many, lead_client, lead, cohort, django_assert_num_queries
):
    last = _portfolio(how_many, cohort, lead)
    # session, user, groups; the filters' organisations, cohorts and stages; the projects, their
    # measures and their project ideas
    with django_assert_num_queries(9):
        page = lead_client.get(reverse("projects:project_list"))
    assert page.content.decode().count("Gap: not enough data") == how_many
    # session, user, groups; the project; measures, points; ideas, cycles; answers, questions;
    # commitments, members
    with django_assert_num_queries(12):
        lead_client.get(last.get_absolute_url())
