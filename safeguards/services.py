"""Removing participants' personal data once a cohort is long finished (the privacy page's promise).

The privacy page (templates/workshops/privacy.html) tells participants what goes, and when; the
tests hold this module and that page to the same list. See docs/adr/0021.
"""

import calendar
import datetime
import re
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateField, Max, Q
from django.db.models.functions import Cast, Coalesce

from commitments.models import Commitment, Reminder
from evaluations.models import AboutYouAnswer
from workshops.models import Cohort, Participant, Session

# What the purge removes, as the privacy page words it.
REMOVED = (
    "email addresses",
    "names shown on the wall",
    "the random code in your phone’s cookie",
    "“about you” answers",
)
DEFAULT_AGE = "18m"
PURGED_KEY_PREFIX = "purged-"
AGE_PATTERN = re.compile(r"^(\d+)([dmy])$")


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff_date(age: str, today: datetime.date) -> datetime.date:
    """The day before which a cohort must have ended: "18m" is 18 months, "90d" days, "2y" years."""
    match = AGE_PATTERN.match(age.strip().lower())
    if not match:
        raise ValueError(f"“{age}” is not an age like 18m (months), 2y (years) or 90d (days)")
    number, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        return today - datetime.timedelta(days=number)
    return months_before(today, number * 12 if unit == "y" else number)


def cohorts_ended_before(cutoff: datetime.date):
    """Cohorts whose last session (not cancelled) was before the cutoff.

    A cohort with only cancelled sessions ended on the last of them; one with no sessions, on
    the day it was made.
    """
    held = ~Q(sessions__status=Session.Status.CANCELLED)
    return (
        Cohort.objects.annotate(
            ended_on=Coalesce(
                Max("sessions__date", filter=held),
                Max("sessions__date"),
                Cast("created_at", DateField()),
            )
        )
        .filter(ended_on__lt=cutoff)
        .order_by("ended_on", "name")
    )


@dataclass(frozen=True)
class CohortPurge:
    cohort: Cohort
    emails: int
    names: int
    keys: int
    about_you: int

    @property
    def anything(self) -> bool:
        return bool(self.emails or self.names or self.keys or self.about_you)

    def describe(self) -> str:
        parts = [
            _count(self.emails, "email address", "email addresses"),
            _count(self.names, "name shown on the wall", "names shown on the wall"),
            _count(self.keys, "respondent key", "respondent keys"),
            _count(self.about_you, "“about you” answer", "“about you” answers"),
        ]
        return ", ".join(parts)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _personal_data(cohort: Cohort):
    commitments = Commitment.objects.filter(cohort=cohort)
    return {
        "emails": commitments.exclude(email=""),
        "names": commitments.exclude(display_name=""),
        "keys": Participant.objects.filter(cohort=cohort).exclude(key__startswith=PURGED_KEY_PREFIX),
        "about_you": AboutYouAnswer.objects.filter(response__survey__cohort=cohort),
    }


def cohort_personal_data_purge(*, cohort: Cohort, dry_run: bool = False) -> CohortPurge:
    """Remove one cohort's personal data in one transaction, or only count it with dry_run.

    Email addresses go from the post-its and from the record of reminders sent to them; names on
    the wall are emptied (the card shows "Anonymous"); each participant's key, the code in their
    phone's cookie (and once its personal link), is replaced by a random one nobody holds, so their answers
    stay paired for the reports but lead to no phone; "about you" answers are deleted, while the
    anonymous group totals kept with every answer (GroupTotal, docs/adr/0040) stay as they are, so
    the equity view shows the same figures. Post-its' wording, evaluation answers and follow-up
    notes stay. Running it again finds nothing to do.
    """
    with transaction.atomic():
        found = _personal_data(cohort)
        counted = {name: rows.count() for name, rows in found.items()}
        counts = CohortPurge(cohort=cohort, **counted)
        if dry_run or not counts.anything:
            return counts
        found["emails"].update(email="")
        Reminder.objects.filter(commitment__cohort=cohort).delete()  # each holds the address it went to
        found["names"].update(display_name="")
        participants = list(found["keys"])
        for participant in participants:
            participant.key = PURGED_KEY_PREFIX + secrets.token_urlsafe(24)
        Participant.objects.bulk_update(participants, ["key"], batch_size=500)
        found["about_you"].delete()
    return counts


def personal_data_purge(*, cutoff: datetime.date, dry_run: bool = False) -> list[CohortPurge]:
    """Purge every cohort that ended before the cutoff; one transaction per cohort."""
    return [
        cohort_personal_data_purge(cohort=cohort, dry_run=dry_run) for cohort in cohorts_ended_before(cutoff)
    ]
