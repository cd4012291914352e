"""A team member enters a month's data by group on a phone and sees the chart and the gap's badge."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in
from tests.projects.factories import MeasureFactory, ProjectFactory, points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WORST, BEST = "1 (most deprived)", "5 (least deprived)"
DRAWN = re.compile(r"\bchart--drawn\b")


@pytest.fixture
def project(cohort, facilitator):
    project = ProjectFactory(cohort=cohort, title="Switch uptake by deprivation", members=[facilitator])
    measure = MeasureFactory(project=project)
    # Nine months where the most deprived quintile lags 30 points behind the least deprived.
    points(measure, {n: {WORST: (20, 100), "3": (35, 100), BEST: (50, 100)} for n in range(9)})
    return project


def test_a_team_member_enters_octobers_figures_by_group_on_a_phone_and_sees_the_gap_narrow(
    narrow_phone, project, one_request_at_a_time
):
    # Given a team member has signed in on their phone and opened their project
    log_in(narrow_phone, "facilitator")
    narrow_phone.goto(project.get_absolute_url())
    expect(narrow_phone.get_by_text("Gap: no clear change").first).to_be_visible()

    # When they choose to enter a month's data
    narrow_phone.get_by_role("link", name="Enter a month’s data").click()

    # Then the form offers the month after the last one entered, a group to a box, without sideways scrolling
    expect(narrow_phone.get_by_label("Month", exact=True)).to_have_value("2026-10")
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)

    # When they type October's figures for three groups and save
    for group, (switched, eligible) in {
        WORST: ("55", "100"),
        "3": ("57", "100"),
        BEST: ("60", "100"),
    }.items():
        row = narrow_phone.get_by_role("group", name=group)
        row.get_by_label("Patients switched").fill(switched)
        row.get_by_label("Patients eligible").fill(eligible)
    narrow_phone.get_by_role("button", name="Save the month").click()

    # Then the project page says the figures are saved, shows the gap narrowing, and draws the charts
    expect(narrow_phone.get_by_text("The figures for October 2026 are saved.")).to_be_visible()
    expect(narrow_phone.get_by_text("Gap narrowing").first).to_be_visible()
    expect(narrow_phone.get_by_text(re.compile(r"a change of −25 points \(95% CI"))).to_be_visible()
    gap_chart = narrow_phone.locator('[data-chart^="gap-"]')
    expect(gap_chart).to_have_class(DRAWN)
    expect(gap_chart.locator("svg.main-svg").first).to_be_visible()
    expect(narrow_phone.get_by_role("cell", name="55% (55 of 100)")).to_be_visible()
    assert_accessible(narrow_phone)
