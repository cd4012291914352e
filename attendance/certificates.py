"""Certificates of attendance as PDF, drawn with ReportLab: one A4 page a person.

Each says the person's name, the workshop, the dates and hours of the parts they attended, the
learning aims and the facilitators: what a CPD or revalidation record asks for.
"""

import datetime
import io
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.text import slugify
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from attendance.models import Attendance, Attendee
from workshops.models import Cohort, Session

NHS_BLUE = colors.HexColor("#005eb8")


@dataclass(frozen=True)
class Certificate:
    attendee: Attendee
    workshop: str
    cohort: str
    sessions: tuple[Session, ...]  # the parts they attended
    aims: tuple[str, ...]
    facilitators: tuple[str, ...]

    @property
    def hours(self) -> float:
        minutes = sum(
            (
                datetime.datetime.combine(s.date, s.ends_at) - datetime.datetime.combine(s.date, s.starts_at)
            ).seconds
            // 60
            for s in self.sessions
        )
        return round(minutes / 60, 1)

    @property
    def hours_in_words(self) -> str:
        hours = f"{self.hours:g}"
        return f"{hours} hour{'s' if hours != '1' else ''}"

    @property
    def file_name(self) -> str:
        return f"certificate-{slugify(self.attendee.name)[:60] or 'attendance'}.pdf"


def for_cohort(cohort: Cohort) -> list[Certificate]:
    """A certificate for each person who attended at least one of the cohort's scheduled sessions."""
    scheduled = cohort.sessions.scheduled()
    attendances = (
        Attendance.objects.filter(session__in=scheduled)
        .select_related("session")
        .order_by("session__date", "session__starts_at")
    )
    people = (
        Attendee.objects.filter(cohort=cohort, attendances__session__in=scheduled)
        .distinct()
        .prefetch_related(Prefetch("attendances", queryset=attendances))
        .order_by("name_key")
    )
    aims = tuple(aim.text for aim in cohort.workshop.aims.all())
    facilitators = tuple(
        user.get_full_name() or user.get_username()
        for user in cohort.facilitators.order_by("first_name", "last_name")
    )
    return [
        Certificate(
            attendee=person,
            workshop=cohort.workshop.title,
            cohort=cohort.name,
            sessions=tuple(attendance.session for attendance in person.attendances.all()),
            aims=aims,
            facilitators=facilitators,
        )
        for person in people
    ]


def _styles():
    return {
        "title": ParagraphStyle(
            "title",
            fontName="Helvetica-Bold",
            fontSize=26,
            leading=32,
            alignment=TA_CENTER,
            textColor=NHS_BLUE,
            spaceAfter=8 * mm,
        ),
        "intro": ParagraphStyle("intro", fontName="Helvetica", fontSize=13, leading=18, alignment=TA_CENTER),
        "name": ParagraphStyle(
            "name",
            fontName="Helvetica-Bold",
            fontSize=24,
            leading=30,
            alignment=TA_CENTER,
            spaceBefore=4 * mm,
            spaceAfter=4 * mm,
        ),
        "workshop": ParagraphStyle(
            "workshop",
            fontName="Helvetica-Bold",
            fontSize=17,
            leading=22,
            alignment=TA_CENTER,
            spaceBefore=3 * mm,
            spaceAfter=6 * mm,
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName="Helvetica-Bold",
            fontSize=12,
            leading=16,
            spaceBefore=5 * mm,
            spaceAfter=2 * mm,
        ),
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _page(certificate: Certificate, styles) -> list:
    sessions = certificate.sessions
    parts = [
        f"{_escape(s.display_title)}: {s.date:%-d %B %Y}, {s.starts_at:%H:%M}–{s.ends_at:%H:%M}"
        + (f", {_escape(s.venue)}" if s.venue else "")
        for s in sessions
    ]
    return [
        Paragraph("Certificate of attendance", styles["title"]),
        Paragraph("This is to certify that", styles["intro"]),
        Paragraph(_escape(certificate.attendee.name), styles["name"]),
        Paragraph("attended the workshop", styles["intro"]),
        Paragraph(_escape(certificate.workshop), styles["workshop"]),
        Paragraph(f"Cohort: {_escape(certificate.cohort)}", styles["body"]),
        Paragraph(f"Hours of learning: {certificate.hours_in_words}", styles["body"]),
        Paragraph("Sessions attended", styles["heading"]),
        ListFlowable([ListItem(Paragraph(part, styles["body"])) for part in parts], bulletType="bullet"),
        Paragraph("Learning aims", styles["heading"]),
        ListFlowable(
            [ListItem(Paragraph(_escape(aim), styles["body"])) for aim in certificate.aims], bulletType="1"
        ),
        Paragraph("Facilitated by", styles["heading"]),
        Paragraph(
            _escape(", ".join(certificate.facilitators)) or "The workshop's facilitators", styles["body"]
        ),
        Spacer(1, 8 * mm),
        Paragraph("For your CPD and revalidation records.", styles["body"]),
    ]


def render(certificates: list[Certificate]) -> bytes:
    """One PDF with a page for each certificate."""
    buffer = io.BytesIO()
    title = "Certificates of attendance" if len(certificates) != 1 else "Certificate of attendance"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="qiequity",
    )
    styles = _styles()
    story = []
    for index, certificate in enumerate(certificates):
        if index:
            story.append(PageBreak())
        story.extend(_page(certificate, styles))
    document.build(story)
    return buffer.getvalue()
