"""Role fixtures, a frozen clock and the browser, shared by every app's tests."""

import datetime
import os
import shutil
import zoneinfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from tests.factories import CohortFactory, SessionFactory, UserFactory, facilitator_factory, lead_factory

# Playwright's sync API runs an event loop in the test's thread; Django's ORM must not mind.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LONDON = zoneinfo.ZoneInfo("Europe/London")
FROZEN_NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
OUR_APPS = {"workshops", "evaluations", "commitments", "projects"}
pytest_plugins = ["tests.survey_fixtures"]


def pytest_configure(config):
    # The suite does not run collectstatic: find static files in the apps, as runserver does.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # One process, so a cache in memory; emptied before each test (see `empty_cache`).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limit counters from one test must not count against the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def totals_equal_a_recount(request):
    """After every test that used the database, the kept totals equal a recount of the answers.

    The check_totals command's check (docs/adr/0040), run here after every data-changing test.
    Asking for the database fixture first makes this check run before the test's rollback.
    """
    marked = request.node.get_closest_marker("django_db")
    uses_database = "_django_db_helper" in request.fixturenames or marked
    if not uses_database or request.node.get_closest_marker("totals_unchecked"):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    if connection.needs_rollback:
        return  # the test ended inside a failed transaction (pytest.raises(IntegrityError)): nothing stored
    from evaluations.totals import differences

    assert differences() == []


@pytest.fixture
def frozen_now():
    """The clock stands still at 10:00 on 25 November 2026, London time."""
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def data_migration_rows(request):
    """Give a transactional test (browser, threads) the rows our data migrations make.

    Such a test flushes the whole database when it ends, so the next one would find no staff
    groups, no workshop and no default surveys. Django's `serialized_rollback` cannot put them
    back here: once Playwright runs its event loop, Django sees another connection object than the
    one that kept the copy. So run our apps' data migrations again; they are idempotent.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    graph = MigrationLoader(connection).graph
    in_order = dict.fromkeys(key for leaf in sorted(graph.leaf_nodes()) for key in graph.forwards_plan(leaf))
    for app_label, name in in_order:
        if app_label in OUR_APPS:
            for operation in graph.nodes[app_label, name].operations:
                if isinstance(operation, RunPython):
                    operation.code(django_apps, None)


# People ---------------------------------------------------------------------------------------


@pytest.fixture
def facilitator(db):
    return facilitator_factory(username="facilitator", first_name="Priya", last_name="Shah")


@pytest.fixture
def other_facilitator(db):
    return facilitator_factory(username="other_facilitator", first_name="Olu", last_name="Adeyemi")


@pytest.fixture
def lead(db):
    return lead_factory(username="lead", first_name="Tom", last_name="Okafor")


@pytest.fixture
def outsider(db):
    """Logged in, but in no group: sees nothing."""
    return UserFactory(username="outsider")


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def facilitator_client(client, facilitator):
    return _client_for(client, facilitator)


@pytest.fixture
def other_facilitator_client(client, other_facilitator):
    return _client_for(client, other_facilitator)


@pytest.fixture
def lead_client(client, lead):
    return _client_for(client, lead)


@pytest.fixture
def outsider_client(client, outsider):
    return _client_for(client, outsider)


# The workshop's things ------------------------------------------------------------------------


@pytest.fixture
def cohort(facilitator):
    """A running cohort that `facilitator` facilitates, with two sessions."""
    cohort = CohortFactory(
        name="Luton Pharmacy Team",
        slug="luton-pharmacy",
        facilitators=[facilitator],
        expected_participants=18,
    )
    SessionFactory(cohort=cohort, part=1, date=datetime.date(2026, 11, 25), title="Part 1: equity and QI")
    SessionFactory(cohort=cohort, part=2, date=datetime.date(2026, 12, 9), title="Part 2: using QI")
    return cohort


# The browser ----------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = "no Chromium found (install the Debian package chromium to run browser tests)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def playwright_instance(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path):
    browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _watched_page(context):
    """A page that fails the test if the browser refused anything under our Content Security Policy."""
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not refused, "The Content Security Policy blocked something:\n" + "\n".join(refused)


@pytest.fixture
def phone(browser, playwright_instance, live_server):
    """A page on a Pixel 7 sized phone (412 px wide, touch), pointed at the live server."""
    context = browser.new_context(**playwright_instance.devices["Pixel 7"], base_url=live_server.url)
    yield from _watched_page(context)


@pytest.fixture
def phone_without_javascript(browser, playwright_instance, live_server):
    """The Pixel 7 with JavaScript turned off, as some locked-down or data-saving phones are."""
    context = browser.new_context(
        **playwright_instance.devices["Pixel 7"], java_script_enabled=False, base_url=live_server.url
    )
    yield from _watched_page(context)


@pytest.fixture
def narrow_phone(browser, live_server):
    """The narrowest phone we design for: 360 px wide."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    yield from _watched_page(context)


@pytest.fixture
def laptop(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    yield from _watched_page(context)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of the test's own, removed after it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
