"""Django admin keeps a cohort's sessions to the same rules as the facilitator's page."""

import datetime
import html

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def change_form_post(cohort, *rows):
    """The cohort's admin change form as posted, with these rows for its existing sessions."""
    data = {
        "programme": cohort.programme_id,
        "workshop": cohort.workshop_id,
        "name": cohort.name,
        "slug": cohort.slug,
        "organisation": cohort.organisation,
        "facilitators": [user.pk for user in cohort.facilitators.all()],
        "expected_participants": cohort.expected_participants,
        "sessions-TOTAL_FORMS": str(len(rows)),
        "sessions-INITIAL_FORMS": str(len(rows)),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for i, (existing, changes) in enumerate(zip(cohort.sessions.all(), rows, strict=True)):
        row = {
            "id": existing.pk,
            "cohort": cohort.pk,
            "part": existing.part,
            "title": existing.title,
            "date": existing.date.isoformat(),
            "starts_at": existing.starts_at.strftime("%H:%M"),
            "ends_at": existing.ends_at.strftime("%H:%M"),
            "venue": existing.venue,
            "notes": existing.notes,
            "status": existing.status,
            **changes,
        }
        data.update({f"sessions-{i}-{key}": value for key, value in row.items()})
    return data


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def change_url(cohort):
    return reverse("admin:workshops_cohort_change", args=[cohort.pk])


def test_a_superuser_moves_a_session_in_admin(admin_client, cohort):
    response = admin_client.post(change_url(cohort), change_form_post(cohort, {}, {"date": "2026-12-16"}))
    assert response.status_code == 302
    assert cohort.sessions.get(part=2).date == datetime.date(2026, 12, 16)


def test_admin_refuses_sessions_that_overlap(admin_client, cohort):
    response = admin_client.post(change_url(cohort), change_form_post(cohort, {}, {"date": "2026-11-25"}))
    assert response.status_code == 200
    assert (
        "Part 1: equity and QI and Part 2: using QI overlap. Sessions of a cohort must not overlap"
        in page_text(response)
    )
    assert cohort.sessions.get(part=2).date == datetime.date(2026, 12, 9)


def test_admin_lets_a_cancelled_session_share_a_slot(admin_client, cohort):
    rows = [{}, {"date": "2026-11-25", "status": "cancelled"}]
    assert admin_client.post(change_url(cohort), change_form_post(cohort, *rows)).status_code == 302
    assert cohort.sessions.get(part=2).date == datetime.date(2026, 11, 25)


def test_admin_refuses_part_numbers_with_a_gap(admin_client, cohort):
    response = admin_client.post(change_url(cohort), change_form_post(cohort, {}, {"part": "3"}))
    assert response.status_code == 200
    assert "Number the parts 1, 2, 3… with no gaps: there is no part 2" in page_text(response)
    assert list(cohort.sessions.values_list("part", flat=True)) == [1, 2]
