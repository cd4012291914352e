"""Create and edit a cohort with its sessions on one page."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import WorkshopFactory
from tests.workshops.test_forms import formset_data, session
from workshops.models import Cohort, Session

pytestmark = pytest.mark.django_db
CREATE = reverse("workshops:cohort_create")


def cohort_post(*sessions, **fields):
    workshop = WorkshopFactory()
    data = {
        "workshop": workshop.pk,
        "name": "Bedford Hospital pharmacy",
        "organisation": "Bedfordshire Hospitals",
        "expected_participants": "16",
        "ask_about_you": "on",  # ticked, as the page offers it
        **fields,
    }
    data.update(formset_data(*sessions))
    return data


def test_a_facilitator_creates_a_cohort_with_two_sessions_and_facilitates_it(facilitator_client, facilitator):
    response = facilitator_client.post(
        CREATE, cohort_post(session(1, date="2027-01-12"), session(2, date="2027-01-26"))
    )
    cohort = Cohort.objects.get(name="Bedford Hospital pharmacy")
    assert response.status_code == 302
    assert response.url == cohort.get_absolute_url()
    assert cohort.slug == "bedford-hospital-pharmacy"
    assert list(cohort.facilitators.all()) == [facilitator]
    assert [(s.part, s.date) for s in cohort.sessions.all()] == [
        (1, datetime.date(2027, 1, 12)),
        (2, datetime.date(2027, 1, 26)),
    ]


def test_a_co_facilitator_can_be_added(facilitator_client, facilitator, other_facilitator):
    facilitator_client.post(CREATE, cohort_post(session(1), facilitators=[other_facilitator.pk]))
    cohort = Cohort.objects.get()
    assert set(cohort.facilitators.all()) == {facilitator, other_facilitator}


def test_overlapping_sessions_are_refused_and_nothing_is_saved_and_nothing_typed_is_lost(facilitator_client):
    response = facilitator_client.post(
        CREATE, cohort_post(session(1), session(2, start="10:00", end="11:00"))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Create a cohort" in body
    message = "Part 1 and Part 2 overlap. Sessions of a cohort must not overlap"
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    sessions_fieldset = body.split('<fieldset id="sessions"', 1)[1].split("</fieldset>", 1)[0]
    assert f'<a href="#sessions">{message}</a>' in summary
    assert message in sessions_fieldset
    assert 'value="Bedford Hospital pharmacy"' in body
    assert 'value="10:00"' in body
    assert not Cohort.objects.exists()


def test_a_missing_name_is_shown_by_the_field_and_in_the_summary(facilitator_client):
    response = facilitator_client.post(CREATE, cohort_post(session(1), name=""))
    body = response.content.decode()
    assert 'href="#id_name"' in body
    assert body.count("Enter the cohort’s name") == 2
    assert "This field is required." not in body


def test_expected_participants_below_nought_are_refused_in_plain_words(facilitator_client):
    response = facilitator_client.post(CREATE, cohort_post(session(1), expected_participants="-1"))
    assert response.content.decode().count("Expected participants must be 0 or more") == 2
    assert not Cohort.objects.exists()


def test_a_part_number_used_twice_is_named(facilitator_client):
    response = facilitator_client.post(
        CREATE, cohort_post(session(1), session(2), session(2, date="2026-12-15"))
    )
    body = response.content.decode()
    assert "Each part needs its own number: part 2 is used twice" in body
    assert "Please correct the duplicate" not in body
    assert not Cohort.objects.exists()


def test_add_another_session_gives_one_more_row_without_saving_or_complaining(facilitator_client):
    data = cohort_post(session(1))
    data["add_session"] = "1"
    response = facilitator_client.post(CREATE, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="sessions-TOTAL_FORMS" value="2"' in body
    assert 'name="sessions-1-date"' in body
    assert "There is a problem" not in body
    assert 'value="Bedford Hospital pharmacy"' in body
    assert not Cohort.objects.exists()


def test_the_link_name_is_made_from_the_name_and_never_asked_for(facilitator_client, cohort):
    form = facilitator_client.get(CREATE).content.decode()
    facilitator_client.post(CREATE, cohort_post(session(1), name=cohort.name, save_anyway="1"))
    assert 'name="slug"' not in form
    assert Cohort.objects.filter(name=cohort.name).exclude(pk=cohort.pk).get().slug == "luton-pharmacy-team"


def test_a_lead_cannot_create_a_cohort(lead_client):
    assert lead_client.get(CREATE).status_code == 403
    assert lead_client.post(CREATE, cohort_post(session(1))).status_code == 403
    assert not Cohort.objects.exists()


def test_an_outsider_cannot_create_a_cohort(outsider_client):
    assert outsider_client.get(CREATE).status_code == 403


def test_anonymous_is_sent_to_log_in_from_create(client):
    assert client.get(CREATE).url.startswith(reverse("login"))


def test_create_answers_only_get_and_post(facilitator_client):
    assert facilitator_client.put(CREATE).status_code == 405


# Editing ----------------------------------------------------------------------------------------


def edit_post(cohort, rows, **fields):
    data = {
        "workshop": cohort.workshop_id,
        "name": cohort.name,
        "organisation": cohort.organisation,
        "expected_participants": cohort.expected_participants,
        **fields,
    }
    sessions = list(cohort.sessions.all())
    data.update(formset_data(*rows))
    data["sessions-INITIAL_FORMS"] = str(len(sessions))
    for i, existing in enumerate(sessions):
        data[f"sessions-{i}-id"] = str(existing.pk)
    return data


def test_a_facilitator_edits_a_session_and_its_calendar_sequence_goes_up(facilitator_client, cohort):
    url = reverse("workshops:cohort_edit", args=[cohort.slug])
    first, second = cohort.sessions.all()
    response = facilitator_client.post(
        url,
        edit_post(
            cohort,
            [
                {**session(1, date="2026-11-25"), "title": first.title, "venue": first.venue},
                session(2, date="2026-12-16"),
            ],
            name="Renamed",
        ),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.date == datetime.date(2026, 12, 16)
    assert second.sequence == 1
    assert first.sequence == 0
    assert Cohort.objects.get(pk=cohort.pk).name == "Renamed"


def test_parts_can_be_swapped_in_one_save(facilitator_client, cohort):
    url = reverse("workshops:cohort_edit", args=[cohort.slug])
    first, second = cohort.sessions.all()
    response = facilitator_client.post(
        url,
        edit_post(cohort, [session(2, date="2026-11-25"), session(1, date="2026-12-09")], save_anyway="1"),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.part, second.part) == (2, 1)


def test_a_session_can_be_deleted_from_the_edit_page(facilitator_client, cohort):
    url = reverse("workshops:cohort_edit", args=[cohort.slug])
    rows = [session(1, date="2026-11-25"), {**session(2, date="2026-12-09"), "DELETE": "on"}]
    facilitator_client.post(url, edit_post(cohort, rows))
    assert list(cohort.sessions.values_list("part", flat=True)) == [1]


def test_the_edit_page_shows_the_cohorts_values(facilitator_client, cohort):
    body = facilitator_client.get(reverse("workshops:cohort_edit", args=[cohort.slug])).content.decode()
    assert 'value="Luton Pharmacy Team"' in body
    assert 'value="2026-12-09"' in body


def test_a_lead_can_read_but_not_edit(lead_client, cohort):
    assert lead_client.get(reverse("workshops:cohort_detail", args=[cohort.slug])).status_code == 200
    url = reverse("workshops:cohort_edit", args=[cohort.slug])
    assert lead_client.get(url).status_code == 403
    assert lead_client.post(url, edit_post(cohort, [session(1)], name="Hijacked")).status_code == 403
    assert Cohort.objects.get(pk=cohort.pk).name == "Luton Pharmacy Team"


def test_a_facilitator_of_another_cohort_does_not_find_it(other_facilitator_client, cohort):
    url = reverse("workshops:cohort_edit", args=[cohort.slug])
    assert (
        other_facilitator_client.post(url, edit_post(cohort, [session(1)], name="Hijacked")).status_code
        == 404
    )
    assert Session.objects.filter(cohort=cohort).count() == 2


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_edit_answers_only_get_and_post(facilitator_client, cohort, method):
    url = reverse("workshops:cohort_edit", args=[cohort.slug])
    response = getattr(facilitator_client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert Cohort.objects.get(pk=cohort.pk).name == "Luton Pharmacy Team"
    assert cohort.sessions.count() == 2
