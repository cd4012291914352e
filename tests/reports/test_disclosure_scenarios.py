"""The two ways the equity view's promise was broken, as examples (docs/adr/0029)."""

import datetime
import re

import pytest
from django.urls import reverse

from evaluations import services
from reports.statistics import PROTECTS_LABEL, SUPPRESSED_LABEL
from tests.evaluations.factories import respond_many
from tests.factories import CohortFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

PROGRAMME = reverse("reports:programme_report")
ORGANISATION = "Luton and Dunstable Hospital"


def after_survey(name: str, date: datetime.date):
    cohort = CohortFactory(workshop=WorkshopFactory(), name=name, organisation=ORGANISATION)
    SessionFactory(cohort=cohort, part=1, date=date)
    return cohort, services.survey_add(cohort=cohort, phase="after")


def answers(survey, group: str, yes: int, of: int):
    respond_many(survey, yes, {"recommend": 1}, about={"ethnic_group": group})
    respond_many(survey, of - yes, {"recommend": 0}, about={"ethnic_group": group})


def recommend_row(page: str, group: str) -> str:
    table = page[page.index("Would recommend: positive answers by ethnic group") :]
    table = table[: table.index("</table>")]
    return re.search(rf"<th scope=\"row\">{re.escape(group)}</th>(.*?)</tr>", table)[1]


def test_a_date_filter_cannot_subtract_a_cohorts_hidden_group_out_of_the_pooled_figure(lead_client):
    _, first = after_survey("First cohort", datetime.date(2026, 11, 30))
    answers(first, "white", 5, 6)
    answers(first, "mixed", 3, 5)
    second_cohort, second = after_survey("Second cohort", datetime.date(2026, 12, 2))
    answers(second, "white", 6, 7)
    answers(second, "mixed", 0, 3)  # hidden in its own report
    answers(second, "asian", 2, 3)  # hidden with it

    own = lead_client.get(reverse("reports:cohort_report", args=[second_cohort.slug])).content.decode()
    assert SUPPRESSED_LABEL in recommend_row(own, "Mixed or multiple ethnic groups")

    whole = lead_client.get(PROGRAMME, {"organisation": ORGANISATION}).content.decode()
    first_only = lead_client.get(PROGRAMME, {"organisation": ORGANISATION, "date_to": "2026-11-30"}).content
    mixed = recommend_row(whole, "Mixed or multiple ethnic groups")
    assert "60% (3 of 5)" in mixed, "the pooled figure adds only what each cohort's own report shows"
    assert mixed == recommend_row(first_only.decode(), "Mixed or multiple ethnic groups")
    assert "(3 of 8)" not in whole
    # the left-out answers are counted, in words and in the table: 3 Mixed and 3 Asian
    assert "Answers left out (their group was too small to show in its own cohort)</th><td>6</td>" in whole
    assert "whose own report shows that group" in whole


def test_two_lone_respondents_cannot_be_worked_out_from_the_total_less_the_shown_groups(lead_client):
    cohort, after = after_survey("One cohort", datetime.date(2026, 11, 30))
    answers(after, "white", 5, 8)
    answers(after, "mixed", 3, 5)
    answers(after, "asian", 1, 1)
    answers(after, "black", 1, 1)

    page = lead_client.get(reverse("reports:cohort_report", args=[cohort.slug])).content.decode()
    assert "66.7% (10 of 15)" in page  # all respondents
    assert "62.5% (5 of 8)" in recommend_row(page, "White")
    assert PROTECTS_LABEL in recommend_row(page, "Mixed or multiple ethnic groups")
    assert SUPPRESSED_LABEL in recommend_row(page, "Asian or Asian British")
    assert SUPPRESSED_LABEL in recommend_row(page, "Black, Black British, Caribbean or African")
    assert "(3 of 5)" not in page


def test_a_survey_one_person_answered_shows_no_figure_for_all_respondents(lead_client):
    cohort, after = after_survey("Small cohort", datetime.date(2026, 11, 30))
    answers(after, "white", 1, 1)
    page = lead_client.get(reverse("reports:cohort_report", args=[cohort.slug])).content.decode()
    assert "(1 of 1)" not in page and "100%" not in page
    assert SUPPRESSED_LABEL in page
    # nor is the survey broken down: listing its one group would say who answered
    assert "Would recommend: positive answers by ethnic group" not in page
    programme = lead_client.get(PROGRAMME).content.decode()
    assert "(1 of 1)" not in programme and "1 of 1" not in programme
