"""The cohort and programme reports count the QI projects and their gap badges."""

import pytest
from django.urls import reverse

from tests.projects.conftest import narrowing
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_cohort_report_counts_its_projects_and_their_badges(lead_client, cohort, projects):
    page = lead_client.get(reverse("reports:cohort_report", args=[cohort.slug])).content.decode()
    assert (
        "1 project idea became 2 QI projects (counting those started from scratch); 1 is narrowing a gap"
        in page
    )
    assert "1 narrowing</span>" in page and "1 not enough data</span>" in page and "0 widening</span>" in page


def test_the_cohort_report_says_when_no_idea_became_a_project(lead_client, cohort):
    page = lead_client.get(reverse("reports:cohort_report", args=[cohort.slug])).content.decode()
    assert "No QI project has been started from this cohort’s project ideas yet." in page


def test_the_programme_report_counts_ideas_that_became_projects_and_those_narrowing(lead_client, projects):
    page = lead_client.get(reverse("reports:programme_report")).content.decode()
    assert "1 project idea became 3 QI projects" in page and "1 is narrowing a gap" in page


@pytest.mark.parametrize("how_many", [1, 20])
def test_the_report_tally_costs_one_query_however_many_projects(how_many, cohort, django_assert_num_queries):
    from reports.cohort import project_tally

    for _ in range(how_many):
        narrowing(ProjectFactory(cohort=cohort))
    with django_assert_num_queries(1):
        tally = project_tally(cohort)
    assert tally.projects == how_many and tally.measures_narrowing == how_many
