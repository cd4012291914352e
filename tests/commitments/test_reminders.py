"""`send_follow_up_reminders` emails a private link once per due date; the link works once, for a while."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.models import FollowUpNote, Reminder, token_digest
from tests.commitments.factories import CommitmentFactory, reminder_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)  # the frozen clock's day


def send() -> str:
    out = StringIO()
    call_command("send_follow_up_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def due(cohort, frozen_now):
    return CommitmentFactory(
        cohort=cohort,
        email="aisha@example.nhs.uk",
        display_name="Aisha",
        due_date=TODAY,
        text="Audit reviews",
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_due_commitment_gets_one_email_with_a_private_link_and_the_command_says_so(due, settings):
    settings.SITE_URL = "https://qiequity.example.nhs.uk"
    out = send()
    (message,) = mail.outbox
    assert message.to == ["aisha@example.nhs.uk"]
    assert "how is it going" in message.subject
    assert "Luton Pharmacy Team" in message.body
    assert link_in(message).startswith("https://qiequity.example.nhs.uk/my-commitment/")
    assert f"Sent: commitment {due.pk} (Luton Pharmacy Team), due 25 Nov 2026, to a…@example.nhs.uk" in out
    assert "Sent 1 reminder(s)." in out
    reminder = Reminder.objects.get()
    assert (reminder.due_date, reminder.sent_to) == (TODAY, "aisha@example.nhs.uk")


def test_the_email_carries_nothing_a_participant_typed(cohort, frozen_now):
    """The address was never confirmed: whoever typed it must not be able to write to its owner."""
    CommitmentFactory(
        cohort=cohort,
        email="someone.else@example.com",
        display_name="Claim your prize at spam.example",
        due_date=TODAY,
        text="Cheap pills at https://spam.example/buy, click now!",
    )
    send()
    (message,) = mail.outbox
    for typed in ("spam.example", "prize", "Cheap pills"):
        assert typed not in message.subject and typed not in message.body
    assert "If you did not write a commitment" in message.body


def test_running_the_command_twice_sends_nothing_twice(due):
    send()
    out = send()
    assert len(mail.outbox) == 1
    assert "No reminders to send today." in out
    assert Reminder.objects.count() == 1


def test_an_overdue_commitment_never_reminded_is_reminded(cohort, frozen_now):
    CommitmentFactory(
        cohort=cohort, email="late@example.nhs.uk", due_date=TODAY - datetime.timedelta(days=30)
    )
    send()
    assert len(mail.outbox) == 1


def test_a_new_due_date_brings_a_new_reminder(due, frozen_now):
    send()
    due.due_date = TODAY - datetime.timedelta(days=1)  # a lead moved it; it is due again
    due.save()
    send()
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"email": ""},
        {"status": "done"},
        {"status": "not_pursued"},
        {"due_date": TODAY + datetime.timedelta(days=1)},
        {"moderation": "hidden"},
    ],
    ids=["no email", "done", "not pursued", "not due yet", "hidden by a facilitator"],
)
def test_no_reminder_without_an_email_or_once_closed_or_before_it_is_due(cohort, frozen_now, fields):
    CommitmentFactory(cohort=cohort, **({"email": "x@example.nhs.uk", "due_date": TODAY} | fields))
    assert "No reminders to send today." in send()
    assert not mail.outbox


def test_a_refused_email_is_not_recorded_so_the_next_run_tries_again(due, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("commitments.services.send_mail", refuse)
    err = StringIO()
    with pytest.raises(CommandError, match="1 reminder"):
        call_command("send_follow_up_reminders", stdout=StringIO(), stderr=err)
    assert "the mail server is down" in err.getvalue()
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    send()
    assert len(mail.outbox) == 1


def test_a_dry_run_lists_and_sends_nothing(due):
    out = StringIO()
    call_command("send_follow_up_reminders", "--dry-run", stdout=out)
    assert f"Would send: commitment {due.pk}" in out.getvalue()
    assert not mail.outbox
    assert not Reminder.objects.exists()


def test_only_a_digest_of_the_links_token_is_stored(due):
    send()
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    reminder = Reminder.objects.get()
    assert reminder.token_digest == token_digest(token)
    assert token not in reminder.token_digest
    assert len(token) >= 40


# The participant's private link --------------------------------------------------------------------


def update_url(token):
    return reverse("commitments:participant_update", args=[token])


def test_the_link_from_the_email_lets_the_participant_update_their_commitment_once(client, due):
    send()
    url = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    page = client.get(url).content.decode()
    assert "How is your commitment going?" in page
    assert "Audit reviews" in page

    response = client.post(url, {"status": "in_progress", "note": "Two PCNs done."})
    assert response.url == reverse("commitments:participant_update_done")
    note = FollowUpNote.objects.get()
    assert (note.author, note.status_from, note.status_to, note.note) == (
        None,
        "committed",
        "in_progress",
        "Two PCNs done.",
    )
    due.refresh_from_db()
    assert due.status == "in_progress"
    assert Reminder.objects.get().used_at is not None

    again = client.get(url)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert client.post(url, {"status": "done"}).status_code == 410
    assert FollowUpNote.objects.count() == 1


def test_an_expired_link_is_refused_and_says_so(client, due, frozen_now):
    reminder = reminder_for(due, token="an-old-token")
    frozen_now.shift(Reminder.LINK_LIFETIME + datetime.timedelta(seconds=1))
    response = client.get(update_url("an-old-token"))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert client.post(update_url("an-old-token"), {"status": "done"}).status_code == 410
    due.refresh_from_db()
    reminder.refresh_from_db()
    assert due.status == "committed"
    assert reminder.used_at is None
    assert not FollowUpNote.objects.exists()


def test_a_made_up_link_is_not_found(client, db):
    response = client.get(update_url("not-a-real-token"))
    assert response.status_code == 404
    assert "We do not recognise this link" in response.content.decode()


def test_the_update_form_keeps_the_note_when_the_status_is_missing(client, due):
    reminder_for(due, token="a-token")
    body = client.post(update_url("a-token"), {"note": "Typed first"}).content.decode()
    assert "<title>Error: How is your commitment going?" in body
    assert "Choose how it is going" in body
    assert "Typed first" in body
    assert Reminder.objects.get().used_at is None


def test_the_update_page_shows_no_other_participants_details(client, due, cohort):
    CommitmentFactory(cohort=cohort, text="Someone else's words", email="someone@example.nhs.uk")
    reminder_for(due, token="a-token")
    body = client.get(update_url("a-token")).content.decode()
    assert "Someone else" not in body
    assert "someone@example.nhs.uk" not in body
    assert "aisha@example.nhs.uk" not in body


def test_the_update_page_answers_only_get_and_post(client, due):
    reminder_for(due, token="a-token")
    assert client.put(update_url("a-token")).status_code == 405
