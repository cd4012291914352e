"""What is arranged around a cohort's sessions: teams' requests, design-group meetings, agendas, materials."""

import datetime
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workshops.models import Cohort, Programme, Session

TEXT_MAX_LENGTH = 2000


class WorkshopRequestQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(status__in=WorkshopRequest.UNDECIDED)

    def stale(self, now: datetime.datetime | None = None):
        """Requests that have waited longer than settings.WORKSHOP_REQUEST_STALE_DAYS without a decision."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.WORKSHOP_REQUEST_STALE_DAYS)
        return self.undecided().filter(created_at__lt=cutoff)

    def in_list_order(self):
        """Undecided first, oldest first (they have waited longest); then the rest, newest first."""
        undecided = models.Case(
            models.When(status__in=WorkshopRequest.UNDECIDED, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        return self.annotate(decided=undecided).order_by("decided", "created_at")


class WorkshopRequest(models.Model):
    """A team asking for the workshop: "if you would like your team to participate, get in touch"."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_DISCUSSION = "discussion", "In discussion"
        SCHEDULED = "scheduled", "Scheduled"
        DECLINED = "declined", "Declined"

    UNDECIDED = (Status.NEW, Status.IN_DISCUSSION)

    # Its programme's leads see it and make it a cohort of that programme (docs/adr/0045).
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="workshop_requests")
    team = models.CharField("team name", max_length=200)
    organisation = models.CharField(max_length=200)
    contact_name = models.CharField("your name", max_length=200)
    contact_email = models.EmailField("your NHS email address", max_length=254)
    group_size = models.PositiveSmallIntegerField("how many people would take part")
    preferred_months = models.CharField("months that would suit the team", max_length=200, blank=True)
    venue = models.CharField("where it could be held", max_length=300, blank=True)
    work = models.TextField("what the team works on", max_length=TEXT_MAX_LENGTH)
    inequities = models.TextField(
        "inequities the team sees in its work", max_length=TEXT_MAX_LENGTH, blank=True
    )
    accessibility = models.TextField("accessibility needs", max_length=TEXT_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    notes = models.TextField(blank=True, help_text="Only programme leads see these.")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="workshop_requests"
    )
    # A double tap on "Send" stores one request: the form carries a token used once.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WorkshopRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group_size__gte=1), name="a_request_is_for_one_person_or_more"
            ),
        ]

    def __str__(self):
        return f"{self.team}, {self.organisation}"

    def get_absolute_url(self):
        return reverse("arrangements:request_detail", args=[self.pk])

    @property
    def is_undecided(self) -> bool:
        return self.status in self.UNDECIDED

    def is_stale(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        waited = now - self.created_at
        return self.is_undecided and waited > datetime.timedelta(days=settings.WORKSHOP_REQUEST_STALE_DAYS)

    def days_waiting(self, now: datetime.datetime | None = None) -> int:
        return ((now or timezone.now()) - self.created_at).days

    def set_status(self, status: str) -> None:
        """Change the status; the moment of the decision is kept when it leaves 'undecided'."""
        if status not in self.UNDECIDED and self.is_undecided:
            self.decided_at = timezone.now()
        elif status in self.UNDECIDED:
            self.decided_at = None
        self.status = status

    def suggested_cohort_name(self) -> str:
        when = f", {self.preferred_months}" if self.preferred_months else ""
        return f"{self.team}{when}"[:200]


class DesignMeeting(models.Model):
    """A meeting of a cohort's design group: team members who co-develop the workshop's content."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="design_meetings")
    date = models.DateField()
    attendees = models.CharField(
        "who came from the team", max_length=500, help_text="Names or roles, for example “Two pharmacists”."
    )
    decisions = models.TextField("what was decided for the content", max_length=TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["cohort", "date", "pk"]

    def __str__(self):
        return f"Design group meeting of {self.cohort} on {self.date}"


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.TimeField("start time")
    ends_at = models.TimeField("end time", null=True, blank=True)
    title = models.CharField("what happens", max_length=200)
    details = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["session", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="agenda_item_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time"})


def material_path(instance, filename: str) -> str:
    """Stored under a random name: the name a person gave the file is kept apart, never used as a path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"materials/{secrets.token_hex(16)}{suffix}"


class Material(models.Model):
    """A file or a link for one session, for participants once the session's materials are released."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=material_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    link = models.URLField(max_length=500, blank=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["session", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="a_material_is_a_file_or_a_link",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.link)


class SessionRelease(models.Model):
    """A session whose agenda and materials the facilitator has released to participants."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="release")
    released_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.session} released {self.released_at:%Y-%m-%d}"
