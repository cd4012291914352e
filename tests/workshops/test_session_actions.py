"""Reschedule, cancel and reinstate a session."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from workshops.models import Session

pytestmark = pytest.mark.django_db


def url(name, cohort, part):
    return reverse(f"workshops:session_{name}", args=[cohort.slug, part])


def reschedule_data(**overrides):
    return {
        "title": "Part 2: using QI",
        "date": "2026-12-16",
        "starts_at": "13:30",
        "ends_at": "16:30",
        "venue": "Online",
        **overrides,
    }


def test_a_facilitator_reschedules_a_session(facilitator_client, cohort):
    response = facilitator_client.post(url("reschedule", cohort, 2), reschedule_data())
    session = cohort.sessions.get(part=2)
    assert response.status_code == 302
    assert (session.date, session.starts_at, session.venue, session.sequence) == (
        datetime.date(2026, 12, 16),
        datetime.time(13, 30),
        "Online",
        1,
    )


def test_rescheduling_onto_another_session_is_refused_with_the_clash_named(facilitator_client, cohort):
    response = facilitator_client.post(
        url("reschedule", cohort, 2), reschedule_data(date="2026-11-25", starts_at="10:00", ends_at="11:00")
    )
    body = response.content.decode()
    assert "This overlaps Part 1: equity and QI" in body
    assert "<title>Error: " in body
    assert cohort.sessions.get(part=2).date == datetime.date(2026, 12, 9)


def test_cancelling_asks_first_then_marks_the_session_and_its_event_cancelled(facilitator_client, cohort):
    confirm = facilitator_client.get(url("cancel", cohort, 2))
    assert "Cancel Part 2: using QI?" in confirm.content.decode()
    assert cohort.sessions.get(part=2).status == Session.Status.SCHEDULED

    facilitator_client.post(url("cancel", cohort, 2))
    assert cohort.sessions.get(part=2).status == Session.Status.CANCELLED
    ics = facilitator_client.get(reverse("workshops:session_calendar", args=[cohort.slug, 2]))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1


def test_a_cancelled_session_can_be_reinstated(facilitator_client, cohort):
    facilitator_client.post(url("cancel", cohort, 2))
    facilitator_client.post(url("reinstate", cohort, 2))
    assert cohort.sessions.get(part=2).status == Session.Status.SCHEDULED


def test_a_cancelled_session_whose_slot_was_taken_cannot_be_reinstated(facilitator_client, cohort):
    facilitator_client.post(url("cancel", cohort, 2))
    facilitator_client.post(
        url("reschedule", cohort, 1), reschedule_data(date="2026-12-09", starts_at="09:00", ends_at="12:00")
    )
    response = facilitator_client.post(url("reinstate", cohort, 2), follow=True)
    assert "cannot go back on the schedule" in response.content.decode()
    assert cohort.sessions.get(part=2).status == Session.Status.CANCELLED


def test_reinstate_answers_only_post(facilitator_client, cohort):
    assert facilitator_client.get(url("reinstate", cohort, 2)).status_code == 405


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("action", ["reschedule", "cancel"])
def test_reschedule_and_cancel_answer_only_get_and_post(facilitator_client, cohort, action, method):
    response = getattr(facilitator_client, method)(url(action, cohort, 2))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    session = cohort.sessions.get(part=2)
    assert (session.status, session.date, session.sequence) == ("scheduled", datetime.date(2026, 12, 9), 0)


@pytest.mark.parametrize("action", ["reschedule", "cancel", "reinstate"])
def test_only_the_cohorts_facilitators_change_its_sessions(
    action, client, cohort, lead, other_facilitator, outsider
):
    target = url(action, cohort, 2)
    assert client.post(target, reschedule_data()).url.startswith(reverse("login"))
    for user, refused in [(lead, 403), (outsider, 403), (other_facilitator, 404)]:
        client.force_login(user)
        assert client.post(target, reschedule_data()).status_code == refused
    session = cohort.sessions.get(part=2)
    assert (session.status, session.date, session.sequence) == ("scheduled", datetime.date(2026, 12, 9), 0)
