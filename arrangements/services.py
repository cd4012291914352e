"""Writes that touch several rows or have side effects (email, files): requests, materials, releases."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from arrangements.files import Kind
from arrangements.models import AgendaItem, Material, SessionRelease, WorkshopRequest
from workshops import services as workshops_services
from workshops.models import Cohort, Session, Workshop

logger = logging.getLogger(__name__)


def request_submit(*, submission_token: str, **fields) -> tuple[WorkshopRequest, bool]:
    """Store a team's request once per form token, and email the programme and the requester.

    A second post with the same token (a double tap, or Back and Send again) returns the first
    request and sends nothing. Returns the request and whether it was made now.
    """
    existing = WorkshopRequest.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    request = WorkshopRequest(submission_token=submission_token, **fields)
    request.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # the same token won a race a moment ago
        return WorkshopRequest.objects.get(submission_token=submission_token), False
    _email_about(request)
    return request, True


def _email_about(request: WorkshopRequest) -> None:
    context = {"request": request, "site_url": settings.SITE_URL}
    messages = [(request.contact_email, "requester")]
    programme_address = request.programme.contact_email or settings.PROGRAMME_CONTACT_EMAIL
    if programme_address:
        messages.append((programme_address, "programme"))
    for to, who in messages:
        subject = render_to_string(f"arrangements/email/request_{who}_subject.txt", context).strip()
        body = render_to_string(f"arrangements/email/request_{who}_body.txt", context)
        try:
            send_mail(subject, body, None, [to])
        except Exception:  # the request is stored and listed for leads even if the mail server is down
            logger.exception("Could not email %s about a workshop request", who)


@transaction.atomic
def request_to_cohort(
    *, request: WorkshopRequest, name: str, workshop: Workshop, facilitators, user
) -> Cohort:
    """Make the cohort a request asked for, in one step: its name, organisation and numbers carried over."""
    cohort = Cohort(
        programme=request.programme,
        workshop=workshop,
        name=name,
        organisation=request.organisation[:200],
        expected_participants=min(request.group_size, 32_767),
    )
    cohort = workshops_services.cohort_save(
        cohort=cohort, facilitators=facilitators, sessions=[], changed=[], removed=[], user=user
    )
    # cohort_save makes its author a facilitator; a lead turning a request into a cohort is not one.
    cohort.facilitators.set(facilitators)
    request.cohort = cohort
    request.set_status(WorkshopRequest.Status.SCHEDULED)
    request.save()
    return cohort


def agenda_item_add(*, item: AgendaItem) -> AgendaItem:
    item.full_clean()
    item.save()
    return item


def material_add(
    *, session: Session, title: str, upload=None, kind: Kind | None = None, link: str = ""
) -> Material:
    """A file (already checked: `kind` is what its content is) or a link for the session."""
    material = Material(session=session, title=title, link=link)
    if upload is not None:
        material.file_name = upload.name[:200]
        material.content_type = kind.content_type
        material.file.save(upload.name, upload, save=False)
    material.full_clean()
    material.save()
    return material


def material_remove(*, material: Material) -> None:
    """Delete the material and its file (after the row, so a failed delete leaves no dangling row)."""
    stored = material.file.name
    storage = material.file.storage
    material.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def session_release(*, session: Session, released: bool) -> None:
    """Show the session's agenda and materials to participants, or hide them again."""
    if released:
        SessionRelease.objects.get_or_create(session=session, defaults={"released_at": timezone.now()})
    else:
        SessionRelease.objects.filter(session=session).delete()
