"""The live wall on the projector, its JSON feed, and the printable wall."""

import json
import re

import pytest
from django.urls import reverse

from commitments.models import Commitment
from tests.commitments.factories import CommitmentFactory, open_form

pytestmark = pytest.mark.django_db


def wall_url(cohort):
    return reverse("commitments:wall", args=[cohort.slug])


def feed_url(cohort):
    return reverse("commitments:wall_feed", args=[cohort.slug])


def print_url(cohort):
    return reverse("commitments:wall_print", args=[cohort.slug])


def hide_url(card):
    return reverse("commitments:hide", args=[card.cohort.slug, card.pk])


def test_the_wall_shows_the_cards_on_it_the_count_and_the_join_code_and_qr(facilitator_client, cohort):
    CommitmentFactory(cohort=cohort, text="Audit reviews by deprivation quintile", display_name="Aisha")
    CommitmentFactory(cohort=cohort, text="Interpreters at discharge counselling", display_name="")
    CommitmentFactory(cohort=cohort, text="A card the facilitator hid", moderation="hidden")
    CommitmentFactory(cohort=cohort, text="A card still waiting", moderation="awaiting_approval")
    body = facilitator_client.get(wall_url(cohort)).content.decode()
    assert "Audit reviews by deprivation quintile" in body
    assert "Interpreters at discharge counselling" in body
    assert "Anonymous" in body
    assert "A card the facilitator hid" not in body
    assert "A card still waiting" not in body
    assert "<span data-wall-count>2</span>" in body
    assert f"QR code for http://testserver/j/{cohort.join_code}/" in body
    assert cohort.join_code_for_display() in body


def test_the_wall_refreshes_itself_without_javascript_and_runs_no_inline_script(facilitator_client, cohort):
    body = facilitator_client.get(wall_url(cohort)).content.decode()
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', body)
    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts == ['<script src="/static/js/commitments-wall.js" defer>']
    assert f'data-wall-feed="{feed_url(cohort)}"' in body
    assert " style=" not in body and " on" + "click=" not in body


def test_a_card_cannot_inject_markup_into_the_wall(facilitator_client, cohort):
    CommitmentFactory(cohort=cohort, text="<script>alert('wall')</script> and more words")
    body = facilitator_client.get(wall_url(cohort)).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_the_feed_lists_the_cards_on_the_wall_newest_first(facilitator_client, cohort):
    older = CommitmentFactory(cohort=cohort, display_name="", kind="project_idea")
    newer = CommitmentFactory(cohort=cohort, display_name="Sam")
    CommitmentFactory(cohort=cohort, moderation="hidden")
    response = facilitator_client.get(feed_url(cohort))
    assert response["Content-Type"] == "application/json"
    feed = json.loads(response.content)
    assert feed["count"] == 2
    assert feed["open"] is False
    assert [card["id"] for card in feed["cards"]] == [newer.pk, older.pk]
    assert feed["cards"][1] == {
        "id": older.pk,
        "text": older.text,
        "name": "Anonymous",
        "project_idea": True,
        "colour": older.pk % 4,
    }
    assert "email" not in response.content.decode()


def test_the_feed_answers_304_while_nothing_changes_and_200_once_something_does(facilitator_client, cohort):
    card = CommitmentFactory(cohort=cohort)
    first = facilitator_client.get(feed_url(cohort))
    etag = first["ETag"]
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]

    unchanged = facilitator_client.get(feed_url(cohort), headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    CommitmentFactory(cohort=cohort, text="A new card from a late-comer")
    changed = facilitator_client.get(feed_url(cohort), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "A new card from a late-comer" in changed.content.decode()

    card.text = "A typo fixed on the first card"
    card.save()
    assert (
        facilitator_client.get(feed_url(cohort), headers={"if-none-match": changed["ETag"]}).status_code
        == 200
    )


def test_hiding_a_card_takes_it_out_of_the_feed_at_the_next_poll(facilitator_client, cohort):
    card = CommitmentFactory(cohort=cohort, text="Something that should not be on the wall")
    etag = facilitator_client.get(feed_url(cohort))["ETag"]
    facilitator_client.post(hide_url(card))
    response = facilitator_client.get(feed_url(cohort), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert json.loads(response.content) == {"count": 0, "open": False, "cards": []}


def test_opening_the_form_changes_the_feed_so_the_wall_stops_saying_closed(facilitator_client, cohort):
    etag = facilitator_client.get(feed_url(cohort))["ETag"]
    open_form(cohort)
    response = facilitator_client.get(feed_url(cohort), headers={"if-none-match": etag})
    assert json.loads(response.content)["open"] is True


def test_another_cohorts_cards_are_never_on_this_wall(facilitator_client, cohort):
    CommitmentFactory(text="From another cohort entirely")
    assert json.loads(facilitator_client.get(feed_url(cohort)).content)["count"] == 0


def test_the_printable_wall_has_every_card_on_the_wall(lead_client, cohort):
    CommitmentFactory(cohort=cohort, text="Audit reviews by deprivation quintile")
    CommitmentFactory(cohort=cohort, text="A card the facilitator hid", moderation="hidden")
    body = lead_client.get(print_url(cohort)).content.decode()
    assert "Audit reviews by deprivation quintile" in body
    assert "A card the facilitator hid" not in body
    assert "1 commitment<" in body
    assert "<script" not in body


def _add_cards(cohort, n):
    for _ in range(n):
        CommitmentFactory(cohort=cohort)


@pytest.mark.parametrize(("url", "queries"), [(feed_url, 6), (wall_url, 6), (print_url, 6)])
def test_the_wall_costs_the_same_queries_for_two_cards_or_forty(
    facilitator_client, cohort, django_assert_num_queries, url, queries
):
    # session, user, groups, cohort, settings, cards (the print page: sessions instead of settings)
    _add_cards(cohort, 2)
    with django_assert_num_queries(queries):
        assert facilitator_client.get(url(cohort)).status_code == 200
    _add_cards(cohort, 38)
    with django_assert_num_queries(queries):
        assert facilitator_client.get(url(cohort)).status_code == 200
    assert Commitment.objects.count() == 40
