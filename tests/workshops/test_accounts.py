import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_log_in_and_land_on_their_dashboard(client, facilitator):
    response = client.post(reverse("login"), {"username": "facilitator", "password": "correct horse battery"})
    assert response.url == reverse("workshops:dashboard")


def test_a_wrong_password_says_so_and_keeps_the_username(client, facilitator):
    response = client.post(reverse("login"), {"username": "facilitator", "password": "nope"})
    body = response.content.decode()
    assert "<title>Error: Sign in" in body
    assert "There is a problem" in body
    assert 'value="facilitator"' in body


def test_the_sign_in_error_appears_once_in_plain_words(client, facilitator):
    response = client.post(reverse("login"), {"username": "facilitator", "password": "nope"})
    body = response.content.decode()
    assert body.count("The username or password is not right") == 1
    assert "Please enter a correct" not in body


def test_an_empty_sign_in_names_both_fields(client, db):
    body = client.post(reverse("login"), {}).content.decode()
    assert "Enter your username" in body
    assert "Enter your password" in body


def test_a_username_too_long_for_any_account_is_refused_before_anything_is_recorded(client, db):
    from axes.models import AccessAttempt

    body = client.post(reverse("login"), {"username": "x" * 5000, "password": "nope"}).content.decode()
    assert "A username has 150 characters or fewer" in body
    assert not AccessAttempt.objects.exists()  # PostgreSQL refused to store one this long: a 500


def test_log_out_is_a_post(facilitator_client):
    response = facilitator_client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert facilitator_client.get(reverse("workshops:dashboard")).status_code == 302


def test_a_facilitator_changes_their_password(facilitator_client, facilitator):
    response = facilitator_client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.url == reverse("password_change_done")
    facilitator.refresh_from_db()
    assert facilitator.check_password("a-new-long-passphrase-9")


def test_the_roles_exist_from_a_migration(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {"Facilitators", "Programme leads"}
