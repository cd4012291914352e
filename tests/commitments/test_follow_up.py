"""Programme leads (and the cohort's facilitators) follow commitments up weeks later."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Commitment, FollowUpNote, default_due_date
from tests.commitments.factories import CommitmentFactory, note_for
from tests.factories import CohortFactory, SessionFactory

pytestmark = pytest.mark.django_db
LIST = reverse("commitments:follow_up")


def detail(card):
    return reverse("commitments:follow_up_detail", args=[card.pk])


def row_order(body, *texts):
    return sorted(texts, key=body.index)


@pytest.fixture
def spread(cohort, frozen_now):
    """A cohort's commitments in every status; today is 25 November 2026."""
    past = datetime.date(2026, 11, 1)
    soon = datetime.date(2026, 12, 10)
    return {
        "overdue": CommitmentFactory(cohort=cohort, text="Overdue: audit reviews", due_date=past),
        "later": CommitmentFactory(
            cohort=cohort, text="Later: interpreters", due_date=soon, kind="project_idea"
        ),
        "going": CommitmentFactory(
            cohort=cohort, text="Going: dashboard", due_date=past, status="in_progress"
        ),
        "done": CommitmentFactory(cohort=cohort, text="Done: leaflet", due_date=past, status="done"),
        "dropped": CommitmentFactory(cohort=cohort, text="Dropped: care homes", status="not_pursued"),
    }


def test_the_due_date_defaults_to_six_weeks_after_the_last_session_that_is_not_cancelled(cohort):
    assert default_due_date(cohort, datetime.date(2026, 11, 25)) == datetime.date(2027, 1, 20)
    last = cohort.sessions.get(part=2)
    last.status = "cancelled"
    last.save()
    assert default_due_date(cohort, datetime.date(2026, 11, 25)) == datetime.date(2027, 1, 6)


def test_a_cohort_without_sessions_is_due_six_weeks_from_today():
    assert default_due_date(CohortFactory(), datetime.date(2026, 11, 25)) == datetime.date(2027, 1, 6)


def test_the_follow_up_page_counts_each_status_and_the_overdue_and_sorts_by_due_date(lead_client, spread):
    body = lead_client.get(LIST).content.decode()
    for count, label in [
        (2, "committed"),
        (1, "in progress"),
        (1, "done"),
        (1, "not pursued"),
        (2, "overdue"),
    ]:
        assert f"<strong>{count}</strong> {label}" in body
    assert row_order(body, "Later: interpreters", "Overdue: audit reviews", "Dropped: care homes") == [
        "Overdue: audit reviews",
        "Later: interpreters",
        "Dropped: care homes",
    ]
    assert body.count(">Overdue</span>") == 2


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ({"status": "done"}, {"Done: leaflet"}),
        ({"kind": "project_idea"}, {"Later: interpreters"}),
        ({"overdue": "on"}, {"Overdue: audit reviews", "Going: dashboard"}),
        ({"status": "in_progress", "overdue": "on"}, {"Going: dashboard"}),
    ],
)
def test_the_follow_up_page_filters_by_status_kind_and_overdue(lead_client, spread, query, listed):
    body = lead_client.get(LIST, query).content.decode()
    shown = {c.text for c in spread.values() if c.text in body}
    assert shown == listed


def test_the_counts_describe_the_chosen_cohort_and_kind_whatever_status_is_listed(lead_client, spread):
    body = lead_client.get(LIST, {"kind": "action", "status": "done"}).content.decode()
    assert "<strong>1</strong> committed" in body
    assert "<strong>2</strong> overdue" in body
    assert "Going: dashboard" not in body


def test_the_follow_up_page_filters_by_cohort_and_offers_its_export(lead_client, spread, facilitator):
    other = CohortFactory(name="Bedford community pharmacy", facilitators=[facilitator])
    CommitmentFactory(cohort=other, text="Bedford: blood pressure checks")
    body = lead_client.get(LIST, {"cohort": other.slug}).content.decode()
    assert "Bedford: blood pressure checks" in body
    assert "Overdue: audit reviews" not in body
    assert reverse("reports:commitments_export", args=[other.slug]) in body


def test_a_facilitator_follows_up_only_their_own_cohorts(facilitator_client, cohort, other_facilitator):
    CommitmentFactory(cohort=cohort, text="Mine: audit reviews")
    CommitmentFactory(
        cohort=CohortFactory(facilitators=[other_facilitator]), text="Theirs: interpreters at discharge"
    )
    body = facilitator_client.get(LIST).content.decode()
    assert "Mine: audit reviews" in body
    assert "Theirs" not in body


def test_an_unknown_cohort_in_the_filter_lists_everything_it_may_see_rather_than_failing(lead_client, spread):
    response = lead_client.get(LIST, {"cohort": "no-such-cohort"})
    assert response.status_code == 200
    assert "Overdue: audit reviews" in response.content.decode()


def test_the_follow_up_page_costs_the_same_queries_for_few_commitments_or_many(
    lead_client, django_assert_num_queries, frozen_now
):
    def add(n):
        for _ in range(n):
            cohort = CohortFactory()
            SessionFactory(cohort=cohort, part=1)
            note_for(CommitmentFactory(cohort=cohort))

    # session, user, groups, the cohorts to filter by, the counts, the page's size and the page
    add(2)
    with django_assert_num_queries(7):
        lead_client.get(LIST)
    add(30)
    with django_assert_num_queries(7):
        body = lead_client.get(LIST).content.decode()
    assert "32 commitments" in body
    with django_assert_num_queries(7):  # searching the notes too is part of the same queries
        body = lead_client.get(LIST, {"q": "audit phone", "status": "committed"}).content.decode()
    assert "32 commitments" in body


def test_the_follow_up_page_shows_fifty_at_a_time(lead_client, cohort, frozen_now):
    for _ in range(51):
        CommitmentFactory(cohort=cohort)
    first = lead_client.get(LIST).content.decode()
    assert "page 1 of 2" in first
    assert "Next page" in first
    assert "page 2 of 2" in lead_client.get(LIST, {"page": "2"}).content.decode()


# One commitment ---------------------------------------------------------------------------------


def test_a_lead_records_a_note_with_a_change_of_status(lead_client, lead, spread):
    card = spread["overdue"]
    response = lead_client.post(
        detail(card),
        {"date": "2026-11-24", "status": "in_progress", "note": "Search agreed.", "due_date": "2027-01-06"},
    )
    assert response.url == detail(card)
    note = FollowUpNote.objects.get()
    assert (note.author, note.date, note.note, note.status_from, note.status_to) == (
        lead,
        datetime.date(2026, 11, 24),
        "Search agreed.",
        "committed",
        "in_progress",
    )
    card.refresh_from_db()
    assert (card.status, card.due_date) == ("in_progress", datetime.date(2027, 1, 6))
    body = lead_client.get(detail(card)).content.decode()
    assert "Tom Okafor: Committed → In progress" in body
    assert "Search agreed." in body


def test_moving_only_the_due_date_adds_no_note(lead_client, spread):
    card = spread["overdue"]
    lead_client.post(detail(card), {"date": "2026-11-25", "status": "committed", "due_date": "2027-02-01"})
    card.refresh_from_db()
    assert card.due_date == datetime.date(2027, 2, 1)
    assert not FollowUpNote.objects.exists()


def test_a_project_idea_can_be_marked_as_a_started_qi_project_with_its_link(lead_client, spread):
    card = spread["later"]
    lead_client.post(
        detail(card),
        {
            "date": "2026-11-25",
            "status": "in_progress",
            "due_date": "2026-12-10",
            "qi_project_started": "on",
            "qi_project_reference": "https://qi.example.nhs.uk/projects/42",
        },
    )
    card.refresh_from_db()
    assert card.qi_project_started
    body = lead_client.get(detail(card)).content.decode()
    assert 'href="https://qi.example.nhs.uk/projects/42"' in body


def test_an_action_is_not_offered_the_qi_project_fields(lead_client, spread):
    assert "qi_project_started" not in lead_client.get(detail(spread["overdue"])).content.decode()


def test_saving_without_any_change_asks_for_one(lead_client, spread):
    card = spread["later"]
    body = lead_client.post(
        detail(card), {"date": "2026-11-25", "status": "committed", "due_date": "2026-12-10"}
    ).content.decode()
    assert "<title>Error: Follow up a commitment" in body
    assert "Write a note or change something before saving" in body
    assert not FollowUpNote.objects.exists()


def test_a_follow_up_cannot_be_dated_in_the_future_and_the_note_typed_is_kept(lead_client, spread):
    card = spread["overdue"]
    body = lead_client.post(
        detail(card),
        {
            "date": "2026-12-25",
            "status": "done",
            "note": "Typed before the mistake",
            "due_date": "2026-11-01",
        },
    ).content.decode()
    assert "cannot be in the future" in body
    assert "Typed before the mistake" in body
    card.refresh_from_db()
    assert card.status == "committed"


def test_a_note_the_participant_wrote_says_so(lead_client, spread):
    note_for(
        spread["going"], author=None, note="Half the PCNs done.", status_from="committed", status_to="done"
    )
    body = lead_client.get(detail(spread["going"])).content.decode()
    assert "The participant: Committed → Done" in body


def test_the_cohorts_facilitator_follows_up_too(facilitator_client, facilitator, spread):
    card = spread["overdue"]
    facilitator_client.post(
        detail(card), {"date": "2026-11-25", "status": "done", "note": "Done.", "due_date": "2026-11-01"}
    )
    assert FollowUpNote.objects.get().author == facilitator


def test_staff_see_the_email_on_the_follow_up_page(lead_client, cohort):
    card = CommitmentFactory(cohort=cohort, email="aisha@example.nhs.uk")
    assert "mailto:aisha@example.nhs.uk" in lead_client.get(detail(card)).content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_follow_up_of_a_commitment_refuses_everyone_else(method, client, cohort, outsider, other_facilitator):
    card = CommitmentFactory(cohort=cohort)
    data = {"date": "2026-11-20", "status": "done", "note": "Not mine to write", "due_date": "2027-01-01"}
    send = getattr(client, method)
    assert send(detail(card), data).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert send(detail(card), data).status_code == 403
    client.force_login(other_facilitator)
    assert send(detail(card), data).status_code == 404
    card.refresh_from_db()
    assert card.status == "committed"
    assert not FollowUpNote.objects.exists()


def test_the_follow_up_list_refuses_everyone_else(client, outsider):
    assert client.get(LIST).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(LIST).status_code == 403


def test_the_follow_up_list_answers_only_get(lead_client):
    assert lead_client.post(LIST).status_code == 405


def test_a_commitment_page_answers_only_get_and_post(lead_client, cohort):
    assert lead_client.put(detail(CommitmentFactory(cohort=cohort))).status_code == 405


# The follow-up moves on ------------------------------------------------------------------------


def test_the_next_date_offered_is_four_weeks_ahead_when_the_old_one_has_passed(lead_client, spread):
    overdue = lead_client.get(detail(spread["overdue"])).content.decode()
    later = lead_client.get(detail(spread["later"])).content.decode()
    assert 'name="due_date" value="2026-12-23"' in overdue  # 25 November + 4 weeks
    assert 'name="due_date" value="2026-12-10"' in later  # still ahead: kept


def test_a_next_date_today_or_before_is_refused_while_it_is_still_open(lead_client, spread):
    card = spread["overdue"]
    body = lead_client.post(
        detail(card), {"date": "2026-11-25", "status": "in_progress", "note": "Met", "due_date": "2026-11-25"}
    ).content.decode()
    assert body.count("The next follow-up date must be after today") == 2
    card.refresh_from_db()
    assert card.status == "committed"


def test_an_open_commitment_needs_a_next_date(lead_client, spread):
    body = lead_client.post(
        detail(spread["overdue"]), {"date": "2026-11-25", "status": "in_progress", "due_date": ""}
    ).content.decode()
    assert "Enter the next follow-up date, or choose Done or Not pursued as the status" in body


def test_done_needs_no_next_date_and_an_old_one_left_in_the_box_is_dropped(lead_client, spread):
    card = spread["overdue"]
    response = lead_client.post(
        detail(card), {"date": "2026-11-25", "status": "done", "due_date": "2026-11-01"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.status, card.due_date) == ("done", None)
    assert "None: it is over" in lead_client.get(detail(card)).content.decode()


def test_an_overdue_commitment_stops_being_overdue_once_followed_up(lead_client, spread):
    card = spread["overdue"]
    assert Commitment.objects.overdue(datetime.date(2026, 11, 25)).filter(pk=card.pk).exists()
    lead_client.post(
        detail(card),
        {"date": "2026-11-25", "status": "in_progress", "note": "Started", "due_date": "2026-12-23"},
    )
    card.refresh_from_db()
    assert not Commitment.objects.overdue(datetime.date(2026, 11, 25)).filter(pk=card.pk).exists()
    assert "<strong>1</strong> overdue" in lead_client.get(LIST).content.decode()  # "going" is left


def test_save_and_next_takes_the_lead_to_the_next_overdue_commitment_until_none_is_left(lead_client, spread):
    follow_up = {
        "date": "2026-11-25",
        "status": "in_progress",
        "note": "Spoke to them",
        "due_date": "2026-12-23",
    }
    first = lead_client.post(detail(spread["overdue"]), {**follow_up, "next_overdue": "1"})
    assert first.url == detail(spread["going"])
    assert "This is the next overdue commitment" in lead_client.get(first.url).content.decode()

    last = lead_client.post(detail(spread["going"]), {**follow_up, "next_overdue": "1"})
    assert last.url == LIST
    assert "No overdue commitments are left" in lead_client.get(last.url).content.decode()


def test_save_and_next_goes_only_to_commitments_the_facilitator_may_see(facilitator_client, spread):
    elsewhere = CommitmentFactory(text="Another cohort's, overdue", due_date=datetime.date(2026, 10, 1))
    follow_up = {"date": "2026-11-25", "status": "done", "next_overdue": "1"}
    facilitator_client.post(detail(spread["overdue"]), follow_up)
    response = facilitator_client.post(detail(spread["going"]), follow_up)
    assert response.url == LIST
    elsewhere.refresh_from_db()
    assert elsewhere.status == "committed"


@pytest.mark.parametrize(
    ("q", "listed"),
    [
        ("interpreters", ["Later: interpreters"]),
        ("AUDIT reviews", ["Overdue: audit reviews"]),
        ("pharmacist", ["Going: dashboard"]),  # a word in its follow-up note
        ("nothing like this", []),
    ],
)
def test_follow_ups_are_searched_by_their_words_and_notes(lead_client, spread, q, listed):
    note_for(spread["going"], note="Called the pharmacist lead")
    body = lead_client.get(LIST, {"q": q}).content.decode()
    texts = [c.text for c in spread.values()]
    assert [text for text in texts if text in body] == listed
