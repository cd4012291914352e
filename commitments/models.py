"""Commitments: the post-its participants write at the end of a workshop, and their follow-up."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workshops.models import Cohort, Participant

FOLLOW_UP_AFTER = datetime.timedelta(weeks=6)
# After a follow-up of a commitment still under way, the next one is suggested this far ahead.
FOLLOW_UP_AGAIN_AFTER = datetime.timedelta(weeks=4)
TEXT_MIN_LENGTH = 10
TEXT_MAX_LENGTH = 500


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_due_date(cohort: Cohort, today: datetime.date) -> datetime.date:
    """Six weeks after the cohort's last session (or after today when it has none)."""
    return (cohort.last_session_date() or today) + FOLLOW_UP_AFTER


class CommitmentSettings(models.Model):
    """How a cohort's commitments form and wall behave; a cohort without a row uses the defaults."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="commitment_settings")
    is_open = models.BooleanField("the form is open", default=False)
    needs_approval = models.BooleanField("cards wait for approval", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "commitment settings"

    def __str__(self):
        return f"Commitment settings of {self.cohort}"

    @classmethod
    def of(cls, cohort: Cohort) -> "CommitmentSettings":
        """The cohort's settings; unsaved defaults if it has none yet, so reading never writes."""
        try:
            return cohort.commitment_settings
        except cls.DoesNotExist:
            return cls(cohort=cohort)

    def accepts_posts(self) -> bool:
        return self.is_open and not self.cohort.is_cancelled


class CommitmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The commitments of the cohorts a staff user may see."""
        return self.filter(cohort__in=Cohort.objects.for_user(user))

    def for_participant(self, participant: Participant | None):
        """A participant's own cards, never hidden ones; nobody's when the phone is unknown."""
        if participant is None:
            return self.none()
        return self.filter(participant=participant).exclude(moderation=Commitment.Moderation.HIDDEN)

    def on_wall(self):
        return self.filter(moderation=Commitment.Moderation.SHOWN)

    def still_open(self):
        """Not yet done or given up: the ones follow-up is about."""
        return self.filter(status__in=Commitment.OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        return self.filter(overdue_condition(today))

    def next_overdue(self, today: datetime.date, *, after: "Commitment | None" = None) -> "Commitment | None":
        """The overdue commitment to follow up next, in the follow-up list's order (soonest due first)."""
        overdue = self.overdue(today).order_by("due_date", "created_at", "pk")
        return (overdue.exclude(pk=after.pk) if after else overdue).first()

    def search(self, words: str):
        """Those whose wording, name on the wall or follow-up notes hold every word typed."""
        found = self
        for word in words.split():
            in_notes = FollowUpNote.objects.filter(commitment=models.OuterRef("pk"), note__icontains=word)
            found = found.filter(
                Q(text__icontains=word) | Q(display_name__icontains=word) | models.Exists(in_notes)
            )
        return found

    def with_overdue(self, today: datetime.date):
        """Each commitment with `overdue`: still open and its follow-up date has passed."""
        return self.annotate(
            overdue=models.ExpressionWrapper(overdue_condition(today), output_field=models.BooleanField())
        )

    def needing_a_reminder(self, today: datetime.date):
        """Due or past due, still open, with an email, not hidden, not yet reminded for this due date."""
        already = Reminder.objects.filter(
            commitment=models.OuterRef("pk"), due_date=models.OuterRef("due_date")
        )
        return (
            self.still_open()
            .filter(due_date__lte=today)
            .exclude(email="")
            .exclude(moderation=Commitment.Moderation.HIDDEN)
            .exclude(models.Exists(already))
            .select_related("cohort__workshop")
            .order_by("due_date", "pk")
        )

    def counted_by_kind_and_status(self, today: datetime.date) -> dict[tuple[str, str], tuple[int, int]]:
        """(kind, status) → (how many, how many overdue), in one query: every count of commitments."""
        rows = (
            self.order_by()
            .values("kind", "status")
            .annotate(n=models.Count("pk"), overdue=models.Count("pk", filter=overdue_condition(today)))
        )
        return {(row["kind"], row["status"]): (row["n"], row["overdue"]) for row in rows}

    def status_counts(self, today: datetime.date) -> dict[str, int]:
        """How many in each status, how many overdue and how many in all, in one query."""
        counted = self.counted_by_kind_and_status(today)
        counts = {
            status: sum(n for (_, s), (n, _) in counted.items() if s == status)
            for status in Commitment.Status.values
        }
        counts["overdue"] = sum(overdue for _, overdue in counted.values())
        counts["total"] = sum(n for n, _ in counted.values())
        return counts


def overdue_condition(today: datetime.date) -> Q:
    """The one "overdue" condition: still open, and its follow-up date has passed."""
    return Q(status__in=Commitment.OPEN_STATUSES, due_date__lt=today)


class Commitment(models.Model):
    class Kind(models.TextChoices):
        ACTION = "action", "Action"
        PROJECT_IDEA = "project_idea", "Project idea"

    class Status(models.TextChoices):
        COMMITTED = "committed", "Committed"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_PURSUED = "not_pursued", "Not pursued"

    class Moderation(models.TextChoices):
        SHOWN = "shown", "On the wall"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        HIDDEN = "hidden", "Hidden"

    OPEN_STATUSES = (Status.COMMITTED, Status.IN_PROGRESS)

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="commitments")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="commitments",
        help_text="The phone that wrote it: only it may edit or withdraw the card.",
    )
    text = models.CharField(
        "commitment", max_length=TEXT_MAX_LENGTH, validators=[MinLengthValidator(TEXT_MIN_LENGTH)]
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ACTION)
    display_name = models.CharField("name on the wall", max_length=40, blank=True)
    email = models.EmailField("email for follow-up", blank=True)
    status = models.CharField(max_length=11, choices=Status.choices, default=Status.COMMITTED)
    # None once it is done or not pursued: there is nothing left to follow up.
    due_date = models.DateField("next follow-up due", null=True, blank=True)
    moderation = models.CharField(max_length=17, choices=Moderation.choices, default=Moderation.SHOWN)
    # The one-time token the form carried: a double tap or a retry stores one card, not two.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    qi_project_started = models.BooleanField("QI project started", default=False)
    qi_project_reference = models.CharField("QI project link or reference", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "moderation"]), models.Index(fields=["due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["action", "project_idea"]), name="commitment_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["committed", "in_progress", "done", "not_pursued"]),
                name="commitment_status_is_known",
            ),
            models.CheckConstraint(
                condition=Q(moderation__in=["shown", "awaiting_approval", "hidden"]),
                name="commitment_moderation_is_known",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("commitments:follow_up_detail", args=[self.pk])

    @property
    def author_for_display(self) -> str:
        return self.display_name or "Anonymous"

    @property
    def is_project_idea(self) -> bool:
        return self.kind == self.Kind.PROJECT_IDEA

    @property
    def is_on_wall(self) -> bool:
        return self.moderation == self.Moderation.SHOWN

    @property
    def is_hidden(self) -> bool:
        return self.moderation == self.Moderation.HIDDEN

    @property
    def is_awaiting_approval(self) -> bool:
        return self.moderation == self.Moderation.AWAITING_APPROVAL

    def suggested_next_follow_up(self, today: datetime.date) -> datetime.date | None:
        """The date to offer for the next follow-up: the one set, if still ahead, or some weeks on."""
        if self.status not in self.OPEN_STATUSES:
            return None
        if self.due_date and self.due_date > today:
            return self.due_date
        return today + FOLLOW_UP_AGAIN_AFTER

    @property
    def qi_project_url(self) -> str:
        """The QI project reference when it is a web link, to show it as one."""
        reference = self.qi_project_reference
        return reference if reference.startswith(("https://", "http://")) else ""

    def colour(self) -> int:
        """One of four warm post-it colours, fixed for the card so the wall does not flicker."""
        return self.pk % 4 if self.pk else 0


class FollowUpNote(models.Model):
    """One step of a commitment's follow-up: what was heard, by whom, and any change of status."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(default=timezone.localdate)
    # Null means the participant wrote it through their private link. PROTECT keeps that true:
    # deleting a staff account must not turn their notes into the participant's.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    status_from = models.CharField(max_length=11, choices=Commitment.Status.choices, blank=True)
    status_to = models.CharField(max_length=11, choices=Commitment.Status.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.date}: {self.note[:40]}"

    @property
    def changed_status(self) -> bool:
        return bool(self.status_to) and self.status_to != self.status_from

    def author_for_display(self) -> str:
        if self.author is None:
            return "The participant"
        return self.author.get_full_name() or self.author.get_username()


class ReminderQuerySet(models.QuerySet):
    def by_token(self, token: str):
        return self.filter(token_digest=token_digest(token))


class Reminder(models.Model):
    """A follow-up email sent to a participant, with its private, single-use update link.

    One per commitment and due date (a database constraint), so the daily command can run twice.
    Only a digest of the link's token is kept: the database alone does not open the link.
    """

    LINK_LIFETIME = datetime.timedelta(days=30)

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField()
    sent_to = models.EmailField()
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "due_date"], name="one_reminder_per_due_date"),
        ]

    def __str__(self):
        return f"Reminder for commitment {self.commitment_id}, due {self.due_date}"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.used_at is not None
