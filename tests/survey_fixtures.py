"""Surveys shared by the evaluations and reports tests: the default surveys in `cohort`, and the demo."""

import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection

from evaluations import services
from evaluations.models import Survey


@pytest.fixture
def survey(cohort) -> Survey:
    """`cohort`'s "After the workshop", copied from the workshop's defaults, open now."""
    survey = services.survey_add(cohort=cohort, phase="after")
    return services.survey_open(survey=survey)


@pytest.fixture
def items(survey) -> dict:
    """The survey's items by code: aim-1, aim-2, aim-3, recommend, overall, useful, comments."""
    return {item.code: item for item in survey.items.all()}


@pytest.fixture
def before(cohort) -> Survey:
    """`cohort`'s "Before the workshop", copied from the defaults, closed."""
    survey = services.survey_add(cohort=cohort, phase="before")
    return services.survey_close(survey=services.survey_open(survey=survey))


@pytest.fixture
def after(cohort) -> Survey:
    """`cohort`'s "After the workshop", copied from the defaults, closed."""
    survey = services.survey_add(cohort=cohort, phase="after")
    return services.survey_close(survey=services.survey_open(survey=survey))


@pytest.fixture
def programme_demo(settings, frozen_now):
    """The demo's programme: the BLMK cohort, its later cohorts, and the one running today."""
    settings.DEBUG = True
    call_command("load_demo")


@pytest.fixture
def one_request_at_a_time(monkeypatch):
    """On SQLite, let the live server handle one request at a time, as writers queue in production.

    The live server's threads share the in-memory test database's one connection, which fails
    ("database table is locked") when two requests use it at once; a SQLite file in WAL mode with
    IMMEDIATE transactions (docs/adr/0003) makes them wait instead. PostgreSQL needs no help, so
    there two taps really are handled at the same time (see also test_concurrent_submits.py).
    """
    if connection.vendor != "sqlite":
        return
    lock = threading.Lock()
    handle = WSGIHandler.__call__

    def one_at_a_time(self, environ, start_response):
        with lock:
            return handle(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", one_at_a_time)
