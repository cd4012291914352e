"""The demo's QI projects: one narrowing its gap, one where overall improvement widened it."""

import pytest
from django.core.management import call_command

from projects.models import DataPoint, Measure, Project
from reports.statistics import SUPPRESSED_LABEL

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, frozen_now):
    settings.DEBUG = True
    call_command("load_demo")


def test_two_of_the_blmk_project_ideas_became_projects_with_a_year_of_monthly_data(demo):
    projects = {project.title: project for project in Project.objects.all()}
    assert set(projects) == {
        "Structured medication reviews for the most deprived quintile",
        "New Medicine Service uptake by ethnic group",
    }
    for project in projects.values():
        assert project.cohort.slug == "blmk-medicines-optimisation-2022"
        idea = project.commitments.get()
        assert idea.kind == "project_idea" and idea.qi_project_started
        periods = DataPoint.objects.filter(measure__project=project).dates("period", "month")
        assert len(periods) == 12 and list(periods)[-1].isoformat() == "2026-10-01"
        assert project.change_ideas.get().cycles.count() == 2


def test_one_narrows_its_gap_and_in_the_other_everyone_improved_but_the_gap_widened(demo, lead_client):
    reviews = Measure.objects.get(name="Structured medication reviews")
    uptake = Measure.objects.get(name="New Medicine Service uptake")
    assert (reviews.gap_trend, reviews.best_got_worse) == ("narrowing", False)
    assert uptake.gap_trend == "widening"
    page = lead_client.get(uptake.project.get_absolute_url()).content.decode()
    assert "Gap widening" in page and SUPPRESSED_LABEL in page


def test_loading_the_demo_twice_adds_no_projects(demo):
    before = (Project.objects.count(), DataPoint.objects.count())
    call_command("load_demo")
    assert (Project.objects.count(), DataPoint.objects.count()) == before
