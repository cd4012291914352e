"""The people expected at a cohort from a CSV or XLSX file: checked whole, stored all or nothing.

Columns "Name" and, optionally, "Email" (case and spaces forgiven). Every problem is named by its
row as a spreadsheet numbers it (the header is row 1), and one bad row imports nothing
(docs/adr/0007). Nothing here writes: services.attendees_import does.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from attendance.models import Attendee, normalise_name
from evaluations.imports import ImportRefused, read_table

NAME_HEADERS = {"name", "full name", "attendee", "participant"}
EMAIL_HEADERS = {"email", "email address", "e-mail"}
NAME_MAX_LENGTH = Attendee._meta.get_field("name").max_length


@dataclass(frozen=True)
class PlannedAttendee:
    row: int
    name: str
    email: str


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def plan(table, *, already: set[str]) -> list[PlannedAttendee]:
    """Every row as a person, or ImportRefused naming each bad row. `already`: name keys on the register."""
    headers = [_normal(h) for h in table.header]
    name_col = next((i for i, h in enumerate(headers) if h in NAME_HEADERS), None)
    email_col = next((i for i, h in enumerate(headers) if h in EMAIL_HEADERS), None)
    if name_col is None:
        raise ImportRefused(["Row 1 (the header) has no column “Name”: the columns are “Name” and “Email”."])
    planned, problems, seen = [], [], {}
    for offset, row in enumerate(table.rows):
        number = offset + 2
        if not any(cell.strip() for cell in row):
            continue
        name = " ".join(row[name_col].split()) if name_col < len(row) else ""
        email = row[email_col].strip() if email_col is not None and email_col < len(row) else ""
        if not name:
            problems.append(f"Row {number}: the name is empty")
        elif len(name) > NAME_MAX_LENGTH:
            problems.append(f"Row {number}: the name is longer than {NAME_MAX_LENGTH} characters")
        elif "\x00" in name:
            problems.append(f"Row {number}: the name has characters we cannot read")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"Row {number}: “{email}” is not an email address like name@nhs.net")
        key = normalise_name(name)
        if name and key in already:
            problems.append(f"Row {number}: “{name}” is already on the register")
        elif name and key in seen:
            problems.append(f"Row {number}: “{name}” is already in row {seen[key]}")
        seen.setdefault(key, number)
        planned.append(PlannedAttendee(number, name, email))
    if problems:
        raise ImportRefused(problems)
    if not planned:
        raise ImportRefused(["The file has no names under its header."])
    return planned


def read(*, file_name: str, content: bytes, already: set[str]) -> list[PlannedAttendee]:
    table = read_table(file_name, content, known_headers=sorted(NAME_HEADERS | EMAIL_HEADERS))
    return plan(table, already=already)
