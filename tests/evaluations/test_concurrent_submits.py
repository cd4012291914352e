"""Two taps that reach the server at the same moment still store one response.

These run on a real (transactional) database with two threads posting the same form at once,
as a phone does when the first tap has not come back before the second. The form carries the
same one-time token and the same candidate participant key, and both requests come from the browser
that loaded it (its CSRF cookie) but neither has the cohort's cookie yet.
"""

import re
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from evaluations import services
from evaluations.models import Answer, Response
from tests.factories import CohortFactory
from workshops.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)


def post_together(url: str, data: dict, times: int = 2) -> list[int]:
    barrier = threading.Barrier(times)
    statuses, errors = [], []
    browser = data.pop("browser")

    def tap():
        try:
            client = Client()
            client.cookies[settings.CSRF_COOKIE_NAME] = browser
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return statuses


@pytest.fixture
def open_survey():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads share SQLite's in-memory test database through its shared cache, whose table
        # locks fail at once ("database table is locked") instead of waiting as a file does.
        pytest.skip("needs a database that lets two threads write at once (PostgreSQL)")
    cohort = CohortFactory()
    return services.survey_open(survey=services.survey_add(cohort=cohort, phase="after"))


def carried_by_the_form(survey) -> dict:
    """What the form carries, and the CSRF cookie of the browser that loaded it (`browser`)."""
    phone = Client()
    body = phone.get(survey.get_participant_url()).content.decode()
    carried = {
        name: re.search(rf'name="{name}" value="([^"]*)"', body).group(1)
        for name in ("submission_token", "participant_key")
    }
    return {**carried, "browser": phone.cookies[settings.CSRF_COOKIE_NAME].value}


def test_two_simultaneous_first_submits_of_one_form_store_one_response(open_survey):
    item = open_survey.items.get(code="aim-1")
    data = {**carried_by_the_form(open_survey), f"item_{item.pk}": "5"}
    statuses = post_together(open_survey.get_participant_url(), data)
    assert statuses == [302, 302]
    assert Response.objects.count() == 1
    assert Participant.objects.count() == 1
    assert list(Answer.objects.values_list("number", flat=True)) == [5]


def test_five_simultaneous_retries_of_one_form_store_one_response(open_survey):
    item = open_survey.items.get(code="recommend")
    data = {**carried_by_the_form(open_survey), f"item_{item.pk}": "1"}
    statuses = post_together(open_survey.get_participant_url(), data, times=5)
    assert statuses == [302] * 5
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1
