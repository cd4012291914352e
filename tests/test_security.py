"""Headers and throttles every page gets."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


def sign_in(client, username: str, password: str, **address):
    """Post the sign-in form from an address (REMOTE_ADDR, and X-Forwarded-For behind a proxy)."""
    return client.post(reverse("login"), {"username": username, "password": password}, **address)


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("workshops:join"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_pages_may_not_be_framed(client):
    assert client.get(reverse("workshops:join"))["X-Frame-Options"] == "DENY"


def test_repeated_wrong_passwords_lock_that_username_from_that_address_with_a_clear_message(
    client, facilitator
):
    for _ in range(5):
        sign_in(client, "facilitator", "wrong", REMOTE_ADDR="10.0.0.7")
    response = sign_in(client, "facilitator", RIGHT, REMOTE_ADDR="10.0.0.7")
    body = response.content.decode()
    assert response.status_code == 429
    assert "Too many attempts to sign in" in body
    assert "paused for 15 minutes" in body
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_stop_someone_else_at_the_same_venue(client, facilitator, other_facilitator):
    for _ in range(6):
        sign_in(client, "facilitator", "wrong", REMOTE_ADDR="10.0.0.7")
    assert sign_in(client, "other_facilitator", RIGHT, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_the_same_person_elsewhere_is_not_locked_out(client, facilitator):
    for _ in range(6):
        sign_in(client, "facilitator", "wrong", REMOTE_ADDR="10.0.0.7")
    assert sign_in(client, "facilitator", RIGHT, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_behind_our_proxy_a_lockout_is_keyed_on_the_address_the_proxy_saw(client, facilitator, settings):
    settings.BEHIND_PROXY = True
    venue, elsewhere = "203.0.113.7", "198.51.100.9"
    for _ in range(5):
        sign_in(client, "facilitator", "wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=venue)
    locked = sign_in(client, "facilitator", RIGHT, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=venue)
    assert locked.status_code == 429
    other = sign_in(client, "facilitator", RIGHT, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=elsewhere)
    assert other.status_code == 302


def test_many_usernames_tried_from_one_address_are_paused_for_that_address(client, facilitator, settings):
    settings.LOGIN_USERNAMES_PER_ADDRESS = 30
    statuses = [sign_in(client, f"guess{n}", "wrong", REMOTE_ADDR="10.0.0.7").status_code for n in range(44)]
    assert statuses[:30] == [200] * 30
    assert set(statuses[30:]) == {429}
    paused = sign_in(client, "facilitator", RIGHT, REMOTE_ADDR="10.0.0.7")
    assert paused.status_code == 429
    assert "Too many failed sign-ins from this network" in paused.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "facilitator", RIGHT, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_a_room_of_staff_signing_in_at_once_never_meets_the_cap_per_address(client):
    """Forty staff at one venue, each mistyping their password once and their username once."""
    from tests.factories import UserFactory

    for n in range(40):
        user = UserFactory(username=f"staff{n}")
        user.set_password(RIGHT)
        user.save()
    for n in range(40):
        client.cookies.clear()
        sign_in(client, f"staff{n}", "wrong", REMOTE_ADDR="10.0.0.7")
        if n % 4 == 0:  # one in four also mistypes their username
            sign_in(client, f"staf{n}", RIGHT, REMOTE_ADDR="10.0.0.7")
        assert sign_in(client, f"staff{n}", RIGHT, REMOTE_ADDR="10.0.0.7").status_code == 302
