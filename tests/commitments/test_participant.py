"""A participant writes, changes and withdraws their own post-its on their phone, with no account."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from commitments.models import Commitment, CommitmentSettings
from tests.commitments.factories import CommitmentFactory, ParticipantFactory, open_form
from workshops import participants
from workshops.models import Participant

pytestmark = pytest.mark.django_db

TEXT = "Check whether patients who need an interpreter are offered one at discharge counselling."


def new_url(cohort):
    return reverse("commitments:new", args=[cohort.join_code])


def mine_url(cohort):
    return reverse("commitments:mine", args=[cohort.join_code])


def edit_url(commitment):
    return reverse("commitments:edit", args=[commitment.cohort.join_code, commitment.pk])


def withdraw_url(commitment):
    return reverse("commitments:withdraw", args=[commitment.cohort.join_code, commitment.pk])


def hidden_fields(response) -> dict:
    body = response.content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]+)"', body).group(1)
        for name in ("submission_token", "participant_key")
    }


def form_post(client, cohort, **fields):
    """What a phone sends after loading the form once: its one-time token and candidate key."""
    data = {"text": TEXT, "kind": "action", "display_name": "Aisha", "email": ""}
    data.update(hidden_fields(client.get(new_url(cohort))))
    data.update(fields)
    return data


def key_of(data) -> str:
    """The participant's key in what a form carried (its proof follows a dot)."""
    return data["participant_key"].partition(".")[0]


def same_browser(client) -> Client:
    """Another request from the browser `client` is, without the cohorts' cookies it has since got."""
    browser = Client()
    browser.cookies[settings.CSRF_COOKIE_NAME] = client.cookies[settings.CSRF_COOKIE_NAME].value
    return browser


def phone_of(participant) -> Client:
    phone = Client()
    phone.cookies[participants.cookie_name(participant.cohort)] = participant.key
    return phone


# The way in ---------------------------------------------------------------------------------------


def test_the_join_page_offers_the_form_only_while_it_is_open(client, cohort):
    assert "Write a commitment" not in client.get(cohort.get_join_url()).content.decode()
    open_form(cohort)
    body = client.get(cohort.get_join_url()).content.decode()
    assert "Write a commitment" in body
    assert f'href="{new_url(cohort)}"' in body


def test_a_cancelled_cohort_offers_no_form_even_if_it_was_left_open(client, cohort):
    open_form(cohort)
    cohort.is_cancelled = True
    cohort.save()
    assert "Write a commitment" not in client.get(cohort.get_join_url()).content.decode()
    assert "The commitments form is closed" in client.get(new_url(cohort)).content.decode()


def test_a_cohort_without_settings_yet_has_a_closed_form_and_reading_it_writes_nothing(client, cohort):
    for url in (cohort.get_join_url(), new_url(cohort), mine_url(cohort)):
        assert client.get(url).status_code == 200
    assert "The commitments form is closed" in client.get(new_url(cohort)).content.decode()
    assert not CommitmentSettings.objects.exists()


def test_the_form_asks_the_plain_question_and_explains_the_email(client, cohort):
    open_form(cohort)
    body = client.get(new_url(cohort)).content.decode()
    assert "One action I will take to identify an equity issue in my work" in body
    assert "A project idea I will develop with QI" in body
    assert "Leave it blank to post anonymously" in body
    assert (
        "We use it only to follow up your commitment: we email you a private link to say how it is going "
        "on its follow-up date (about six weeks after the workshop’s last session, unless that date is "
        "moved); it is never shown on the wall."
    ) in body
    assert 'name="submission_token"' in body and 'name="participant_key"' in body


# Posting ------------------------------------------------------------------------------------------


def test_a_participant_posts_a_commitment_and_their_phone_is_remembered(client, cohort, frozen_now):
    open_form(cohort)
    data = form_post(client, cohort, kind="project_idea", email="aisha@example.nhs.uk")
    response = client.post(new_url(cohort), data)

    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response.url == mine_url(cohort)
    assert response.cookies[participants.cookie_name(cohort)].value == key_of(data)
    assert commitment.participant.key == key_of(data)
    assert (commitment.text, commitment.kind, commitment.display_name, commitment.email) == (
        TEXT,
        "project_idea",
        "Aisha",
        "aisha@example.nhs.uk",
    )
    assert commitment.status == "committed"
    assert commitment.is_on_wall
    # Six weeks after the cohort's last session, 9 December 2026.
    assert commitment.due_date == datetime.date(2027, 1, 20)
    page = client.get(response.url).content.decode()
    assert "Your commitment is on the wall" in page
    assert TEXT in page


def test_a_double_tap_on_the_very_first_post_stores_one_card_and_one_participant(client, cohort):
    open_form(cohort)
    data = form_post(client, cohort)
    # Neither request carries the cohort's cookie: the second left before the first came back.
    first = same_browser(client).post(new_url(cohort), data)
    second = same_browser(client).post(new_url(cohort), data)
    assert first.status_code == second.status_code == 302
    assert Commitment.objects.count() == 1
    assert Participant.objects.count() == 1
    assert second.cookies[participants.cookie_name(cohort)].value == key_of(data)


def test_a_key_someone_holds_posted_from_another_browser_opens_none_of_their_cards(client, cohort):
    open_form(cohort)
    data = form_post(client, cohort, text="Ask every patient how they prefer to be contacted")
    client.post(new_url(cohort), data)
    for stolen in (key_of(data), data["participant_key"]):
        attacker = Client()
        response = attacker.post(new_url(cohort), form_post(attacker, cohort, participant_key=stolen))
        assert response.cookies[participants.cookie_name(cohort)].value != key_of(data)
        assert "how they prefer to be contacted" not in attacker.get(mine_url(cohort)).content.decode()
    assert Commitment.objects.filter(participant__key=key_of(data)).count() == 1


def test_a_retry_after_the_cookie_was_set_stores_nothing_new(client, cohort):
    open_form(cohort)
    data = form_post(client, cohort)
    client.post(new_url(cohort), data)
    client.post(new_url(cohort), data)
    assert Commitment.objects.count() == 1


def test_back_then_posting_the_same_words_from_a_freshly_loaded_form_puts_no_second_card_up(client, cohort):
    open_form(cohort)
    client.post(new_url(cohort), form_post(client, cohort))
    # Back: the browser loads the form again (a new token) and fills in what was typed.
    again = client.post(new_url(cohort), form_post(client, cohort), follow=True)
    assert Commitment.objects.count() == 1
    assert "You have posted this commitment already" in again.content.decode()


def test_the_same_words_from_another_phone_are_another_card(client, cohort):
    open_form(cohort)
    client.post(new_url(cohort), form_post(client, cohort))
    other = Client()
    other.post(new_url(cohort), form_post(other, cohort))
    assert Commitment.objects.count() == 2


def test_a_second_commitment_from_the_same_phone_is_a_second_card(client, cohort):
    open_form(cohort)
    client.post(new_url(cohort), form_post(client, cohort))
    client.post(
        new_url(cohort), form_post(client, cohort, text="Add a deprivation breakdown to our dashboard.")
    )
    assert Commitment.objects.count() == 2
    assert Participant.objects.count() == 1


def test_what_was_typed_survives_a_too_short_commitment(client, cohort):
    open_form(cohort)
    data = form_post(client, cohort, text="Audit", kind="project_idea", email="aisha@example.nhs.uk")
    response = client.post(new_url(cohort), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Write your commitment" in body
    assert body.count("Write at least 10 characters") == 2  # the summary and the field
    assert 'href="#id_text"' in body
    assert ">\nAudit</textarea>" in body
    assert 'value="aisha@example.nhs.uk"' in body
    assert re.search(r'value="project_idea"[^>]*checked', body)
    assert hidden_fields(response) == {k: data[k] for k in ("submission_token", "participant_key")}
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "Write your commitment"),
        ({"text": "x" * 501}, "Keep it to 500 characters or fewer"),
        ({"email": "aisha at nhs"}, "Enter an email address like name@example.nhs.uk"),
        ({"kind": "manifesto"}, "Choose whether this is an action or a project idea"),
        ({"display_name": "A" * 41}, "Keep your name to 40 characters or fewer"),
    ],
)
def test_each_rule_of_the_form_is_explained(client, cohort, fields, message):
    open_form(cohort)
    response = client.post(new_url(cohort), form_post(client, cohort, **fields))
    assert message in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_blank_name_posts_anonymously(client, cohort):
    open_form(cohort)
    client.post(new_url(cohort), form_post(client, cohort, display_name=""))
    assert Commitment.objects.get().author_for_display == "Anonymous"


def test_where_cards_need_approval_a_new_card_waits_and_the_participant_is_told(client, cohort):
    open_form(cohort, needs_approval=True)
    response = client.post(new_url(cohort), form_post(client, cohort), follow=True)
    assert Commitment.objects.get().is_awaiting_approval
    body = response.content.decode()
    assert "will appear on the wall once the facilitator approves it" in body
    assert "Waiting for the facilitator to approve it" in body


def test_a_post_after_the_form_closed_stores_nothing_and_gives_back_all_that_was_typed(client, cohort):
    wall = open_form(cohort)
    data = form_post(client, cohort, kind="project_idea", email="aisha@example.nhs.uk")
    wall.is_open = False
    wall.save()
    response = client.post(new_url(cohort), data)
    body = response.content.decode()
    assert "The commitments form is closed" in body
    assert f'<blockquote class="quoted-commitment">{TEXT}</blockquote>' in body
    assert '<dt class="col-sm-4">Action or project idea</dt><dd class="col-sm-8">Project idea</dd>' in body
    assert '<dt class="col-sm-4">Your name on the wall</dt><dd class="col-sm-8">Aisha</dd>' in body
    assert '<dd class="col-sm-8">aisha@example.nhs.uk</dd>' in body
    assert "<input" not in body.split("<main", 1)[1]  # given back to copy, not a form to send again
    assert not Commitment.objects.exists()


# Their own cards, and nobody else's ---------------------------------------------------------------


def test_a_participant_sees_only_their_own_cards(cohort):
    open_form(cohort)
    mine = CommitmentFactory(
        cohort=cohort, text="Mine: audit reviews by deprivation", email="me@example.nhs.uk"
    )
    CommitmentFactory(cohort=cohort, text="Theirs: interpreter use at discharge", email="them@example.nhs.uk")
    body = phone_of(mine.participant).get(mine_url(cohort)).content.decode()
    assert "Mine: audit reviews by deprivation" in body
    assert "me@example.nhs.uk" in body
    assert "Theirs" not in body
    assert "them@example.nhs.uk" not in body


def test_a_phone_that_never_posted_sees_no_cards(client, cohort):
    open_form(cohort)
    CommitmentFactory(cohort=cohort, text="Someone else's audit of reviews")
    body = client.get(mine_url(cohort)).content.decode()
    assert "You have not written a commitment on this phone yet" in body
    assert "Someone else" not in body


def test_a_participant_cannot_open_change_or_withdraw_another_participants_card(cohort):
    open_form(cohort)
    theirs = CommitmentFactory(cohort=cohort, email="them@example.nhs.uk")
    me = ParticipantFactory(cohort=cohort)
    phone = phone_of(me)
    assert phone.get(edit_url(theirs)).status_code == 404
    assert phone.get(withdraw_url(theirs)).status_code == 404
    changed = {"text": "Hijacked by someone else entirely", "kind": "action", "display_name": "", "email": ""}
    assert phone.post(edit_url(theirs), changed).status_code == 404
    phone.post(withdraw_url(theirs))
    theirs.refresh_from_db()
    assert theirs.text.startswith("Audit who misses")
    assert theirs.email == "them@example.nhs.uk"


def test_a_card_cannot_be_reached_through_another_cohorts_code(cohort):
    other = open_form(CommitmentFactory().cohort).cohort
    open_form(cohort)
    mine = CommitmentFactory(cohort=cohort)
    phone = phone_of(mine.participant)
    wrong = reverse("commitments:edit", args=[other.join_code, mine.pk])
    assert phone.get(wrong).status_code == 404


def test_a_participant_changes_their_card(cohort):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort)
    phone = phone_of(card.participant)
    assert "Audit who misses" in phone.get(edit_url(card)).content.decode()
    response = phone.post(
        edit_url(card),
        {"text": TEXT, "kind": "project_idea", "display_name": "AK", "email": "ak@example.nhs.uk"},
    )
    assert response.url == mine_url(cohort)
    card.refresh_from_db()
    assert (card.text, card.kind, card.display_name, card.email) == (
        TEXT,
        "project_idea",
        "AK",
        "ak@example.nhs.uk",
    )


def test_a_change_keeps_what_was_typed_when_it_is_wrong(cohort):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort)
    response = phone_of(card.participant).post(
        edit_url(card), {"text": "Too short", "kind": "action", "display_name": "Zed", "email": ""}
    )
    body = response.content.decode()
    assert "<title>Error: Change your commitment" in body
    assert ">\nToo short</textarea>" in body
    assert 'value="Zed"' in body
    card.refresh_from_db()
    assert card.display_name == "Aisha"


def test_where_cards_need_approval_changed_wording_waits_again_but_a_new_email_does_not(cohort):
    open_form(cohort, needs_approval=True)
    card = CommitmentFactory(cohort=cohort, moderation="shown")
    phone = phone_of(card.participant)
    same_words = {"text": card.text, "kind": "action", "display_name": "Aisha", "email": "a@example.nhs.uk"}
    phone.post(edit_url(card), same_words)
    card.refresh_from_db()
    assert card.is_on_wall
    phone.post(edit_url(card), same_words | {"text": "Something quite different now"})
    card.refresh_from_db()
    assert card.is_awaiting_approval


def test_a_participant_withdraws_their_card_and_a_second_tap_does_no_harm(cohort):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort, email="me@example.nhs.uk")
    phone = phone_of(card.participant)
    assert "Withdraw your commitment?" in phone.get(withdraw_url(card)).content.decode()
    first = phone.post(withdraw_url(card))
    second = phone.post(withdraw_url(card))
    assert first.url == second.url == mine_url(cohort)
    assert not Commitment.objects.exists()


def test_a_hidden_card_is_not_shown_to_its_author_nor_open_to_change(cohort):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort, text="A card the facilitator hid", moderation="hidden")
    phone = phone_of(card.participant)
    assert "A card the facilitator hid" not in phone.get(mine_url(cohort)).content.decode()
    assert phone.get(edit_url(card)).status_code == 404


def test_once_the_form_is_closed_cards_cannot_be_changed_or_withdrawn(cohort):
    card = CommitmentFactory(cohort=cohort)
    phone = phone_of(card.participant)
    changed = {"text": "Changed after the session closed", "kind": "action", "display_name": "", "email": ""}
    assert "The commitments form is closed" in phone.post(edit_url(card), changed).content.decode()
    phone.post(withdraw_url(card))
    card.refresh_from_db()
    assert card.text.startswith("Audit who misses")


def test_a_change_sent_after_the_form_closed_gives_back_all_that_was_typed_and_nothing_stored(cohort):
    card = CommitmentFactory(cohort=cohort, display_name="Aisha", email="stored@example.nhs.uk")
    changed = {"text": TEXT, "kind": "action", "display_name": "AK", "email": "typed@example.nhs.uk"}
    body = phone_of(card.participant).post(edit_url(card), changed).content.decode()
    assert "The commitments form is closed" in body
    assert TEXT in body
    assert '<dd class="col-sm-8">Action</dd>' in body
    assert '<dd class="col-sm-8">AK</dd>' in body
    assert "typed@example.nhs.uk" in body
    assert "Audit who misses" not in body
    assert "stored@example.nhs.uk" not in body and "Aisha" not in body


def test_a_change_sent_to_someone_elses_card_after_the_form_closed_shows_nothing_of_theirs(cohort):
    theirs = CommitmentFactory(cohort=cohort, display_name="Sam", email="them@example.nhs.uk")
    phone = phone_of(ParticipantFactory(cohort=cohort))
    nothing_typed = {"text": "", "kind": "", "display_name": "", "email": ""}
    body = phone.post(edit_url(theirs), nothing_typed).content.decode()
    assert "This is what you had written" not in body
    assert "them@example.nhs.uk" not in body and "Sam" not in body and "Audit who misses" not in body
    theirs.refresh_from_db()
    assert theirs.email == "them@example.nhs.uk"


@pytest.mark.parametrize("page", ["new", "edit", "withdraw"])
def test_participant_pages_answer_only_get_and_post(cohort, page):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort)
    url = {"new": new_url(cohort), "edit": edit_url(card), "withdraw": withdraw_url(card)}[page]
    assert phone_of(card.participant).put(url).status_code == 405


def test_the_list_of_own_cards_answers_only_get(client, cohort):
    assert client.post(mine_url(cohort)).status_code == 405


def test_an_unknown_code_is_a_404(client):
    assert client.get("/j/AAAAAA/commitments/new/").status_code == 404


def test_a_participants_own_list_costs_the_same_queries_for_one_card_or_many(
    cohort, django_assert_num_queries
):
    open_form(cohort)
    card = CommitmentFactory(cohort=cohort)
    phone = phone_of(card.participant)
    # cohort and its settings, the participant, their cards (no session or user: no account)
    with django_assert_num_queries(3):
        phone.get(mine_url(cohort))
    for _ in range(10):
        CommitmentFactory(cohort=cohort, participant=card.participant)
    with django_assert_num_queries(3):
        assert phone.get(mine_url(cohort)).content.decode().count("own-card__text") == 11
