"""A phone is recognised across a cohort's pages by a random key, never a name."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories import CohortFactory
from workshops import participants
from workshops.models import Participant

pytestmark = pytest.mark.django_db


def request_with_cookie(cohort, key=None):
    request = RequestFactory().get("/")
    if key:
        request.COOKIES[participants.cookie_name(cohort)] = key
    return request


def test_a_phone_without_the_cookie_is_nobody_yet(cohort):
    assert participants.participant_from_request(request_with_cookie(cohort), cohort) is None


def test_a_first_submission_makes_a_participant_with_a_long_random_key(cohort):
    participant = participants.participant_for_submission(request_with_cookie(cohort), cohort)
    assert participant.cohort == cohort
    assert len(participant.key) >= 32


def test_the_cookie_brings_the_same_participant_back(cohort):
    participant = Participant.objects.create(cohort=cohort)
    request = request_with_cookie(cohort, participant.key)
    assert participants.participant_from_request(request, cohort) == participant
    assert participants.participant_for_submission(request, cohort) == participant


def from_browser(cohort, csrf_secret: str):
    """A request from a browser whose CSRF cookie holds `csrf_secret`, without the cohort's cookie."""
    request = request_with_cookie(cohort)
    request.META["CSRF_COOKIE"] = csrf_secret
    return request


def test_two_first_submissions_from_one_browser_carrying_the_same_key_make_one_participant(cohort):
    key = participants.form_key(from_browser(cohort, "a" * 32), cohort)
    first = participants.participant_for_submission(from_browser(cohort, "a" * 32), cohort, key=key)
    second = participants.participant_for_submission(from_browser(cohort, "a" * 32), cohort, key=key)
    assert first == second
    assert Participant.objects.count() == 1


def test_a_key_someone_holds_is_not_accepted_from_another_browser(cohort):
    held = Participant.objects.create(cohort=cohort)
    for posted in (held.key, participants.form_key(from_browser(cohort, "a" * 32), cohort, held)):
        made = participants.participant_for_submission(from_browser(cohort, "b" * 32), cohort, key=posted)
        assert made != held and made.key != held.key


def test_a_key_nobody_holds_yet_is_accepted_without_proof(cohort):
    made = participants.participant_for_submission(request_with_cookie(cohort), cohort, key="k" * 32)
    assert made.key == "k" * 32


def test_another_cohorts_key_never_opens_this_cohort(cohort):
    elsewhere = Participant.objects.create(cohort=CohortFactory())
    request = request_with_cookie(cohort, elsewhere.key)
    assert participants.participant_from_request(request, cohort) is None
    made = participants.participant_for_submission(request_with_cookie(cohort), cohort, key=elsewhere.key)
    assert made != elsewhere and made.cohort == cohort


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
