import datetime

import factory
from django.utils import timezone

from commitments.models import Commitment, CommitmentSettings, FollowUpNote, Reminder, token_digest
from tests.factories import CohortFactory
from workshops.models import Participant


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    cohort = factory.SubFactory(CohortFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.LazyAttribute(lambda o: ParticipantFactory(cohort=o.cohort))
    text = factory.Sequence(lambda n: f"Audit who misses a medication review by deprivation quintile ({n})")
    kind = Commitment.Kind.ACTION
    display_name = "Aisha"
    due_date = datetime.date(2027, 1, 20)
    submission_token = factory.Sequence(lambda n: f"test-token-{n}")


def open_form(cohort, *, needs_approval=False) -> CommitmentSettings:
    wall, _ = CommitmentSettings.objects.update_or_create(
        cohort=cohort, defaults={"is_open": True, "needs_approval": needs_approval}
    )
    return wall


def note_for(commitment, **fields) -> FollowUpNote:
    defaults = {"date": datetime.date(2026, 11, 20), "note": "Spoke on the phone.", "status_to": "committed"}
    return FollowUpNote.objects.create(commitment=commitment, **(defaults | fields))


def reminder_for(commitment, token="a-private-token-known-to-the-test", **fields) -> Reminder:
    now = timezone.now()
    defaults = {
        "due_date": commitment.due_date,
        "sent_to": commitment.email or "someone@example.nhs.uk",
        "sent_at": now,
        "expires_at": now + Reminder.LINK_LIFETIME,
    }
    return Reminder.objects.create(
        commitment=commitment, token_digest=token_digest(token), **(defaults | fields)
    )
