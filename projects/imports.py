"""A measure's monthly data by group from a CSV or XLSX file: checked whole, stored all or nothing.

The file is read by evaluations.imports.read_table (its row and column limits, its separators and
its XLSX safety); this module checks every cell against the measure and the project's groups and
lists every problem by row and column. Nothing here writes: services.measure_data_import does.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from evaluations.imports import ImportRefused, Table, column_letter, read_table
from projects.models import Measure

MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%b").lower(),
        datetime.date(2000, number, 1).strftime("%B").lower(),
    )
}


@dataclass(frozen=True)
class PlannedPoint:
    period: datetime.date
    group: str
    numerator: int | None
    denominator: int
    value: Decimal | None


def columns(measure: Measure) -> dict[str, tuple[str, ...]]:
    """What each column may be called (case and spaces forgiven): role → accepted headers."""
    if measure.kind == Measure.Kind.MEAN:
        figures = {"value": ("mean", "value"), "denominator": ("people", "n", measure.denominator_label)}
    elif measure.kind == Measure.Kind.COUNT:
        figures = {
            "numerator": ("count", measure.numerator_label),
            "denominator": ("people", measure.denominator_label),
        }
    else:
        figures = {
            "numerator": ("numerator", measure.numerator_label),
            "denominator": ("denominator", measure.denominator_label),
        }
    return {"period": ("month", "period"), "group": ("group",)} | figures


def header_names(measure: Measure) -> list[str]:
    """The headers to write in a file, in order."""
    return [names[0].capitalize() for names in columns(measure).values()]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def plan(measure: Measure, groups: tuple[str, ...], table: Table) -> list[PlannedPoint]:
    """Every row as a data point, or ImportRefused listing every problem found."""
    wanted = columns(measure)
    found: dict[str, int] = {}
    problems = []
    for index, header in enumerate(table.header):
        for role, names in wanted.items():
            if _normal(header) in {_normal(name) for name in names} and role not in found:
                found[role] = index
    missing = [names[0].capitalize() for role, names in wanted.items() if role not in found]
    if missing:
        names = ", ".join(f"“{name}”" for name in missing)
        expected = ", ".join(f"“{name}”" for name in header_names(measure))
        raise ImportRefused([f"Row 1 (the header) has no column {names}: the columns are {expected}."])
    by_name = {_normal(group): group for group in groups}
    planned, seen = [], {}
    for offset, row in enumerate(table.rows):
        number = offset + 2
        if not any(cell.strip() for cell in row):
            continue

        def where(role, number=number):
            return f"Row {number}, column {column_letter(found[role])} “{table.header[found[role]]}”"

        period = _month(row[found["period"]])
        if period is None:
            problems.append(
                f"{where('period')}: “{row[found['period']]}” is not a month; write it like 2026-11"
            )
        group = by_name.get(_normal(row[found["group"]]))
        if group is None:
            problems.append(
                f"{where('group')}: “{row[found['group']]}” is not one of the groups ({', '.join(groups)})"
            )
        figures = {}
        for role in ("numerator", "denominator", "value"):
            if role not in found:
                continue
            text = row[found[role]].strip()
            figure = _number(text, whole=role != "value")
            if figure is None:
                kind = "a number" if role == "value" else "a whole number, 0 or more"
                problems.append(
                    f"{where(role)}: “{text}” is not {kind}" if text else f"{where(role)}: it is empty"
                )
            figures[role] = figure
        numerator, denominator = figures.get("numerator"), figures.get("denominator")
        if (
            measure.is_proportion
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            problems.append(f"{where('numerator')}: {numerator} is more than the denominator, {denominator}")
        if period is not None and group is not None:
            if (period, group) in seen:
                problems.append(
                    f"Row {number}: {period:%B %Y} for “{group}” is already in row {seen[period, group]}"
                )
            seen[period, group] = number
        if period is not None and group is not None and denominator is not None:
            planned.append(PlannedPoint(period, group, numerator, denominator, figures.get("value")))
    if problems:
        raise ImportRefused(problems)
    if not planned:
        raise ImportRefused(["The file has no rows of figures under its header."])
    return planned


def _month(text: str) -> datetime.date | None:
    text = text.strip().casefold()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:t[\d:.]*)?)?", text)
    if match:
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        year, month = int(match[2]), int(match[1])
    elif match := re.fullmatch(r"([a-z]+)\.? (\d{4})", text):
        if match[1] not in MONTH_NAMES:
            return None
        year, month = int(match[2]), MONTH_NAMES[match[1]]
    else:
        return None
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def _number(text: str, *, whole: bool) -> int | Decimal | None:
    if whole:
        return int(text) if re.fullmatch(r"\d{1,9}", text) else None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < 10**9 else None


def read(measure: Measure, groups: tuple[str, ...], *, file_name: str, content: bytes) -> list[PlannedPoint]:
    known = [name for names in columns(measure).values() for name in names]
    return plan(measure, groups, read_table(file_name, content, known_headers=known))
