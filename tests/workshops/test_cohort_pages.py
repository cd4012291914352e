"""The cohort's own page, its projector page and its calendars."""

import pytest
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def detail(cohort):
    return reverse("workshops:cohort_detail", args=[cohort.slug])


def projector(cohort):
    return reverse("workshops:cohort_projector", args=[cohort.slug])


def cohort_ics(cohort):
    return reverse("workshops:cohort_calendar", args=[cohort.slug])


def session_ics(cohort, part):
    return reverse("workshops:session_calendar", args=[cohort.slug, part])


def test_the_cohort_page_shows_its_sessions_code_and_actions_to_its_facilitator(facilitator_client, cohort):
    body = facilitator_client.get(detail(cohort)).content.decode()
    assert "Part 1: equity and QI" in body
    assert cohort.join_code_for_display() in body
    assert "Edit cohort and sessions" in body
    assert "Reschedule" in body


def test_a_lead_reads_the_cohort_page_without_the_edit_actions(lead_client, cohort):
    body = lead_client.get(detail(cohort)).content.decode()
    assert "Part 1: equity and QI" in body
    assert "Edit cohort and sessions" not in body
    assert "Reschedule" not in body


@pytest.mark.parametrize("url", [detail, projector, cohort_ics, lambda c: session_ics(c, 1)])
def test_staff_pages_of_a_cohort_refuse_everyone_else(url, client, cohort, outsider, other_facilitator):
    assert client.get(url(cohort)).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url(cohort)).status_code == 403
    client.force_login(other_facilitator)
    assert client.get(url(cohort)).status_code == 404


@pytest.mark.parametrize("url", [detail, projector, cohort_ics, lambda c: session_ics(c, 1)])
def test_staff_pages_of_a_cohort_answer_only_get(url, facilitator_client, cohort):
    assert facilitator_client.post(url(cohort)).status_code == 405


def test_the_projector_shows_a_qr_code_of_the_join_link_and_the_code_in_large_type(
    facilitator_client, cohort
):
    body = facilitator_client.get(projector(cohort)).content.decode()
    assert "<svg" in body
    assert f"QR code for http://testserver/j/{cohort.join_code}/" in body
    assert f"http://testserver/j/{cohort.join_code}/" in body
    assert 'class="projector__code"' in body


def test_a_session_downloads_as_an_ics_event_with_the_venue_and_the_join_link(facilitator_client, cohort):
    response = facilitator_client.get(session_ics(cohort, 1))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="luton-pharmacy-part-1.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["location"]) == "Capability House, Wrest Park"
    assert f"http://testserver/j/{cohort.join_code}/" in str(event["description"])
    assert str(event["url"]) == f"http://testserver/j/{cohort.join_code}/"
    assert event.decoded("dtstart").isoformat() == "2026-11-25T09:30:00+00:00"
    assert str(event["dtstart"].params["TZID"]) == "Europe/London"
    assert event.decoded("dtend").hour == 12
    assert str(event["status"]) == "CONFIRMED"
    assert calendar.walk("VTIMEZONE"), "the time zone is described so every calendar app agrees"


def test_a_summer_session_keeps_its_local_time(facilitator_client, cohort):
    import datetime

    first = cohort.sessions.get(part=1)
    first.date = datetime.date(2027, 7, 1)
    first.save()
    event = Calendar.from_ical(facilitator_client.get(session_ics(cohort, 1)).content).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2027-07-01T09:30:00+01:00"


def test_the_cohort_calendar_has_every_session_with_stable_ids(facilitator_client, cohort):
    calendar = Calendar.from_ical(facilitator_client.get(cohort_ics(cohort)).content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Using QI to Tackle Inequity: Part 1: equity and QI (Luton Pharmacy Team)",
        "Using QI to Tackle Inequity: Part 2: using QI (Luton Pharmacy Team)",
    ]
    assert [str(e["uid"]) for e in events] == [f"session-{s.pk}@qiequity" for s in cohort.sessions.all()]


def test_an_unknown_part_is_a_404(facilitator_client, cohort):
    assert facilitator_client.get(session_ics(cohort, 9)).status_code == 404
