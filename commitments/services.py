"""Writes that touch several rows or have side effects (email): posting, moderating, following up."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commitments.models import (
    Commitment,
    CommitmentSettings,
    FollowUpNote,
    Reminder,
    default_due_date,
    new_token,
    token_digest,
)
from workshops import services as workshops_services
from workshops.models import Cohort, Participant


class LinkAlreadyUsed(Exception):
    """The participant's private link was used by another request a moment ago."""


@transaction.atomic
def commitment_submit(
    *,
    cohort: Cohort,
    participant: Participant | None,
    key: str | None = None,
    submission_token: str,
    text: str,
    kind: str,
    display_name: str = "",
    email: str = "",
    today: datetime.date | None = None,
) -> tuple[Commitment, bool]:
    """Store a post-it once per form token; a repeat of the same token returns the first one.

    `participant` is the phone's when its cookie named one; otherwise the phone becomes one here,
    in the same transaction, from the form's vetted `key` (as `evaluations.services.response_submit`
    does). The same words from the same phone also return the card already made: after Back, a
    browser may show the form again with what was typed but a new token, and posting it again must
    not put a second card on the wall. Returns the commitment and whether it was made now; the
    commitment's participant is whom the phone is from now on.
    """
    if participant is None:
        participant = workshops_services.participant_for_phone(cohort=cohort, key=key)
    existing = Commitment.objects.filter(submission_token=submission_token).first()
    if existing is None and participant.pk is not None:
        existing = Commitment.objects.filter(cohort=cohort, participant=participant, text=text).first()
    if existing is not None:
        return existing, False
    wall = CommitmentSettings.of(cohort)
    commitment = Commitment(
        cohort=cohort,
        participant=participant,
        submission_token=submission_token,
        text=text,
        kind=kind,
        display_name=display_name,
        email=email,
        due_date=default_due_date(cohort, today or timezone.localdate()),
        moderation=(
            Commitment.Moderation.AWAITING_APPROVAL if wall.needs_approval else Commitment.Moderation.SHOWN
        ),
    )
    # The token's uniqueness is left to the insert: a check here could pass for both of two
    # requests racing with one token (a double tap), and the database lets only one through.
    commitment.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            commitment.save()
    except IntegrityError:
        return Commitment.objects.select_related("participant").get(submission_token=submission_token), False
    return commitment, True


def commitment_edit_by_participant(
    *, commitment: Commitment, text: str, kind: str, display_name: str, email: str
) -> Commitment:
    """The author changes their card; where cards need approval, changed wording needs it again."""
    wording_changed = (text, display_name) != (commitment.text, commitment.display_name)
    commitment.text, commitment.kind = text, kind
    commitment.display_name, commitment.email = display_name, email
    if wording_changed and CommitmentSettings.of(commitment.cohort).needs_approval:
        commitment.moderation = Commitment.Moderation.AWAITING_APPROVAL
    commitment.full_clean()
    commitment.save()
    return commitment


def commitment_withdraw(*, commitment: Commitment) -> None:
    """The author takes their card back: it goes, with its email address and any follow-up."""
    commitment.delete()


def commitment_fix(*, commitment: Commitment, text: str, display_name: str) -> Commitment:
    """A facilitator corrects a typo on a card."""
    commitment.text, commitment.display_name = text, display_name
    commitment.full_clean()
    commitment.save()
    return commitment


MODERATION_ACTIONS = {
    "hide": Commitment.Moderation.HIDDEN,
    "restore": Commitment.Moderation.SHOWN,
    "approve": Commitment.Moderation.SHOWN,
}


def commitment_moderate(*, commitment: Commitment, action: str) -> Commitment:
    commitment.moderation = MODERATION_ACTIONS[action]
    commitment.full_clean()
    commitment.save(update_fields=["moderation", "updated_at"])
    return commitment


def _settings_for_writing(cohort: Cohort) -> CommitmentSettings:
    return CommitmentSettings.objects.get_or_create(cohort=cohort)[0]


def commitments_form_set_open(*, cohort: Cohort, is_open: bool) -> CommitmentSettings:
    wall = _settings_for_writing(cohort)
    wall.is_open = is_open
    wall.full_clean()
    wall.save()
    return wall


@transaction.atomic
def commitments_approval_set(*, cohort: Cohort, needs_approval: bool) -> int:
    """Choose whether new cards wait for approval. Turning it off puts the waiting cards up.

    Returns how many waiting cards went up on the wall.
    """
    wall = _settings_for_writing(cohort)
    wall.needs_approval = needs_approval
    wall.full_clean()
    wall.save()
    if needs_approval:
        return 0
    return cohort.commitments.filter(moderation=Commitment.Moderation.AWAITING_APPROVAL).update(
        moderation=Commitment.Moderation.SHOWN, updated_at=timezone.now()
    )


def _history_entry(commitment: Commitment, *, date, author, note: str, status: str) -> FollowUpNote:
    """A line in the commitment's follow-up history: the note, and its status before and after."""
    entry = FollowUpNote(
        commitment=commitment,
        date=date,
        author=author,
        note=note,
        status_from=commitment.status,
        status_to=status,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def follow_up_record(
    *,
    commitment: Commitment,
    author,
    date: datetime.date,
    note: str,
    status: str,
    due_date: datetime.date | None,
    qi_project_started: bool = False,
    qi_project_reference: str = "",
) -> FollowUpNote | None:
    """A lead's follow-up: a note and any change of status go in the history; the rest is updated.

    `due_date` is the next follow-up's, None once the commitment is done or not pursued.
    Returns the note, or None when only the due date or the QI project changed.
    """
    entry = None
    if note or status != commitment.status:
        entry = _history_entry(commitment, date=date, author=author, note=note, status=status)
    commitment.status = status
    commitment.due_date = due_date
    if commitment.is_project_idea:
        commitment.qi_project_started = qi_project_started
        commitment.qi_project_reference = qi_project_reference
    commitment.full_clean()
    commitment.save()
    return entry


@transaction.atomic
def follow_up_by_participant(*, reminder: Reminder, status: str, note: str) -> FollowUpNote:
    """The participant updates their own commitment through their private link, which is then used up."""
    now = timezone.now()
    claimed = Reminder.objects.filter(pk=reminder.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    if not claimed:
        raise LinkAlreadyUsed
    commitment = reminder.commitment
    today = timezone.localdate()
    entry = _history_entry(commitment, date=today, author=None, note=note, status=status)
    commitment.status = status
    # Followed up, so no longer overdue: the next look is some weeks on, or none once it is over.
    commitment.due_date = commitment.suggested_next_follow_up(today)
    commitment.full_clean()
    commitment.save(update_fields=["status", "due_date", "updated_at"])
    return entry


# Reminders --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderOutcome:
    commitment: Commitment
    reminder: Reminder | None
    error: str = ""


def reminder_send(*, commitment: Commitment, site_url: str, now: datetime.datetime) -> Reminder:
    """Email the participant a private link to update their commitment, recording it once per due date.

    The row and the email go together: if the mail server refuses, the row is rolled back and
    tomorrow's run tries again; if the row exists already, nothing is sent.
    """
    token = new_token()
    with transaction.atomic():
        reminder = Reminder(
            commitment=commitment,
            due_date=commitment.due_date,
            sent_to=commitment.email,
            token_digest=token_digest(token),
            sent_at=now,
            expires_at=now + Reminder.LINK_LIFETIME,
        )
        # The insert enforces uniqueness itself, race-free: IntegrityError tells the caller.
        reminder.full_clean(validate_unique=False, validate_constraints=False)
        reminder.save()
        context = {
            "commitment": commitment,
            "cohort": commitment.cohort,
            "link": site_url + reverse("commitments:participant_update", args=[token]),
            "expires": timezone.localtime(reminder.expires_at).date(),
        }
        subject = render_to_string("commitments/email/reminder_subject.txt", context).strip()
        body = render_to_string("commitments/email/reminder_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [commitment.email])
    return reminder


def reminders_send(*, today: datetime.date, site_url: str) -> list[ReminderOutcome]:
    """Send every reminder that is due today; safe to run again (nothing is sent twice)."""
    outcomes = []
    now = timezone.now()
    for commitment in Commitment.objects.needing_a_reminder(today):
        try:
            reminder = reminder_send(commitment=commitment, site_url=site_url, now=now)
        except IntegrityError:
            continue  # another run sent this one a moment ago
        except Exception as error:  # one refused address must not stop the others
            outcomes.append(ReminderOutcome(commitment, None, f"{type(error).__name__}: {error}"))
        else:
            outcomes.append(ReminderOutcome(commitment, reminder))
    return outcomes
