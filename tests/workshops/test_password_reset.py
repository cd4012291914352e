"""A member of staff who forgot their password resets it by email; asking too often is paused."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
RESET = reverse("password_reset")


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_the_sign_in_page_offers_a_reset(client, db):
    assert f'href="{RESET}"' in client.get(reverse("login")).content.decode()


def test_a_facilitator_resets_their_password_with_the_emailed_link_once(client, facilitator):
    response = client.post(RESET, {"email": facilitator.email})
    assert response.url == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == [facilitator.email]
    assert message.subject == "Reset your qiequity password"
    assert "Hello Priya" in message.body

    link = reset_link(message)
    form_page = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert "Choose a new password" in form_page.content.decode()
    new = {"new_password1": "a-long-new-passphrase-7", "new_password2": "a-long-new-passphrase-7"}
    done = client.post(form_page.redirect_chain[-1][0], new)
    assert done.url == reverse("password_reset_complete")
    facilitator.refresh_from_db()
    assert facilitator.check_password("a-long-new-passphrase-7")

    again = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_an_address_without_an_account_gets_the_same_page_and_no_email(client, db):
    response = client.post(RESET, {"email": "nobody@example.nhs.uk"})
    assert response.url == reverse("password_reset_done")
    assert not mail.outbox


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter the email address of your account"), ("priya at nhs", "Enter an email address like")],
)
def test_a_missing_or_wrong_address_is_refused_in_plain_words(client, db, email, message):
    body = client.post(RESET, {"email": email}).content.decode()
    assert "<title>Error: Reset your password" in body
    assert body.count(message) == 2
    assert not mail.outbox


def test_the_new_passwords_must_match_and_say_so_plainly(client, facilitator):
    client.post(RESET, {"email": facilitator.email})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    body = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase-7", "new_password2": "other"},
    ).content.decode()
    assert "The two new passwords are not the same. Type the same one twice" in body
    assert "didn’t match" not in body


def test_asking_again_and_again_for_one_address_is_paused_after_three_emails(client, facilitator, settings):
    answers = [client.post(RESET, {"email": facilitator.email}).status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    body = client.post(RESET, {"email": facilitator.email}).content.decode()
    assert "Too many reset emails asked for" in body


def test_one_network_asking_for_many_addresses_is_paused(client, db, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    answers = [client.post(RESET, {"email": f"person{n}@example.nhs.uk"}).status_code for n in range(6)]
    assert answers == [302, 302, 302, 302, 429, 429]
