"""A lead reads the programme and a cohort's report on a laptop; a facilitator hides a comment."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluations.models import Answer
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLMK = "BLMK Medicines Optimisation, Nov–Dec 2022"
DRAWN = re.compile(r"\bchart--drawn\b")


@pytest.fixture
def report_demo(one_request_at_a_time):
    call_command("load_demo", "--force")


def test_a_lead_reads_the_programme_then_the_blmk_report_and_breaks_it_down_by_ethnic_group(
    laptop, report_demo
):
    # Given a programme lead has logged in
    log_in(laptop, "lead", "qiequity-demo")

    # When they open the programme report from the menu
    laptop.get_by_role("navigation", name="Staff").get_by_role("link", name="Reports").click()

    # Then every cohort is in the table and the run charts are drawn, with the shift in words
    expect(laptop.get_by_role("heading", name="Using QI to Tackle Inequity", level=1)).to_be_visible()
    expect(laptop.get_by_role("link", name="Luton Community Pharmacy, Oct 2025")).to_be_visible()
    expect(laptop.locator('[data-chart="chart-run-aim-3"]')).to_have_class(DRAWN)
    expect(laptop.get_by_text("Shift: 6 cohorts in a row below the median")).to_be_visible()
    assert_accessible(laptop)

    # When they open the first cohort's report from the table
    laptop.get_by_role("link", name=BLMK).click()

    # Then it shows the published figures, with the chart drawn beside its numbers
    expect(laptop.get_by_role("heading", name=BLMK, level=1)).to_be_visible()
    headlines = laptop.locator(".headlines")
    for sentence in [
        "100% understand what inequality and equity are (15 of 15)",
        "100% understand what QI is (15 of 15)",
        "86.7% understand how to apply QI to tackle inequity (13 of 15)",
        "94.1% gained an understanding of how to apply QI to tackle inequity (16 of 17)",
        "94.7% would recommend (18 of 19)",
    ]:
        expect(headlines.get_by_text(sentence, exact=True)).to_be_visible()
    expect(laptop.locator('[data-chart="chart-agreement"]')).to_have_class(DRAWN)
    expect(laptop.locator('[data-chart="chart-agreement"] svg.main-svg').first).to_be_visible()
    expect(laptop.get_by_role("table", name=re.compile("The numbers in the chart"))).to_be_visible()
    assert_accessible(laptop)

    # When they break the results down by ethnic group instead of role
    expect(laptop.get_by_label("Break the results down by")).to_have_value("role")
    laptop.get_by_label("Break the results down by").select_option(label="Ethnic group")
    laptop.get_by_role("button", name="Show", exact=True).click()

    # Then the equity view shows each question by ethnic group, small groups hidden
    expect(laptop).to_have_url(re.compile(r"characteristic=ethnic_group#equity$"))
    expect(laptop.get_by_role("table", name=re.compile("by ethnic group")).first).to_be_visible()
    expect(laptop.get_by_text("not shown: fewer than 5 answers").first).to_be_visible()
    expect(laptop.get_by_text("A group with fewer than 5 answers is not shown").first).to_be_visible()
    assert_accessible(laptop)

    # And the page prints as a document for a board paper
    assert laptop.pdf(format="A4").startswith(b"%PDF")


def test_a_facilitator_hides_a_comment_that_names_someone_and_it_leaves_the_report(laptop, report_demo):
    # Given the facilitator is on the BLMK cohort's report
    log_in(laptop, "facilitator", "qiequity-demo")
    laptop.goto("/dashboard/")
    laptop.get_by_role("link", name=BLMK).click()
    laptop.get_by_role("link", name="Results report").click()
    comment = "Great facilitators and a good mix of discussion and hands-on exercises."
    expect(laptop.get_by_text(comment)).to_be_visible()

    # When they hide that comment
    laptop.get_by_role("link", name="Hide or restore comments").click()
    assert_accessible(laptop)
    card = laptop.locator("li", has_text=comment)
    card.get_by_role("button", name=re.compile("Hide from the report")).click()

    # Then it is marked hidden, can be restored, and is gone from the report
    expect(laptop.get_by_text("The comment is hidden from the report")).to_be_visible()
    expect(
        laptop.locator("li", has_text=comment).get_by_role("button", name=re.compile("Restore"))
    ).to_be_visible()
    assert_accessible(laptop)
    assert Answer.objects.get(text=comment).is_hidden_from_report
    laptop.get_by_role("link", name=re.compile("^Report: ")).click()
    expect(laptop.get_by_text("1 comment is hidden from this report by a facilitator")).to_be_visible()
    expect(laptop.get_by_text(comment)).to_have_count(0)


def test_a_lead_reads_the_reports_on_a_360_px_phone_with_every_chart_and_table_on_the_screen(
    narrow_phone, report_demo
):
    # Given a programme lead on the narrowest phone we design for
    log_in(narrow_phone, "lead", "qiequity-demo")

    # When they open the programme report
    narrow_phone.goto("/reports/")

    # Then nothing runs off the side: the cohorts table stacks and the run charts fit
    expect(narrow_phone.locator('[data-chart="chart-run-aim-3"]')).to_have_class(DRAWN)
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    table = narrow_phone.locator(".programme-table").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= 360
    assert_accessible(narrow_phone)

    # When they open the BLMK cohort's report
    narrow_phone.get_by_role("link", name=BLMK).click()

    # Then the agreement chart is drawn in its phone-sized form, every bar within the screen
    chart = narrow_phone.locator('[data-chart="chart-agreement"]')
    expect(chart).to_have_class(DRAWN)
    for box in [bar.bounding_box() for bar in chart.locator("g.point path").all()]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)
