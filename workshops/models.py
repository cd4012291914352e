import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from workshops import roles
from workshops.activities import app_hooks

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: a code read off a projector must not be misread.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str:
    """What a participant typed, as a stored code: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class Workshop(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class LearningAim(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="aims")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["workshop", "position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="one_aim_per_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The programmes whose cohorts this staff user sees as a lead: a national lead's are all."""
        if roles.sees_every_programme(user):
            return self.all()
        if not roles.is_programme_lead(user):
            return self.none()
        return self.filter(members=user)

    def joined_by(self, user):
        """The programmes a user may put a cohort in: those they belong to (a superuser: all)."""
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self.all()
        return self.filter(members=user.pk)

    def member_ids(self):
        """The primary keys of the people in these programmes, for a subquery."""
        return Programme.members.through.objects.filter(programme__in=self).values("user")


class Programme(models.Model):
    """A programme (say, an integrated care system's inequalities programme) owns its cohorts.

    Its leads see its cohorts, reports, follow-ups and projects, and no other programme's;
    facilitators belong to the programmes they run cohorts for (docs/adr/0045).
    """

    name = models.CharField(max_length=200, unique=True)
    run_with = models.CharField(
        "run with", max_length=200, blank=True, help_text="For example “East London NHS Foundation Trust”."
    )
    contact_email = models.EmailField(
        "contact email address",
        blank=True,
        help_text="Where teams' requests for the workshop are emailed (empty: the site's contact address).",
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="programmes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CohortQuerySet(models.QuerySet):
    def for_user(self, user):
        """The cohorts a staff user may see: a lead their programmes', a facilitator their own."""
        if roles.sees_every_programme(user):
            return self.all()
        seen = Q()
        if roles.is_programme_lead(user):
            seen |= Q(programme__in=Programme.objects.for_user(user).values("pk"))
        if roles.is_facilitator(user):
            # A subquery, not a join: a lead who also facilitates must not see a cohort twice.
            seen |= Q(pk__in=Cohort.facilitators.through.objects.filter(user=user.pk).values("cohort"))
        return self.filter(seen) if seen else self.none()

    def managed_by(self, user):
        """The cohorts a user may change: those they facilitate (superusers: all)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if roles.is_facilitator(user):
            return self.filter(facilitators=user)
        return self.none()

    def with_can_manage(self, user):
        """Each cohort with `can_manage`: whether this user may change it, in the same query."""
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self.annotate(can_manage=models.Value(True))
        if not (user.is_authenticated and user.is_active and roles.is_facilitator(user)):
            return self.annotate(can_manage=models.Value(False))
        facilitating = Cohort.facilitators.through.objects.filter(cohort=models.OuterRef("pk"), user=user.pk)
        return self.annotate(can_manage=models.Exists(facilitating))

    def by_join_code(self, typed: str):
        """The cohort with this join code, however it was typed (case, spaces and dashes forgiven)."""
        return self.filter(join_code=normalise_join_code(typed))

    def with_first_date(self):
        return self.annotate(first_date=models.Min("sessions__date"), last_date=models.Max("sessions__date"))

    def with_schedule(self):
        """Each cohort's first and last scheduled session dates, from which its status follows."""
        scheduled = ~Q(sessions__status=Session.Status.CANCELLED)
        return self.annotate(
            scheduled_from=models.Min("sessions__date", filter=scheduled),
            scheduled_to=models.Max("sessions__date", filter=scheduled),
        )

    def not_archived(self):
        return self.filter(archived_at__isnull=True)

    def in_programme_figures(self):
        """The cohorts a programme's headline figures count: not cancelled, archived or a test."""
        return self.filter(is_cancelled=False, is_test=False, archived_at__isnull=True)


class Cohort(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="cohorts")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(
        max_length=200, help_text="For example “BLMK Medicines Optimisation, Nov–Dec 2022”."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Used in links and commands. Lower-case letters, numbers and hyphens.",
    )
    organisation = models.CharField("organisation or team", max_length=200, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_cohorts", blank=True
    )
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, editable=False)
    # The status follows the sessions (see `status`); only a cancellation is set by hand.
    is_cancelled = models.BooleanField(
        "this cohort is cancelled",
        default=False,
        help_text="Its join page says so, and it stays out of the programme’s figures.",
    )
    is_test = models.BooleanField(
        "this is a test or practice cohort",
        default=False,
        help_text="It stays out of the programme’s figures.",
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    expected_participants = models.PositiveSmallIntegerField(
        "expected number of participants", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(join_code__regex=rf"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$"),
                name="join_code_is_six_unambiguous_characters",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_in_codes()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:cohort_detail", args=[self.slug])

    def get_join_url(self):
        return reverse("workshops:landing", args=[self.join_code])

    def fill_in_codes(self):
        """Give a new cohort its join code, and a slug from its name if none was chosen."""
        if not self.join_code:
            self.join_code = self._unused_join_code()
        if not self.slug:
            self.slug = self._unused_slug()

    def _unused_join_code(self) -> str:
        while True:
            code = new_join_code()
            if not Cohort.objects.by_join_code(code).exists():
                return code

    def _unused_slug(self) -> str:
        base = slugify(self.name)[:70] or "cohort"
        slug, n = base, 2
        while Cohort.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def scheduled_dates(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and last scheduled session dates: annotated by `with_schedule`, or asked for."""
        if hasattr(self, "scheduled_from"):
            return self.scheduled_from, self.scheduled_to
        if self.pk is None:
            return None, None
        dates = self.sessions.scheduled().aggregate(first=models.Min("date"), last=models.Max("date"))
        self.scheduled_from, self.scheduled_to = dates["first"], dates["last"]  # asked once per object
        return self.scheduled_from, self.scheduled_to

    def know_schedule_from(self, sessions: list["Session"]) -> None:
        """Take the first and last scheduled dates from sessions already fetched: no query for them."""
        dates = [session.date for session in sessions if not session.is_cancelled]
        self.scheduled_from, self.scheduled_to = min(dates, default=None), max(dates, default=None)

    def status_on(self, today: datetime.date) -> str:
        """Planned until the first session's day, running until the last one's, then finished."""
        if self.is_cancelled:
            return self.Status.CANCELLED
        first, last = self.scheduled_dates()
        if first is None or today < first:
            return self.Status.PLANNED
        if today > last:
            return self.Status.FINISHED
        return self.Status.RUNNING

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def join_code_for_display(self) -> str:
        return f"{self.join_code[:3]} {self.join_code[3:]}"

    def records(self) -> list[str]:
        """What the apps hold about this cohort that deleting it would lose ("3 survey responses")."""
        return [record for hook in app_hooks("cohort_records") for record in hook(self)]

    def can_be_deleted(self) -> bool:
        return not self.records()

    def last_session_date(self) -> datetime.date | None:
        return self.sessions.exclude(status=Session.Status.CANCELLED).aggregate(last=models.Max("date"))[
            "last"
        ]


class SessionQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(date__gte=today).order_by("date", "starts_at")

    def for_user(self, user):
        return self.filter(cohort__in=Cohort.objects.for_user(user))

    def scheduled(self):
        return self.exclude(status=Session.Status.CANCELLED)


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    part = models.PositiveSmallIntegerField("part number")
    title = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    starts_at = models.TimeField("start time")
    ends_at = models.TimeField("end time")
    venue = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Bumped on every change so calendar apps replace the event rather than keep a stale copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "part"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "part"], name="one_session_per_part"),
            models.CheckConstraint(condition=Q(part__gte=1), name="part_numbers_start_at_one"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{self.cohort.name}: {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title or f"Part {self.part}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def starts(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    def ends(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.ends_at))

    def overlaps(self, other: "Session") -> bool:
        return self.date == other.date and self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def first_clash(self) -> "Session | None":
        """Another scheduled session of the cohort that this one would overlap, if any."""
        siblings = self.cohort.sessions.scheduled().exclude(pk=self.pk).filter(date=self.date)
        return next((other for other in siblings if self.overlaps(other)), None)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time"})


def new_participant_key() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    """One phone in one cohort: pseudonymous, never a name.

    Its key lives in a long-lived cookie for the cohort, so the same phone's answers to the
    cohort's surveys can be paired (before and after) and its post-its edited, without knowing
    who it is. See workshops/participants.py.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participants")
    key = models.CharField(max_length=64, unique=True, default=new_participant_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "created_at"]

    def __str__(self):
        return f"Participant {self.pk} of {self.cohort}"
