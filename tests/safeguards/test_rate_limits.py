"""Rate limits on the public forms: a runaway phone is paused, a room behind one address never is."""

import os
import re

import pytest
from django.urls import reverse

from commitments.models import Commitment
from evaluations.models import Answer, Response
from qiequity.settings import cache_from_url
from safeguards import ratelimit
from tests.commitments.factories import open_form

pytestmark = pytest.mark.django_db

VENUE = "203.0.113.7"
# A Redis database of its own, emptied by the tests that use it (TEST_REDIS_URL overrides).
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def hidden(body: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', body).group(1)


def survey_form(client, survey) -> dict:
    body = client.get(survey.get_participant_url(), REMOTE_ADDR=VENUE).content.decode()
    return {name: hidden(body, name) for name in ("submission_token", "participant_key")}


def test_two_hundred_phones_behind_one_venue_address_all_get_their_answers_in(client, survey, items):
    for _ in range(200):
        client.cookies.clear()
        carried = survey_form(client, survey)
        data = {**carried, f"item_{items['aim-1'].pk}": "4"}
        first = client.post(survey.get_participant_url(), data, REMOTE_ADDR=VENUE)
        double_tap = client.post(survey.get_participant_url(), data, REMOTE_ADDR=VENUE)
        assert first.status_code == double_tap.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 200


def test_one_phone_sending_the_form_over_and_over_is_paused_with_a_clear_message(
    client, survey, items, settings
):
    settings.RATE_LIMIT_PER_RESPONDENT = 5
    carried = survey_form(client, survey)
    for _ in range(5):
        assert client.post(survey.get_participant_url(), carried, REMOTE_ADDR=VENUE).status_code == 302
    stored = Response.objects.get(survey=survey)
    changed_token = {
        **carried,
        "submission_token": "a-new-form-of-this-phone",
        f"item_{items['aim-1'].pk}": "1",
    }
    response = client.post(survey.get_participant_url(), changed_token, REMOTE_ADDR=VENUE)
    body = response.content.decode()
    assert response.status_code == 429
    assert Response.objects.get(survey=survey).submission_token == stored.submission_token  # unchanged
    assert not Answer.objects.filter(response__survey=survey).exists()
    assert "Too many tries from this phone" in body
    assert "your answers are still in the form" in body
    assert 1 <= int(response["Retry-After"]) <= settings.RATE_LIMIT_WINDOW_SECONDS


def test_a_paused_phone_does_not_pause_the_next_phone_in_the_room(client, survey, settings):
    settings.RATE_LIMIT_PER_RESPONDENT = 2
    carried = survey_form(client, survey)
    for _ in range(3):
        client.post(survey.get_participant_url(), carried, REMOTE_ADDR=VENUE)
    client.cookies.clear()
    next_phone = survey_form(client, survey)
    assert client.post(survey.get_participant_url(), next_phone, REMOTE_ADDR=VENUE).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 2  # the paused phone's, and the next one's


def test_a_script_making_up_new_keys_is_stopped_by_the_limit_per_address(client, survey, settings):
    settings.RATE_LIMIT_PER_ADDRESS = 10
    for n in range(10):
        client.cookies.clear()
        data = {"submission_token": f"token-{n}", "participant_key": f"made-up-{n}"}
        assert client.post(survey.get_participant_url(), data, REMOTE_ADDR=VENUE).status_code == 302
    client.cookies.clear()
    data = {"submission_token": "token-x", "participant_key": "made-up-x"}
    response = client.post(survey.get_participant_url(), data, REMOTE_ADDR=VENUE)
    assert response.status_code == 429
    assert "Too many tries from this network" in response.content.decode()
    assert Response.objects.filter(survey=survey).count() == 10
    other_address = client.post(survey.get_participant_url(), data, REMOTE_ADDR="198.51.100.9")
    assert other_address.status_code == 302


def test_the_commitment_form_is_limited_per_phone_too(client, cohort, settings):
    settings.RATE_LIMIT_PER_RESPONDENT = 3
    open_form(cohort)
    url = reverse("commitments:new", args=[cohort.join_code])
    statuses = [
        client.post(
            url,
            {
                "text": f"Look at who misses out on reviews, take {n}",
                "kind": "action",
                "submission_token": f"t{n}",
                "participant_key": "one-phone",
            },
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert Commitment.objects.filter(cohort=cohort).count() == 3


def test_reading_the_forms_is_never_limited(client, survey, settings):
    settings.RATE_LIMIT_PER_ADDRESS = 2
    for _ in range(5):
        assert client.get(survey.get_participant_url()).status_code == 200


def test_unknown_codes_typed_in_the_join_form_are_limited_per_address(client, cohort, settings):
    settings.RATE_LIMIT_GUESSES_PER_ADDRESS = 3
    url = reverse("workshops:join")
    responses = [client.get(url, {"code": "AAAAAA"}, REMOTE_ADDR=VENUE) for _ in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert "Too many wrong codes from this network" in responses[-1].content.decode()
    assert "try again with the code on the screen" in responses[-1].content.decode()
    assert client.get(url, REMOTE_ADDR=VENUE).status_code == 200  # the empty form is not a lookup
    assert client.get(url, {"code": "AAAAAA"}, REMOTE_ADDR="198.51.100.9").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/j/{code}/", "/j/{code}/survey/after/", "/j/{code}/commitments/", "/j/{code}/commitments/new/"],
)
def test_unknown_codes_are_limited_per_address_on_every_route(client, cohort, settings, path):
    settings.RATE_LIMIT_GUESSES_PER_ADDRESS = 3
    guesses = [client.get(path.format(code=f"AAAAA{n}"), REMOTE_ADDR=VENUE).status_code for n in range(4)]
    assert guesses == [404, 404, 404, 429]
    # Past the limit even a right code is paused, or the pause would tell right codes from wrong.
    assert client.get(path.format(code=cohort.join_code), REMOTE_ADDR=VENUE).status_code == 429
    assert client.get(path.format(code="AAAAAA"), REMOTE_ADDR="198.51.100.9").status_code == 404


def test_unknown_codes_posted_to_are_guesses_too(client, cohort, settings):
    settings.RATE_LIMIT_GUESSES_PER_ADDRESS = 2
    url = "/j/AAAAAA/commitments/new/"
    statuses = [client.post(url, {"text": "x"}, REMOTE_ADDR=VENUE).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_looking_up_the_rooms_code_never_uses_up_the_rooms_budget_for_answers(
    client, survey, items, settings
):
    settings.RATE_LIMIT_PER_ADDRESS = 5
    settings.RATE_LIMIT_GUESSES_PER_ADDRESS = 5
    code = survey.cohort.join_code
    for _ in range(50):  # 50 phones scan the QR code or type the code
        assert client.get(reverse("workshops:join"), {"code": code}, REMOTE_ADDR=VENUE).status_code == 302
        assert client.get(f"/j/{code}/", REMOTE_ADDR=VENUE).status_code == 200
    carried = survey_form(client, survey)
    data = {**carried, f"item_{items['aim-1'].pk}": "4"}
    assert client.post(survey.get_participant_url(), data, REMOTE_ADDR=VENUE).status_code == 302
    assert list(Answer.objects.filter(response__survey=survey).values_list("number", flat=True)) == [4]


def test_a_few_wrong_codes_do_not_count_against_the_rooms_answers(client, survey, items, settings):
    settings.RATE_LIMIT_PER_ADDRESS = 1
    for _ in range(3):
        client.get(reverse("workshops:join"), {"code": "AAAAAA"}, REMOTE_ADDR=VENUE)
    carried = survey_form(client, survey)
    data = {**carried, f"item_{items['aim-1'].pk}": "4"}
    assert client.post(survey.get_participant_url(), data, REMOTE_ADDR=VENUE).status_code == 302
    assert list(Answer.objects.filter(response__survey=survey).values_list("number", flat=True)) == [4]


def test_signed_in_staff_are_not_counted_as_guessing(facilitator_client, cohort, settings):
    settings.RATE_LIMIT_GUESSES_PER_ADDRESS = 1
    statuses = [facilitator_client.get("/j/AAAAAA/", REMOTE_ADDR=VENUE).status_code for _ in range(3)]
    assert statuses == [404, 404, 404]


def test_behind_our_proxy_the_address_is_the_one_the_proxy_added(rf, settings):
    settings.BEHIND_PROXY = True
    request = rf.post("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9", REMOTE_ADDR="10.0.0.1")
    assert ratelimit.client_address(request) == "198.51.100.9"
    settings.BEHIND_PROXY = False
    assert ratelimit.client_address(request) == "10.0.0.1"


def test_a_broken_cache_lets_the_answers_through(client, survey, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    carried = survey_form(client, survey)
    assert client.post(survey.get_participant_url(), carried).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1


def test_every_public_form_is_rate_limited():
    """The forms anyone may post without an account (tests/test_access.py) all count."""
    from tests.test_access import public_post_views

    assert public_post_views() <= ratelimit.PUBLIC_FORMS


def test_with_redis_every_worker_counts_in_the_same_place(rf, settings):
    """CACHE_URL=redis://…: two workers (two connections) add to one counter, atomically."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache import caches

    settings.CACHES = {"default": cache_from_url(TEST_REDIS_URL)}
    settings.RATE_LIMIT_PER_RESPONDENT = 4
    assert type(caches["default"]).__name__ == "RedisCache"
    caches["default"].clear()
    request = rf.post("/", {"participant_key": "one-phone"}, REMOTE_ADDR=VENUE)
    results = [ratelimit.limit_reached(request, {}, now=1000.0) for _ in range(5)]
    caches["default"].clear()
    assert results == [None, None, None, None, "phone"]
