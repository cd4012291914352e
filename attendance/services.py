"""Writes to the register, and certificates sent by email."""

import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from attendance import certificates
from attendance.imports import PlannedAttendee
from attendance.models import Attendance, Attendee, SignIn
from workshops.models import Cohort, Session

logger = logging.getLogger(__name__)


def attendee_add(*, cohort: Cohort, name: str, email: str = "") -> Attendee:
    attendee = Attendee(cohort=cohort, name=name, email=email)
    attendee.name_key = ""  # set by save(); full_clean must not ask for it
    attendee.full_clean(exclude=["name_key"], validate_constraints=False)
    attendee.save()
    return attendee


@transaction.atomic
def attendees_import(*, cohort: Cohort, planned: list[PlannedAttendee]) -> int:
    """Put every planned person on the cohort's register, in one transaction: all of them or none."""
    for person in planned:
        Attendee.objects.create(cohort=cohort, name=person.name, email=person.email)
    return len(planned)


@transaction.atomic
def register_mark(*, session: Session, present: set[int]) -> tuple[int, int]:
    """Make the session's register say exactly who is `present` (ids of the cohort's people).

    Returns how many were added and removed. A tick already there (from a phone too) is kept as it was.
    """
    people = set(
        Attendee.objects.filter(cohort_id=session.cohort_id, pk__in=present).values_list("pk", flat=True)
    )
    marked = set(session.attendances.values_list("attendee_id", flat=True))
    added = people - marked
    Attendance.objects.bulk_create(
        [Attendance(attendee_id=pk, session=session) for pk in sorted(added)], ignore_conflicts=True
    )
    removed = marked - people
    session.attendances.filter(attendee_id__in=removed).delete()
    return len(added), len(removed)


def sign_in_open(*, session: Session, is_open: bool) -> SignIn:
    """Open or close the session's sign-in on phones; its code, made on first opening, is its own."""
    sign_in, _ = SignIn.objects.get_or_create(session=session)
    sign_in.is_open = is_open
    if is_open:
        sign_in.opened_at = timezone.now()
    sign_in.save()
    return sign_in


@transaction.atomic
def sign_in(*, session: Session, name: str, email: str = "") -> tuple[Attendee, bool]:
    """A participant signs the session's register with their name on their phone.

    The name finds them on the list of expected people (case and spaces forgiven), or adds them to
    it. Signing twice (a double tap) records them once. Returns the person and whether this added
    their attendance now.
    """
    attendee = Attendee.objects.named(name).filter(cohort_id=session.cohort_id).first()
    if attendee is None:
        try:
            with transaction.atomic():
                attendee = Attendee.objects.create(
                    cohort_id=session.cohort_id, name=name, email=email, source=Attendee.Source.SIGNED_IN
                )
        except IntegrityError:  # the same name signed in a moment ago (a double tap)
            attendee = Attendee.objects.named(name).get(cohort_id=session.cohort_id)
    elif email and not attendee.email:
        attendee.email = email
        attendee.save(update_fields=["email"])
    try:
        with transaction.atomic():
            _, created = Attendance.objects.get_or_create(
                attendee=attendee, session=session, defaults={"method": Attendance.Method.PHONE}
            )
    except IntegrityError:
        created = False
    return attendee, created


def certificates_send(*, cohort: Cohort) -> int:
    """Email each person who attended and gave an email their certificate, once. Returns how many went."""
    sent = 0
    for certificate in certificates.for_cohort(cohort):
        attendee = certificate.attendee
        if not attendee.email or attendee.certificate_sent_at:
            continue
        context = {"certificate": certificate, "cohort": cohort}
        message = EmailMessage(
            subject=render_to_string("attendance/email/certificate_subject.txt", context).strip(),
            body=render_to_string("attendance/email/certificate_body.txt", context),
            to=[attendee.email],
        )
        message.attach(certificate.file_name, certificates.render([certificate]), "application/pdf")
        try:
            message.send()
        except Exception:  # one address refused must not stop the others; it is tried again next time
            logger.exception("Could not email a certificate")
            continue
        Attendee.objects.filter(pk=attendee.pk).update(certificate_sent_at=timezone.now())
        sent += 1
    return sent
