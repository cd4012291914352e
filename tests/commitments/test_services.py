"""The writes behind the pages, where timing matters: racing double taps and links used twice."""

import datetime

import pytest

from commitments import services
from commitments.models import Commitment, CommitmentSettings, FollowUpNote
from tests.commitments.factories import CommitmentFactory, ParticipantFactory, reminder_for

pytestmark = pytest.mark.django_db


def submit(cohort, participant, token="one-token"):
    return services.commitment_submit(
        cohort=cohort,
        participant=participant,
        submission_token=token,
        text="Audit who misses a medication review by deprivation quintile",
        kind="action",
    )


def test_a_repeated_token_returns_the_first_card(cohort):
    participant = ParticipantFactory(cohort=cohort)
    first, created = submit(cohort, participant)
    again, created_again = submit(cohort, participant)
    assert (created, created_again) == (True, False)
    assert again == first


def test_two_requests_racing_with_one_token_store_one_card(cohort, monkeypatch):
    participant = ParticipantFactory(cohort=cohort)
    settings_of = CommitmentSettings.of

    def the_other_request_stores_it_first(of_cohort):
        # Between this request's look for the token and its insert, the other one commits.
        CommitmentFactory(cohort=cohort, participant=participant, submission_token="one-token")
        return settings_of(of_cohort)

    monkeypatch.setattr(CommitmentSettings, "of", the_other_request_stores_it_first)
    commitment, created = submit(cohort, participant)
    assert not created
    assert commitment.submission_token == "one-token"
    assert Commitment.objects.count() == 1


def test_a_link_used_by_another_request_a_moment_ago_is_refused(cohort):
    card = CommitmentFactory(cohort=cohort, email="a@example.nhs.uk")
    reminder = reminder_for(card)
    services.follow_up_by_participant(reminder=reminder, status="done", note="")
    # The same reminder, as a second request read it before the first one claimed it.
    reminder.used_at = None
    with pytest.raises(services.LinkAlreadyUsed):
        services.follow_up_by_participant(reminder=reminder, status="not_pursued", note="Changed my mind")
    card.refresh_from_db()
    assert card.status == "done"
    assert FollowUpNote.objects.count() == 1


@pytest.mark.parametrize(("status", "next_due"), [("in_progress", "2026-12-23"), ("done", None)])
def test_a_participant_s_update_moves_an_overdue_commitment_on(cohort, frozen_now, status, next_due):
    card = CommitmentFactory(cohort=cohort, email="a@example.nhs.uk", due_date=datetime.date(2026, 11, 1))
    services.follow_up_by_participant(reminder=reminder_for(card), status=status, note="")
    card.refresh_from_db()
    assert card.due_date == (datetime.date.fromisoformat(next_due) if next_due else None)
    assert not Commitment.objects.overdue(datetime.date(2026, 11, 25)).filter(pk=card.pk).exists()
