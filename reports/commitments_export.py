"""A cohort's commitments as CSV or XLSX for programme leads.

pandas is heavy: only the export view imports this module, and only when a file is asked for,
so no participant's request pays for it. The file handling is shared with the evaluation
reports, in reports/files.py.
"""

import pandas as pd
from django.utils import timezone

from commitments.models import Commitment
from reports.files import to_file
from workshops.models import Cohort

COLUMNS = [
    "Cohort",
    "Written",
    "Kind",
    "Commitment",
    "Name on the wall",
    "Email",
    "Status",
    "Follow-up due",
    "Overdue",
    "On the wall",
    "QI project started",
    "QI project reference",
    "Follow-up notes",
]


def _notes_text(commitment: Commitment) -> str:
    lines = []
    for note in sorted(commitment.notes.all(), key=lambda n: (n.date, n.created_at, n.pk)):
        line = f"{note.date:%Y-%m-%d}, {note.author_for_display()}"
        if note.changed_status:
            line += f" ({note.get_status_from_display()} → {note.get_status_to_display()})"
        if note.note:
            line += f": {note.note}"
        lines.append(line)
    return "\n".join(lines)


def commitments_frame(cohort: Cohort, *, include_emails: bool) -> pd.DataFrame:
    """One row per commitment, oldest first, with its follow-up history in one cell."""
    today = timezone.localdate()
    commitments = (
        cohort.commitments.with_overdue(today).order_by("created_at", "pk").prefetch_related("notes__author")
    )
    rows = []
    for c in commitments:
        row = {
            "Cohort": cohort.name,
            "Written": timezone.localtime(c.created_at).date(),
            "Kind": c.get_kind_display(),
            "Commitment": c.text,
            "Name on the wall": c.display_name,
            "Email": c.email,
            "Status": c.get_status_display(),
            "Follow-up due": c.due_date,
            "Overdue": "Yes" if c.overdue else "No",
            "On the wall": c.get_moderation_display(),
            "QI project started": "Yes" if c.qi_project_started else "No",
            "QI project reference": c.qi_project_reference,
            "Follow-up notes": _notes_text(c),
        }
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame if include_emails else frame.drop(columns=["Email"])


def cohort_export(cohort: Cohort, *, file_format: str, include_emails: bool) -> bytes:
    frame = commitments_frame(cohort, include_emails=include_emails)
    return to_file(frame, file_format=file_format, sheet_name="Commitments")
