"""Reading paper and Microsoft Forms responses from a CSV or XLSX file, and checking every cell.

Nothing here writes: `plan` turns a table into the responses to store, or into the list of every
problem found, each naming its row and column. `services.responses_import` stores a plan with no
problems, all at once. Rows are numbered as in a spreadsheet: the header is row 1, so the first
respondent is row 2.
"""

import contextlib
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from evaluations import characteristics as fixed_lists
from evaluations.models import AGREEMENT_SCALE, FREE_TEXT_MAX_LENGTH, Item, Survey

# Columns Microsoft Forms adds to every export; they are not answers.
IGNORED_COLUMNS = {"id", "start time", "completion time", "email", "name", "last modified time"}
ROW_CONVENTION = "Rows are numbered as in a spreadsheet: the header is row 1, the first respondent row 2."


class ImportRefused(Exception):
    """The file cannot be imported; `problems` says why, one sentence each."""

    def __init__(self, problems: list[str], *, already_imported: bool = False):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.already_imported = already_imported


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class PlannedResponse:
    row_number: int
    answers: dict[Item, int | str] = field(default_factory=dict)
    about_you: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    responses: list[PlannedResponse]
    ignored_columns: list[str]
    problems: list[str]


# Reading --------------------------------------------------------------------------------------

# What one file may hold, checked row by row while it is read, so that no file the upload limit
# lets in (5 MB) can make a worker hold more than a few tens of megabytes or write for long.
MAX_ROWS = 2_000  # below the header: a cohort is tens of people; a bigger export comes in parts
MAX_COLUMNS = 200  # a survey's questions, "about you" and the columns Microsoft Forms adds
# An XLSX is a zip: the most its parts may unpack to, from the sizes it declares (which zipfile
# holds it to), so a small file cannot unpack into gigabytes of shared strings.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
TOO_MANY_ROWS = (
    f"The file has more than {MAX_ROWS:,} rows below its header; the most one import takes is "
    f"{MAX_ROWS:,}. Split it into files of up to {MAX_ROWS:,} rows (and delete any empty rows at "
    "the end), then import each."
)


def read_table(file_name: str, content: bytes, *, known_headers=()) -> Table:
    """The file's cells as text, read row by row within MAX_ROWS and MAX_COLUMNS.

    For a CSV, the separator (comma, semicolon or tab) is the one under which most header cells
    are among `known_headers`, as a question may contain commas. An XLSX's declared dimension is
    ignored: only the cells it holds are read.
    """
    name = file_name.lower()
    if name.endswith(".xlsx"):
        reader = _xlsx_rows(content)
    elif name.endswith(".csv"):
        reader = _csv_rows(content, {_normalise(header) for header in known_headers})
    else:
        raise ImportRefused(["The file must be a CSV or an Excel workbook (.xlsx)."])
    with contextlib.closing(reader):
        rows = _within_limits(reader)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRefused(["The file is empty."])
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return Table(header=rows[0], rows=rows[1:])


def _within_limits(reader: Iterator) -> list[list[str]]:
    """Every row as text without its empty cells at the end, refused as soon as one is past a limit."""
    rows = []
    for number, row in enumerate(reader, start=1):
        if number > MAX_ROWS + 1:
            raise ImportRefused([TOO_MANY_ROWS])
        cells = [_as_text(cell) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise ImportRefused(
                [
                    f"Row {number} has {len(cells):,} columns; the most a file may have is "
                    f"{MAX_COLUMNS:,}. Delete the columns that are not answers and import it again."
                ]
            )
        rows.append(cells)
    return rows


def _csv_rows(content: bytes, known: set[str]) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows

    def header_matches(separator: str) -> int:
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
        except csv.Error:  # not this separator (a "cell" longer than the csv module allows)
            return -1
        return sum(_normalise(cell) in known for cell in header)

    try:
        separator = max(",;\t", key=header_matches)  # the first (comma) wins a tie
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    except csv.Error as error:  # a stray carriage return or quote: not a CSV we can read
        raise ImportRefused([f"The file could not be read as a CSV ({error})."]) from error


def _xlsx_rows(content: bytes) -> Iterator[tuple]:
    from openpyxl import load_workbook  # only imports need it
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = ImportRefused(["The file could not be read as an Excel workbook (.xlsx)."])
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise ImportRefused(
                [
                    f"The workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB; the most we read is "
                    f"{MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB. Save only the sheet of responses, "
                    "without pictures or formatting, and import it again."
                ]
            )
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size may claim every cell of the sheet
        yield from sheet.iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise unreadable from error
    finally:
        workbook.close()


def _as_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()
    return str(cell)


# Checking -------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def column_letter(index: int) -> str:
    """A, B, … Z, AA, AB… for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _where(row_number: int, column: int, header: str) -> str:
    return f"Row {row_number} (respondent {row_number - 1}), column {column_letter(column)} “{header}”"


def plan(survey: Survey, items: list[Item], table: Table) -> Plan:
    by_text = {_normalise(item.text): item for item in items}
    by_question = {}
    for characteristic in survey.characteristic_list():
        by_question[_normalise(characteristic.question)] = characteristic
        by_question[_normalise(characteristic.label)] = characteristic

    problems, ignored, columns, seen = [], [], [], {}
    for index, header in enumerate(table.header):
        key = _normalise(header)
        target = by_text.get(key) or by_question.get(key)
        if key in IGNORED_COLUMNS or (not key and not any(row[index].strip() for row in table.rows)):
            if header.strip():
                ignored.append(header.strip())
            continue
        if target is None:
            problems.append(
                f"Column {column_letter(index)} “{header.strip()}” does not match any question of this "
                "survey. Columns are matched to questions by their text, ignoring case and outer spaces."
                if key
                else f"Column {column_letter(index)} has answers but no header."
            )
            continue
        if target in seen:
            problems.append(
                f"Columns {column_letter(seen[target])} and {column_letter(index)} "
                f"are both “{header.strip()}”."
            )
            continue
        seen[target] = index
        columns.append((index, target))
    if not columns and not problems:
        problems.append("No column matches a question of this survey.")
    if not table.rows:
        problems.append("The file has no responses below its header row.")

    responses = []
    for offset, row in enumerate(table.rows):
        row_number = offset + 2
        planned = PlannedResponse(row_number=row_number)
        for index, target in columns:
            value, problem = _read_cell(target, row[index])
            if problem:
                problems.append(f"{_where(row_number, index, table.header[index].strip())}: {problem}.")
            elif value is not None and isinstance(target, Item):
                planned.answers[target] = value
            elif value is not None:
                planned.about_you[target.slug] = value
        if planned.answers or planned.about_you:  # a blank row is skipped
            responses.append(planned)
    return Plan(responses=responses, ignored_columns=ignored, problems=problems)


AGREEMENT_BY_LABEL = {label.casefold(): number for number, label in AGREEMENT_SCALE}
YES_NO_BY_TEXT = {"yes": 1, "y": 1, "1": 1, "no": 0, "n": 0, "0": 0}
LEADING_NUMBER = re.compile(r"^([1-5])(?:\.0+)?(?:\s*(?:=|-|–).*)?$")


def _read_cell(target, raw: str) -> tuple[int | str | None, str | None]:
    """(value, None) for a good cell, (None, None) for a blank one, (None, problem) otherwise."""
    text = " ".join(raw.split())
    if not text:
        return None, None
    if isinstance(target, fixed_lists.Characteristic):
        value = target.value_for(text)
        if value is None:
            options = ", ".join(label for _, label in target.options)
            return None, f"“{text}” is not one of the options ({options})"
        return value, None
    if target.kind == Item.Kind.FREE_TEXT:
        answer = raw.strip()
        if len(answer) > FREE_TEXT_MAX_LENGTH:
            return None, f"the answer has {len(answer):,} characters; the most is {FREE_TEXT_MAX_LENGTH:,}"
        return answer, None
    number = LEADING_NUMBER.match(text)
    if target.kind == Item.Kind.AGREEMENT:
        if text.casefold() in AGREEMENT_BY_LABEL:
            return AGREEMENT_BY_LABEL[text.casefold()], None
        if number:
            return int(number.group(1)), None
        labels = ", ".join(label for _, label in AGREEMENT_SCALE)
        return (
            None,
            f"“{text}” is not an answer to this question: use one of {labels}, or a number from 1 to 5",
        )
    if target.kind == Item.Kind.RATING:
        if number:
            return int(number.group(1)), None
        return None, f"“{text}” is not a rating: use a number from 1 to 5"
    if text.casefold() in YES_NO_BY_TEXT:
        return YES_NO_BY_TEXT[text.casefold()], None
    return None, f"“{text}” is not an answer to this question: use Yes or No"
