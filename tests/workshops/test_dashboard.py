import datetime

import pytest
from django.urls import reverse

from tests.factories import CohortFactory, ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = reverse("workshops:dashboard")


def test_a_facilitator_sees_their_upcoming_sessions_today_first_and_their_cohorts(
    facilitator_client, facilitator, cohort, other_facilitator, frozen_now
):
    CohortFactory(name="Someone else's cohort", facilitators=[other_facilitator])
    response = facilitator_client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Part 1: equity and QI") < body.index("Part 2: using QI")
    assert "Today" in body
    assert "Luton Pharmacy Team" in body
    assert "Someone else&#x27;s cohort" not in body


def test_past_and_cancelled_sessions_are_not_upcoming(facilitator_client, cohort, frozen_now):
    SessionFactory(cohort=cohort, part=3, date=datetime.date(2026, 1, 5), title="Long ago")
    SessionFactory(
        cohort=cohort, part=4, date=datetime.date(2027, 1, 5), title="Called off", status="cancelled"
    )
    body = facilitator_client.get(URL).content.decode()
    assert "Long ago" not in body
    assert "Called off" not in body


def test_a_lead_sees_every_cohort_of_their_programme_and_none_of_another(
    lead_client, cohort, other_facilitator
):
    CohortFactory(name="Bedford community pharmacy", facilitators=[other_facilitator])
    CohortFactory(name="Watford hospital pharmacy", programme=ProgrammeFactory(name="Hertfordshire"))
    body = lead_client.get(URL).content.decode()
    assert "Your programmes’ cohorts" in body
    assert "Luton Pharmacy Team" in body
    assert "Bedford community pharmacy" in body
    assert "Watford" not in body


def test_the_dashboard_costs_the_same_queries_for_one_cohort_or_many(
    facilitator_client, facilitator, django_assert_num_queries, frozen_now
):
    def add_cohorts(n):
        for _ in range(n):
            c = CohortFactory(facilitators=[facilitator])
            SessionFactory(cohort=c, part=1, date=datetime.date(2026, 12, 1))

    add_cohorts(1)
    with django_assert_num_queries(5):
        facilitator_client.get(URL)
    add_cohorts(10)
    with django_assert_num_queries(5):
        facilitator_client.get(URL)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_outsider_is_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403


def test_the_dashboard_only_answers_get(facilitator_client):
    assert facilitator_client.post(URL).status_code == 405
