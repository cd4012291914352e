"""Registers: who was expected at a cohort and who came to each session. The only place names are kept.

Nothing here refers to a Participant, a Response or a Commitment, and nothing there refers to
these: a name in the register cannot be joined to an answer (docs/adr/0036).
"""

import secrets

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from workshops.models import JOIN_CODE_ALPHABET, Cohort, Session

SIGN_IN_CODE_LENGTH = 4


def new_sign_in_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(SIGN_IN_CODE_LENGTH))


def normalise_name(name: str) -> str:
    return " ".join(name.split()).casefold()


class AttendeeQuerySet(models.QuerySet):
    def with_parts(self):
        """Each person with how many of the cohort's scheduled sessions they attended."""
        return self.annotate(
            parts=Count("attendances", filter=~Q(attendances__session__status=Session.Status.CANCELLED))
        )

    def named(self, name: str):
        return self.filter(name_key=normalise_name(name))


class Attendee(models.Model):
    """A person expected at (or who came to) a cohort: a name, and an email for the certificate."""

    class Source(models.TextChoices):
        LISTED = "listed", "Listed before the workshop"
        SIGNED_IN = "signed_in", "Signed in on the day"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField("full name", max_length=120)
    name_key = models.CharField(max_length=120, editable=False, db_index=True)
    email = models.EmailField("email address", max_length=254, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LISTED, editable=False)
    certificate_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AttendeeQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "name_key", "pk"]
        constraints = [
            # A name signs in unambiguously: two people of one name are told apart when listed.
            models.UniqueConstraint(fields=["cohort", "name_key"], name="one_person_of_a_name_per_cohort"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)


class Attendance(models.Model):
    """One person at one session. One row at most: marking twice changes nothing."""

    class Method(models.TextChoices):
        FACILITATOR = "facilitator", "Marked by the facilitator"
        PHONE = "phone", "Signed in on their phone"

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.FACILITATOR)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "attendee"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session"], name="one_attendance_per_person_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.attendee} at {self.session}"


class SignIn(models.Model):
    """A session's sign-in on phones: its code (new for every session) and whether it is open."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="sign_in")
    code = models.CharField(max_length=SIGN_IN_CODE_LENGTH, default=new_sign_in_code)
    is_open = models.BooleanField(default=False)
    opened_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Sign-in for {self.session}"

    def matches(self, typed: str) -> bool:
        return "".join(ch for ch in typed.upper() if ch.isalnum()) == self.code

    def code_for_display(self) -> str:
        return self.code
