"""A phone is recognised across a cohort's pages by a random key, never a name."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories import CohortFactory
from workshops import participants, services
from workshops.models import Participant

pytestmark = pytest.mark.django_db


def request_with_cookie(cohort, key=None):
    request = RequestFactory().get("/")
    if key:
        request.COOKIES[participants.cookie_name(cohort)] = key
    return request


def test_a_phone_without_the_cookie_is_nobody_yet(cohort):
    assert participants.participant_from_request(request_with_cookie(cohort), cohort) is None


def test_a_first_submission_without_a_vetted_key_makes_a_participant_with_a_long_random_key(cohort):
    participant = services.participant_for_phone(cohort=cohort, key=None)
    assert participant.cohort == cohort
    assert len(participant.key) >= 32


def test_the_cookie_brings_the_same_participant_back(cohort):
    participant = Participant.objects.create(cohort=cohort)
    request = request_with_cookie(cohort, participant.key)
    assert participants.participant_from_request(request, cohort) == participant


def from_browser(cohort, csrf_secret: str):
    """A request from a browser whose CSRF cookie holds `csrf_secret`, without the cohort's cookie."""
    request = request_with_cookie(cohort)
    request.META["CSRF_COOKIE"] = csrf_secret
    return request


def test_two_first_submissions_from_one_browser_carrying_the_same_key_make_one_participant(cohort):
    posted = participants.form_key(from_browser(cohort, "a" * 32), cohort)
    key = participants.vetted_key(from_browser(cohort, "a" * 32), cohort, posted)
    first = services.participant_for_phone(cohort=cohort, key=key)
    second = services.participant_for_phone(cohort=cohort, key=key)
    assert first == second
    assert Participant.objects.count() == 1


def test_a_key_someone_holds_is_not_accepted_from_another_browser(cohort):
    held = Participant.objects.create(cohort=cohort)
    for posted in (held.key, participants.form_key(from_browser(cohort, "a" * 32), cohort, held)):
        assert participants.vetted_key(from_browser(cohort, "b" * 32), cohort, posted) is None
        made = services.participant_for_phone(cohort=cohort, key=None)
        assert made != held and made.key != held.key


def test_a_key_without_its_proof_is_never_taken(cohort):
    assert participants.vetted_key(request_with_cookie(cohort), cohort, "k" * 32) is None
    assert participants.vetted_key(request_with_cookie(cohort), cohort, "k" * 32 + ".forged") is None


def test_a_key_given_for_another_cohort_is_not_vetted_for_this_one(cohort):
    elsewhere = CohortFactory()
    posted = participants.form_key(from_browser(elsewhere, "a" * 32), elsewhere)
    assert participants.vetted_key(from_browser(cohort, "a" * 32), cohort, posted) is None
    assert participants.vetted_key(from_browser(elsewhere, "a" * 32), elsewhere, posted) is not None


def test_another_cohorts_key_never_opens_this_cohort(cohort):
    elsewhere = Participant.objects.create(cohort=CohortFactory())
    request = request_with_cookie(cohort, elsewhere.key)
    assert participants.participant_from_request(request, cohort) is None


def test_the_cookie_is_long_lived_http_only_and_per_cohort(cohort):
    participant = Participant.objects.create(cohort=cohort)
    response = participants.remember(HttpResponse(), participant)
    cookie = response.cookies[participants.cookie_name(cohort)]
    assert cookie.value == participant.key
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600


def test_a_personal_link_is_retired_and_sets_no_cookie(client, cohort):
    participant = Participant.objects.create(cohort=cohort)
    for key in (participant.key, "not-a-real-key"):
        response = client.get(f"/j/{cohort.join_code}/me/{key}/")
        assert response.status_code == 410
        assert not response.cookies
