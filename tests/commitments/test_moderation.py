"""Facilitators open and close the form, moderate the cards and fix typos; leads only look."""

import pytest
from django.urls import reverse

from commitments.models import Commitment, CommitmentSettings
from tests.commitments.factories import CommitmentFactory, open_form

pytestmark = pytest.mark.django_db


def url(name, card):
    return reverse(f"commitments:{name}", args=[card.cohort.slug, card.pk])


def page(cohort):
    return reverse("commitments:cohort_commitments", args=[cohort.slug])


def open_url(cohort):
    return reverse("commitments:open", args=[cohort.slug])


def approval_url(cohort):
    return reverse("commitments:approval", args=[cohort.slug])


def test_a_facilitator_opens_and_closes_the_form(facilitator_client, cohort):
    response = facilitator_client.post(open_url(cohort), {"open": "1"})
    assert response.url == page(cohort)
    assert CommitmentSettings.objects.get(cohort=cohort).is_open
    facilitator_client.post(open_url(cohort), {"open": "0"})
    assert not CommitmentSettings.objects.get(cohort=cohort).is_open


def test_the_moderation_page_lists_every_card_with_its_state_and_actions(facilitator_client, cohort):
    CommitmentFactory(cohort=cohort, text="On the wall: audit reviews by quintile")
    CommitmentFactory(cohort=cohort, text="Hidden: a joke card", moderation="hidden")
    CommitmentFactory(
        cohort=cohort, text="Waiting: interpreters at discharge", moderation="awaiting_approval"
    )
    body = facilitator_client.get(page(cohort)).content.decode()
    for text in ("On the wall: audit", "Hidden: a joke card", "Waiting: interpreters"):
        assert text in body
    assert body.count(">Hide<") == 2
    assert body.count(">Restore<") == 1
    assert body.count(">Approve<") == 1
    assert "Close the commitments form" not in body and "Open the commitments form" in body


def test_a_lead_reads_the_moderation_page_without_any_action(lead_client, cohort):
    CommitmentFactory(cohort=cohort, text="Audit reviews by quintile")
    body = lead_client.get(page(cohort)).content.decode()
    assert "Audit reviews by quintile" in body
    for action in (">Hide<", "Fix a typo", "Open the commitments form", 'name="needs_approval"'):
        assert action not in body


def test_hide_restore_and_approve_move_a_card_off_and_onto_the_wall(facilitator_client, cohort):
    card = CommitmentFactory(cohort=cohort)
    facilitator_client.post(url("hide", card))
    card.refresh_from_db()
    assert card.is_hidden
    facilitator_client.post(url("restore", card))
    card.refresh_from_db()
    assert card.is_on_wall
    card.moderation = Commitment.Moderation.AWAITING_APPROVAL
    card.save()
    facilitator_client.post(url("approve", card))
    card.refresh_from_db()
    assert card.is_on_wall


def test_with_approval_on_new_cards_wait_and_turning_it_off_puts_the_waiting_ones_up(
    facilitator_client, cohort
):
    facilitator_client.post(approval_url(cohort), {"needs_approval": "true"})
    assert CommitmentSettings.objects.get(cohort=cohort).needs_approval
    waiting = CommitmentFactory(cohort=cohort, moderation="awaiting_approval")
    hidden = CommitmentFactory(cohort=cohort, moderation="hidden")
    response = facilitator_client.post(approval_url(cohort), {"needs_approval": "false"}, follow=True)
    assert "1 waiting cards are now on the wall" in response.content.decode()
    waiting.refresh_from_db()
    hidden.refresh_from_db()
    assert waiting.is_on_wall
    assert hidden.is_hidden


def test_an_approval_choice_that_is_not_offered_changes_nothing(facilitator_client, cohort):
    open_form(cohort, needs_approval=True)
    facilitator_client.post(approval_url(cohort), {"needs_approval": "maybe"})
    assert CommitmentSettings.objects.get(cohort=cohort).needs_approval


def test_a_facilitator_fixes_a_typo(facilitator_client, cohort):
    card = CommitmentFactory(cohort=cohort, text="Audit who misses a medcation review")
    assert "Audit who misses a medcation review" in facilitator_client.get(url("fix", card)).content.decode()
    response = facilitator_client.post(
        url("fix", card), {"text": "Audit who misses a medication review", "display_name": "Aisha K"}
    )
    assert response.url == page(cohort)
    card.refresh_from_db()
    assert (card.text, card.display_name) == ("Audit who misses a medication review", "Aisha K")


def test_a_fix_that_empties_the_card_is_refused_and_keeps_what_was_typed(facilitator_client, cohort):
    card = CommitmentFactory(cohort=cohort)
    body = facilitator_client.post(url("fix", card), {"text": "", "display_name": "Typed"}).content.decode()
    assert "<title>Error: Fix a typo" in body
    assert 'value="Typed"' in body
    card.refresh_from_db()
    assert card.display_name == "Aisha"


def test_the_cohort_page_shows_the_commitments_section(facilitator_client, cohort):
    CommitmentFactory(cohort=cohort)
    CommitmentFactory(cohort=cohort, moderation="awaiting_approval")
    body = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert "1 on the wall · 1 awaiting approval" in body
    assert "Open the commitments form" in body
    assert reverse("commitments:wall", args=[cohort.slug]) in body


def test_a_lead_sees_the_section_without_the_open_button(lead_client, cohort):
    body = lead_client.get(cohort.get_absolute_url()).content.decode()
    assert "Show the wall" in body
    assert "Open the commitments form" not in body


# Every change refuses the wrong people, and changes nothing when it does. -------------------------

CHANGES = {
    "open": lambda card: (open_url(card.cohort), {"open": "1"}),
    "approval": lambda card: (approval_url(card.cohort), {"needs_approval": "true"}),
    "hide": lambda card: (url("hide", card), {}),
    "restore": lambda card: (url("restore", card), {}),
    "approve": lambda card: (url("approve", card), {}),
    "fix": lambda card: (url("fix", card), {"text": "Rewritten by the wrong person", "display_name": ""}),
}


def _unchanged(card):
    card.refresh_from_db()
    wall = CommitmentSettings.of(card.cohort)
    return (card.text, card.moderation, wall.is_open, wall.needs_approval) == (
        "Audit reviews by deprivation quintile",
        "awaiting_approval",
        False,
        False,
    )


@pytest.mark.parametrize("change", CHANGES)
def test_only_the_cohorts_facilitators_moderate(change, client, cohort, lead, outsider, other_facilitator):
    card = CommitmentFactory(
        cohort=cohort, text="Audit reviews by deprivation quintile", moderation="awaiting_approval"
    )
    target, data = CHANGES[change](card)
    assert client.post(target, data).url.startswith(reverse("login"))
    for user, refused in [(lead, 403), (outsider, 403), (other_facilitator, 404)]:
        client.force_login(user)
        assert client.post(target, data).status_code == refused
    assert _unchanged(card)


@pytest.mark.parametrize("change", ["open", "approval", "hide", "restore", "approve"])
def test_moderation_changes_answer_only_post(change, facilitator_client, cohort):
    card = CommitmentFactory(cohort=cohort)
    target, _ = CHANGES[change](card)
    assert facilitator_client.get(target).status_code == 405


def test_a_card_of_another_cohort_cannot_be_moderated_through_this_one(facilitator_client, cohort):
    elsewhere = CommitmentFactory(
        text="Audit reviews by deprivation quintile", moderation="awaiting_approval"
    )
    target = reverse("commitments:hide", args=[cohort.slug, elsewhere.pk])
    assert facilitator_client.post(target).status_code == 404
    assert _unchanged(elsewhere)


def test_the_moderation_page_costs_the_same_queries_for_two_cards_or_forty(
    facilitator_client, cohort, django_assert_num_queries
):
    # session, user, groups, cohort, settings, may-manage, cards
    for n in (2, 38):
        for _ in range(n):
            CommitmentFactory(cohort=cohort)
        with django_assert_num_queries(6):
            assert facilitator_client.get(page(cohort)).status_code == 200


# The moderation page on the facilitator's own screen keeps up by itself -------------------------


def moderation_feed(cohort):
    return reverse("commitments:moderation_feed", args=[cohort.slug])


def test_the_moderation_feed_changes_when_a_card_comes_or_is_hidden_and_answers_304_otherwise(
    lead_client, cohort
):
    first = lead_client.get(moderation_feed(cohort))
    etag = first["ETag"]
    assert first.json() == {"cards": []}
    assert lead_client.get(moderation_feed(cohort), headers={"if-none-match": etag}).status_code == 304

    card = CommitmentFactory(cohort=cohort, moderation="awaiting_approval")
    arrived = lead_client.get(moderation_feed(cohort), headers={"if-none-match": etag})
    assert arrived.status_code == 200
    assert arrived.json()["cards"][0][:2] == [card.pk, "awaiting_approval"]

    Commitment.objects.filter(pk=card.pk).update(moderation="hidden")
    hidden = lead_client.get(moderation_feed(cohort), headers={"if-none-match": arrived["ETag"]})
    assert hidden.status_code == 200
    assert "private" in hidden["Cache-Control"]


def test_the_moderation_page_explains_the_second_screen_and_opens_the_wall_in_a_new_window(
    facilitator_client, cohort
):
    body = facilitator_client.get(page(cohort)).content.decode()
    assert "Moderate without the room seeing" in body
    assert f'href="{reverse("commitments:wall", args=[cohort.slug])}" target="_blank"' in body
    assert "js/moderation-live" in body


def test_the_moderation_feed_answers_only_get_and_only_staff_who_see_the_cohort(
    facilitator_client, other_facilitator, client, cohort
):
    assert facilitator_client.post(moderation_feed(cohort)).status_code == 405
    client.force_login(other_facilitator)
    assert client.get(moderation_feed(cohort)).status_code == 404
    client.logout()
    assert client.get(moderation_feed(cohort)).url.startswith(reverse("login"))
