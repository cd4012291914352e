"""A team asks for the workshop; leads see requests, decide, and turn one into a cohort in one step."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrangements.models import WorkshopRequest
from tests.arrangements.factories import WorkshopRequestFactory
from tests.factories import ProgrammeFactory, facilitator_factory, lead_factory
from workshops.models import Cohort

pytestmark = pytest.mark.django_db
NEW = reverse("arrangements:request_new")
FILLED = {
    "team": "Luton Community Nursing",
    "organisation": "Cambridgeshire Community Services NHS Trust",
    "contact_name": "Daniel Mensah",
    "contact_email": "daniel.mensah@nhs.net",
    "group_size": "24",
    "preferred_months": "March or April",
    "venue": "Online",
    "work": "District nurses visiting housebound patients.",
    "inequities": "Later referrals for some groups.",
    "accessibility": "",
    "submission_token": "one-token",
}


@pytest.fixture(autouse=True)
def contact(settings):
    settings.PROGRAMME_CONTACT_EMAIL = "programme@example.nhs.uk"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def blmk(db):
    """The site runs one programme unless a test adds another."""
    return ProgrammeFactory()


def test_the_landing_page_links_to_the_request_page(client):
    assert NEW in client.get(reverse("workshops:home")).content.decode()


def test_a_team_sends_a_request_and_both_the_programme_and_the_requester_get_an_email(client):
    response = client.post(NEW, FILLED)
    assert response.status_code == 302 and response.url == reverse("arrangements:request_sent")
    request = WorkshopRequest.objects.get()
    assert (request.team, request.group_size, request.status) == ("Luton Community Nursing", 24, "new")
    assert sorted(m.to[0] for m in mail.outbox) == ["daniel.mensah@nhs.net", "programme@example.nhs.uk"]
    programme = next(m for m in mail.outbox if m.to == ["programme@example.nhs.uk"])
    assert request.get_absolute_url() in programme.body
    assert "Request sent" in client.get(response.url).content.decode()


def test_a_double_tap_stores_one_request_and_sends_its_emails_once(client):
    client.post(NEW, FILLED)
    client.post(NEW, FILLED)
    assert WorkshopRequest.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_half_filled_form_says_what_is_missing_and_keeps_what_was_typed(client):
    response = client.post(NEW, {**FILLED, "contact_email": "not-an-email", "work": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter an email address like name@nhs.net" in page
    assert "Say what your team works on" in page
    assert 'value="Luton Community Nursing"' in page
    assert not WorkshopRequest.objects.exists()


DJANGO_DEFAULTS = ("This field is required", "Enter a valid", "Ensure this value", "Null characters")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.fixed_dictionaries(
        {name: st.text(max_size=300) for name in FILLED if name not in ("submission_token",)}
    ),
    token=st.text(min_size=1, max_size=80),
)
def test_whatever_is_typed_the_request_form_stores_it_or_refuses_in_plain_words(client, fields, token):
    cache.clear()  # each example is a new visitor, not one address sending sixty forms
    before = WorkshopRequest.objects.count()
    response = client.post(NEW, {**fields, "submission_token": token})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert WorkshopRequest.objects.count() <= before + 1
        stored = WorkshopRequest.objects.order_by("-pk").first()
        assert stored.team == fields["team"].strip()
    else:
        page = response.content.decode()
        assert "There is a problem" in page
        assert not any(default in page for default in DJANGO_DEFAULTS), page
        assert WorkshopRequest.objects.count() == before


def test_an_address_sending_many_requests_is_paused(client, settings):
    settings.RATE_LIMIT_REQUESTS_PER_ADDRESS = 2
    for n in range(2):
        assert client.post(NEW, {**FILLED, "submission_token": f"t{n}"}).status_code == 302
    response = client.post(NEW, {**FILLED, "submission_token": "t3"})
    assert response.status_code == 429 and WorkshopRequest.objects.count() == 2


def test_requests_waiting_longer_than_the_setting_without_a_decision_are_flagged(lead_client, settings):
    settings.WORKSHOP_REQUEST_STALE_DAYS = 14
    old = WorkshopRequestFactory(team="Old team", created_at=timezone.now() - datetime.timedelta(days=20))
    WorkshopRequestFactory(team="Recent team")
    decided = WorkshopRequestFactory(
        team="Declined team", status="declined", created_at=timezone.now() - datetime.timedelta(days=90)
    )
    assert list(WorkshopRequest.objects.stale()) == [old]
    assert not decided.is_stale()
    page = lead_client.get(reverse("arrangements:request_list")).content.decode()
    assert "1 request waited more than 14 days" in page and "Waiting 20 days" in page


def test_a_lead_records_a_status_and_notes(lead_client):
    request = WorkshopRequestFactory()
    url = reverse("arrangements:request_detail", args=[request.pk])
    response = lead_client.post(url, {"status": "discussion", "notes": "Called Daniel"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.notes, request.decided_at) == ("discussion", "Called Daniel", None)
    lead_client.post(url, {"status": "declined", "notes": "No dates"})
    request.refresh_from_db()
    assert request.decided_at is not None


def test_a_lead_turns_a_request_into_a_cohort_in_one_step(lead_client, lead, facilitator):
    request = WorkshopRequestFactory(group_size=24)
    url = reverse("arrangements:request_to_cohort", args=[request.pk])
    page = lead_client.get(url).content.decode()
    assert "Luton Community Nursing" in page
    response = lead_client.post(url, {"name": "Luton Nursing, Mar 2027", "facilitators": [facilitator.pk]})
    cohort = Cohort.objects.get(name="Luton Nursing, Mar 2027")
    assert response.status_code == 302 and response.url == cohort.get_absolute_url()
    assert cohort.organisation == request.organisation and cohort.expected_participants == 24
    assert list(cohort.facilitators.all()) == [facilitator]  # not the lead
    assert cohort.surveys.exists()  # the workshop's default surveys, as any new cohort gets
    request.refresh_from_db()
    assert request.cohort == cohort and request.status == "scheduled"
    assert lead_client.post(url, {"name": "Again", "facilitators": [facilitator.pk]}).status_code == 302
    assert not Cohort.objects.filter(name="Again").exists()


def test_turning_a_request_into_a_cohort_needs_a_facilitator(lead_client):
    request = WorkshopRequestFactory()
    url = reverse("arrangements:request_to_cohort", args=[request.pk])
    page = lead_client.post(url, {"name": "X"}).content.decode()
    assert "Choose who will facilitate it" in page and not Cohort.objects.filter(name="X").exists()


def test_facilitators_and_others_never_see_requests(facilitator_client):
    request = WorkshopRequestFactory()
    facilitator_factory(username="someone")
    for url in (reverse("arrangements:request_list"), request.get_absolute_url()):
        assert facilitator_client.get(url).status_code == 403
    assert Client().get(reverse("arrangements:request_list")).status_code == 302


# Several programmes on one site (docs/adr/0045) ----------------------------------------------


def test_with_one_programme_the_team_is_not_asked_which(client, blmk):
    assert 'name="programme"' not in client.get(NEW).content.decode()
    client.post(NEW, FILLED)
    assert WorkshopRequest.objects.get().programme == blmk


def test_with_two_programmes_the_team_chooses_and_its_programme_is_emailed(client, blmk):
    herts = ProgrammeFactory(name="Hertfordshire programme", contact_email="herts@example.nhs.uk")
    page = client.get(NEW).content.decode()
    assert "Which programme covers where your team works" in page and "Hertfordshire programme" in page
    refused = client.post(NEW, FILLED).content.decode()
    assert "Choose the programme that covers where your team works" in refused
    assert "Luton Community Nursing" in refused  # what was typed stays
    client.post(NEW, {**FILLED, "programme": herts.pk})
    assert WorkshopRequest.objects.get().programme == herts
    assert sorted(m.to[0] for m in mail.outbox) == ["daniel.mensah@nhs.net", "herts@example.nhs.uk"]


def test_a_lead_sees_only_their_programmes_requests(client, blmk):
    herts = ProgrammeFactory(name="Hertfordshire programme")
    WorkshopRequestFactory(programme=blmk, team="Luton Community Nursing")
    WorkshopRequestFactory(programme=herts, team="Watford District Nurses")
    client.force_login(lead_factory(username="herts_lead", programmes=[herts]))
    page = client.get(reverse("arrangements:request_list")).content.decode()
    assert "Watford District Nurses" in page and "Luton Community Nursing" not in page


def test_a_request_becomes_a_cohort_of_its_programme_run_by_its_facilitators(client, blmk):
    herts = ProgrammeFactory(name="Hertfordshire programme")
    request = WorkshopRequestFactory(programme=herts)
    theirs = facilitator_factory(username="herts_facilitator", first_name="Dev", programmes=[herts])
    facilitator_factory(username="blmk_facilitator", first_name="Priya")
    client.force_login(lead_factory(username="herts_lead", programmes=[herts]))
    url = reverse("arrangements:request_to_cohort", args=[request.pk])
    page = client.get(url).content.decode()
    assert "Dev" in page and "Priya" not in page
    client.post(url, {"name": "Watford nurses, 2027", "facilitators": [theirs.pk]})
    assert Cohort.objects.get(name="Watford nurses, 2027").programme == herts


def test_a_site_with_no_programme_yet_says_requests_are_not_open(client, blmk):
    blmk.delete()
    body = client.get(NEW).content.decode()
    assert "Requests are not open yet" in body
