"""A participant posts from a phone; the card appears on the open wall without a reload; the
facilitator hides it and it goes. The wall prints on A4 landscape. A lead follows it up; the
participant answers the reminder."""

from collections import Counter

import pytest
from playwright.sync_api import expect

from commitments import views
from commitments.models import Commitment
from tests.browser import assert_accessible, log_in, pdf_pages
from tests.commitments.factories import CommitmentFactory, open_form, reminder_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Ask which patients never reply to recall letters, by deprivation quintile"


def test_a_card_posted_on_a_phone_appears_on_the_wall_and_goes_when_hidden(
    narrow_phone, laptop, cohort, facilitator, monkeypatch
):
    monkeypatch.setattr(views, "WALL_POLL_SECONDS", 1)
    open_form(cohort)
    CommitmentFactory(
        cohort=cohort, text="Bring one equity question to every practice visit", display_name="Jo"
    )

    # Given the facilitator has the wall open on the projector
    log_in(laptop, "facilitator")
    laptop.goto(f"/cohorts/{cohort.slug}/wall/")
    expect(laptop.get_by_text("Bring one equity question")).to_be_visible()
    expect(laptop.locator("svg.qr-code")).to_be_visible()
    assert_accessible(laptop)
    laptop.evaluate("window.stillTheSamePage = true")

    # When a participant opens the form on their phone and first forgets to write anything
    narrow_phone.goto(cohort.get_join_url())
    narrow_phone.get_by_role("link", name="Write a commitment").click()
    expect(narrow_phone.get_by_role("heading", name="Write your commitment")).to_be_visible()
    assert_accessible(narrow_phone)
    narrow_phone.get_by_label("Your name on the wall").fill("Aisha")
    narrow_phone.get_by_role("button", name="Post my commitment").click()
    expect(narrow_phone).to_have_title("Error: Write your commitment – qiequity")
    expect(narrow_phone.get_by_role("alert")).to_be_focused()
    expect(narrow_phone.get_by_label("Your name on the wall")).to_have_value("Aisha")
    assert_accessible(narrow_phone)

    # And then writes it and posts it
    narrow_phone.get_by_label("One action I will take to identify an equity issue in my work").fill(TEXT)
    narrow_phone.get_by_text("A project idea I will develop with QI").click()
    narrow_phone.get_by_role("button", name="Post my commitment").click()
    expect(narrow_phone.get_by_text("Your commitment is on the wall")).to_be_visible()
    expect(narrow_phone.get_by_text(TEXT)).to_be_visible()
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)

    # Then it appears on the wall without a reload, with the count
    card = laptop.locator(".wall-card", has_text=TEXT)
    expect(card).to_be_visible(timeout=10_000)
    expect(card.get_by_text("Project idea")).to_be_visible()
    expect(card.get_by_text("Aisha")).to_be_visible()
    expect(laptop.locator("[data-wall-count]")).to_have_text("2")
    assert laptop.evaluate("window.stillTheSamePage") is True
    assert_accessible(laptop)

    # When the facilitator hides it from the moderation page on another tab
    moderation = laptop.context.new_page()
    moderation.goto(f"/cohorts/{cohort.slug}/commitments/")
    assert_accessible(moderation)
    moderation.locator(".moderation-card", has_text=TEXT).get_by_role("button", name="Hide").click()
    expect(moderation.get_by_text("is hidden")).to_be_visible()

    # Then it disappears from the wall at the next poll, still without a reload
    expect(card).to_have_count(0, timeout=10_000)
    expect(laptop.locator("[data-wall-count]")).to_have_text("1")
    expect(laptop.get_by_text("Bring one equity question")).to_be_visible()
    assert laptop.evaluate("window.stillTheSamePage") is True

    # And the participant no longer sees it among their own
    narrow_phone.reload()
    expect(narrow_phone.get_by_text(TEXT)).to_have_count(0)
    assert Commitment.objects.get(text=TEXT).is_hidden


# Lays an invisible link over each card. Chromium writes every link's box into the PDF, once for
# each page it lands on, so a card cut in two by a page break has its link on two pages.
MARK_EACH_CARD_WITH_A_LINK = """() => {
  for (const card of document.querySelectorAll(".wall-card")) {
    const link = document.createElement("a");
    link.href = "https://card.invalid/" + card.dataset.id;
    Object.assign(link.style, {position: "absolute", inset: "0"});
    card.style.position = "relative";
    card.append(link);
  }
}"""


def test_the_printed_wall_is_a4_landscape_with_each_card_whole_on_one_page(laptop, cohort, lead):
    # Given twenty cards of different lengths, too many for one page
    sentence = "Compare who misses a medication review by deprivation quintile and by ethnicity. "
    cards = [CommitmentFactory(cohort=cohort, text=(sentence * (1 + n % 6))[:500]) for n in range(20)]

    # When a lead prints the printable wall
    log_in(laptop, "lead")
    laptop.goto(f"/cohorts/{cohort.slug}/wall/print/")
    assert_accessible(laptop)
    laptop.evaluate(MARK_EACH_CARD_WITH_A_LINK)
    pages = pdf_pages(laptop.pdf(prefer_css_page_size=True))

    # Then every page is A4 landscape
    assert len(pages) >= 2
    assert {(page.width, page.height) for page in pages} == {(842, 595)}

    # And each card is printed whole, on one page: its link is drawn once
    times_drawn = Counter(link for page in pages for link in page.links)
    assert times_drawn == {f"https://card.invalid/{card.pk}": 1 for card in cards}


def test_a_lead_follows_a_commitment_up_on_a_laptop(laptop, cohort, lead, frozen_now):
    # Given two commitments whose follow-up is overdue
    first = CommitmentFactory(
        cohort=cohort, text="Audit reviews by deprivation quintile", due_date="2026-11-01"
    )
    second = CommitmentFactory(cohort=cohort, text="Ask care homes about interpreters", due_date="2026-11-10")
    log_in(laptop, "lead")

    # When the lead opens the follow-up page and searches for the first
    laptop.get_by_role("link", name="Follow-up").click()
    expect(laptop.get_by_role("heading", name="Follow-up")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_label("Search the commitments, names and notes").fill("quintile")
    laptop.get_by_text("Only overdue").click()
    laptop.get_by_role("button", name="Filter").click()
    expect(laptop.get_by_role("link", name="Ask care homes about interpreters")).to_have_count(0)
    laptop.get_by_role("link", name="Audit reviews by deprivation quintile").click()
    assert_accessible(laptop)

    # Then the next follow-up is offered four weeks ahead, not the date that has passed
    expect(laptop.get_by_label("Next follow-up date")).to_have_value("2026-12-23")

    # When they record what they heard and go straight on to the next overdue one
    laptop.get_by_label("Status now").select_option("in_progress")
    laptop.get_by_label("Note").fill("Search agreed with the BI team.")
    laptop.get_by_role("button", name="Save and follow up the next overdue one").click()

    # Then they are on the second, and the first is no longer overdue
    expect(laptop.get_by_text("This is the next overdue commitment")).to_be_visible()
    expect(laptop.get_by_role("blockquote")).to_have_text("Ask care homes about interpreters")
    assert_accessible(laptop)
    first.refresh_from_db()
    assert (first.status, first.due_date.isoformat()) == ("in_progress", "2026-12-23")

    # And closing the second needs no next date, and leaves none overdue
    laptop.get_by_label("Status now").select_option("done")
    laptop.get_by_label("Next follow-up date").fill("")
    laptop.get_by_role("button", name="Save and follow up the next overdue one").click()
    expect(laptop.get_by_text("No overdue commitments are left")).to_be_visible()
    assert_accessible(laptop)
    second.refresh_from_db()
    assert (second.status, second.due_date) == ("done", None)

    # And the first's history shows what was heard
    laptop.goto(first.get_absolute_url())
    expect(laptop.get_by_text("Tom Okafor: Committed → In progress")).to_be_visible()
    expect(laptop.get_by_text("Search agreed with the BI team.")).to_be_visible()


def test_a_participant_answers_the_reminder_on_their_phone(phone, cohort):
    card = CommitmentFactory(
        cohort=cohort, text="Audit reviews by deprivation quintile", email="a@example.nhs.uk"
    )
    reminder_for(card, token="the-token-from-the-email")

    phone.goto("/my-commitment/the-token-from-the-email/")
    expect(phone.get_by_text("Audit reviews by deprivation quintile")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_text("Done", exact=True).click()
    phone.get_by_label("Anything you would like to add").fill("All PCNs audited.")
    phone.get_by_role("button", name="Send my update").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(phone)

    phone.goto("/my-commitment/the-token-from-the-email/")
    expect(phone.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert_accessible(phone)
    card.refresh_from_db()
    assert card.status == "done"


def test_going_back_after_posting_and_posting_again_puts_one_card_on_the_wall(phone, cohort):
    # Given a participant who has posted their commitment
    open_form(cohort)
    phone.goto(cohort.get_join_url())
    phone.get_by_role("link", name="Write a commitment").click()
    text_box = phone.get_by_label("One action I will take to identify an equity issue in my work")
    text_box.fill(TEXT)
    phone.get_by_role("button", name="Post my commitment").click()
    expect(phone.get_by_text("Your commitment is on the wall")).to_be_visible()

    # When they go Back to the form and post it again (typing it again if the browser forgot it)
    phone.go_back()
    expect(phone.get_by_role("button", name="Post my commitment")).to_be_visible()
    if text_box.input_value() != TEXT:
        text_box.fill(TEXT)
    phone.get_by_role("button", name="Post my commitment").click()

    # Then they are told it is posted already, and the wall has it once
    expect(phone.get_by_text("You have posted this commitment already")).to_be_visible()
    assert_accessible(phone)
    assert Commitment.objects.filter(text=TEXT).count() == 1


def test_a_facilitator_moderates_from_their_own_screen_while_the_projector_shows_only_the_wall(
    laptop, narrow_phone, cohort, facilitator, monkeypatch
):
    monkeypatch.setattr(views, "WALL_POLL_SECONDS", 1)
    open_form(cohort, needs_approval=True)

    # Given the facilitator's moderation page on their screen, and the wall opened from it on the projector
    log_in(laptop, "facilitator")
    laptop.goto(f"/cohorts/{cohort.slug}/commitments/")
    with laptop.context.expect_page() as opened:
        laptop.get_by_role("link", name="open the wall in a new window").click()
    projector = opened.value
    expect(projector.get_by_role("heading", name="Commitments")).to_be_visible()
    expect(projector.get_by_role("button")).to_have_count(0)  # nothing for the room to see pressed
    assert_accessible(laptop)

    # When a participant posts a card, which waits for approval
    narrow_phone.goto(f"/j/{cohort.join_code}/commitments/new/")
    narrow_phone.get_by_label("One action I will take to identify an equity issue in my work").fill(TEXT)
    narrow_phone.get_by_role("button", name="Post my commitment").click()
    expect(narrow_phone.get_by_text("once the facilitator approves it")).to_be_visible()

    # Then it appears on the moderation page without a reload, and not yet on the wall
    laptop.evaluate("window.stillTheSamePage = true")
    card = laptop.locator(".moderation-card", has_text=TEXT)
    expect(card).to_be_visible(timeout=10_000)
    assert laptop.evaluate("window.stillTheSamePage")
    expect(projector.get_by_text(TEXT)).to_have_count(0)
    assert_accessible(laptop)

    # When the facilitator approves it on their screen, it joins the wall
    card.get_by_role("button", name="Approve").click()
    expect(projector.locator(".wall-card", has_text=TEXT)).to_be_visible(timeout=10_000)

    # And when they hide it, it leaves the wall
    laptop.locator(".moderation-card", has_text=TEXT).get_by_role("button", name="Hide").click()
    expect(projector.locator(".wall-card", has_text=TEXT)).to_have_count(0, timeout=10_000)
    assert Commitment.objects.get(text=TEXT).is_hidden
