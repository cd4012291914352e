"""What every page says about itself: nothing secret in URLs, private pages never cached, error
pages in the site's own look with its headers, HEAD answered like GET, no start with a public key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.commitments.factories import CommitmentFactory, open_form
from workshops import participants

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


# GET forms ---------------------------------------------------------------------------------------


def test_the_join_form_puts_no_csrf_token_in_its_url(client, cohort):
    body = client.get(reverse("workshops:join")).content.decode()
    assert 'method="get"' in body
    assert "csrfmiddlewaretoken" not in body


def test_the_staff_export_form_puts_no_csrf_token_in_its_url(lead_client, cohort):
    body = lead_client.get(reverse("reports:commitments_export", args=[cohort.slug])).content.decode()
    form = body[body.index('<form method="get"') :]
    assert "csrfmiddlewaretoken" not in form[: form.index("</form>")]


# Caching of private pages ------------------------------------------------------------------------


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_staff_pages_and_exports_are_never_stored_by_a_browser_or_proxy(
    facilitator_client, lead_client, cohort
):
    assert no_store(facilitator_client.get(reverse("workshops:dashboard")))
    assert no_store(facilitator_client.get(reverse("workshops:cohort_detail", args=[cohort.slug])))
    export = lead_client.get(reverse("reports:commitments_export", args=[cohort.slug]), {"format": "csv"})
    assert export.status_code == 200 and no_store(export)


def test_a_returning_participants_prefilled_survey_is_never_stored(client, cohort):
    from evaluations import services

    survey = services.survey_open(survey=services.survey_add(cohort=cohort, phase="after"))
    url = survey.get_participant_url()
    body = client.get(url).content.decode()
    token = body.split('name="submission_token" value="')[1].split('"')[0]
    key = body.split('name="participant_key" value="')[1].split('"')[0]
    item = survey.items.get(code="comments")
    client.post(url, {"submission_token": token, "participant_key": key, f"item_{item.pk}": "Mine"})
    again = client.get(url)
    assert "Mine" in again.content.decode()
    assert no_store(again)


def test_a_participants_own_post_its_are_never_stored(client, cohort):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort, text="Ask every patient how they prefer to be contacted")
    client.cookies[participants.cookie_name(cohort)] = card.participant.key
    response = client.get(reverse("commitments:mine", args=[cohort.join_code]))
    assert "prefer to be contacted" in response.content.decode()
    assert no_store(response)


def test_public_pages_without_anything_private_may_still_be_cached(client):
    assert not no_store(client.get(reverse("workshops:privacy")))


# Error pages ------------------------------------------------------------------------------------


def test_the_too_big_page_carries_the_content_security_policy_and_frame_headers(client):
    client.raise_request_exception = False
    response = client.post(reverse("login"), {"note": "x" * (7 * 1024 * 1024)})
    assert response.status_code == 413
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_csrf_failure_is_a_page_in_the_sites_look_with_a_way_back(facilitator):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))  # a tab left open…
    browser.force_login(facilitator)  # …across a new sign-in, which changed the token
    response = browser.post(reverse("workshops:cohort_create"), {"name": "Stale"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "<title>This page had expired" in body
    assert "Go back, reload the page and try again" in body
    assert 'name="viewport"' in body  # laid out for a phone, not 980 px wide
    assert 'href="/"' in body or f'href="{reverse("workshops:dashboard")}"' in body
    assert "CSRF" not in body and "Forbidden" not in body
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_host_header_we_do_not_serve_is_a_400_page_not_a_500(client):
    client.raise_request_exception = False
    response = client.get(reverse("workshops:join"), HTTP_HOST="evil.example")
    assert response.status_code == 400


# HEAD -------------------------------------------------------------------------------------------


def test_head_is_answered_like_get_on_public_pages(client, cohort):
    for url in (reverse("workshops:join"), reverse("workshops:privacy"), cohort.get_join_url()):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


def test_head_is_answered_like_get_on_staff_pages(facilitator_client, cohort):
    assert facilitator_client.head(reverse("workshops:dashboard")).status_code == 200
    assert facilitator_client.head(reverse("workshops:cohort_edit", args=[cohort.slug])).status_code == 200


# The secret key ---------------------------------------------------------------------------------


def serve(env_extra: dict) -> subprocess.CompletedProcess:
    """Load the WSGI application gunicorn would serve, in a fresh process."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    code = "import qiequity.wsgi"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    refused = serve({"DEBUG": "false"})
    assert refused.returncode != 0
    assert "Set SECRET_KEY" in refused.stderr


def test_the_site_starts_with_a_secret_key_or_in_debug():
    assert serve({"DEBUG": "false", "SECRET_KEY": "x" * 60}).returncode == 0
    assert serve({"DEBUG": "true"}).returncode == 0
