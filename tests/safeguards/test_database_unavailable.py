"""When the database is out of reach, participants get a plain "please try again" page, status 503."""

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.test import Client

from evaluations.models import Response
from safeguards.views import DatabaseUnavailableResponse

pytestmark = pytest.mark.django_db


def failing_writes(message):
    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    return wrapper


@pytest.fixture
def phone_client():
    """A client that shows what a phone would see instead of raising the server's errors."""
    return Client(raise_request_exception=False)


def submit(phone_client, survey, items):
    page = phone_client.get(survey.get_participant_url()).content.decode()
    token = page.split('name="submission_token" value="')[1].split('"')[0]
    key = page.split('name="participant_key" value="')[1].split('"')[0]
    data = {"submission_token": token, "participant_key": key, f"item_{items['aim-1'].pk}": "5"}
    return phone_client.post(survey.get_participant_url(), data)


@pytest.mark.parametrize(
    "message",
    [
        "server closed the connection unexpectedly",  # PostgreSQL restarting
        "attempt to write a readonly database",  # SQLite's file made read-only
        "database or disk is full",  # SQLite's disk full
    ],
)
def test_a_submit_the_database_cannot_take_gets_a_plain_try_again_page_with_status_503(
    phone_client, survey, items, message
):
    with connection.execute_wrapper(failing_writes(message)):
        response = submit(phone_client, survey, items)
    body = response.content.decode()
    assert response.status_code == 503
    assert "please try again" in body.lower()
    assert "your answers are still in the form" in body
    assert response["Retry-After"] == "10"
    assert "Traceback" not in body and message not in body
    assert not Response.objects.exists()


def test_the_page_is_the_same_when_the_database_is_gone_for_any_query(phone_client, survey):
    def gone(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(lambda *args: gone()):
        response = phone_client.get(survey.get_participant_url())
    assert response.status_code == 503
    assert "your answers are still in the form" in response.content.decode()


def test_after_the_outage_the_same_form_goes_through_once(phone_client, survey, items):
    with connection.execute_wrapper(failing_writes("database or disk is full")):
        assert submit(phone_client, survey, items).status_code == 503
    assert submit(phone_client, survey, items).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_bug_is_still_a_500_not_a_try_again_page(phone_client, survey, items, monkeypatch):
    def bug(**kwargs):
        raise IntegrityError("a real bug")

    monkeypatch.setattr("evaluations.services.response_submit", bug)
    response = submit(phone_client, survey, items)
    assert response.status_code == 500
    assert "your answers are still in the form" not in response.content.decode()


def open_files(path):
    fds = Path("/proc/self/fd")
    return [fd for fd in fds.iterdir() if str(path) in os.path.realpath(fd)]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to list open files")
def test_once_sent_the_page_lets_go_of_a_database_connection_that_failed_half_way(tmp_path):
    """A connection that failed while opening is left in a cycle with its traceback, files open."""
    database = tmp_path / "half-open.sqlite3"
    half_open = sqlite3.connect(database)
    half_open.execute("CREATE TABLE t (x)")
    cycle = [half_open]
    cycle.append(cycle)
    del half_open, cycle
    assert open_files(database)

    response = DatabaseUnavailableResponse("please try again")
    response.close()

    assert response.status_code == 503
    assert not open_files(database)
