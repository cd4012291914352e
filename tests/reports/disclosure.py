"""What a lead can see, read back as linear equations over each cohort's hidden group counts.

The adversary of docs/adr/0029: someone who reads every page, filter, file and command output a
programme lead can reach, writes each figure shown as an equation over the unknown cells
(answered and positive, per cohort, survey and group) and solves them with exact arithmetic. A
cell of a group with 1 to 4 answers must never be determined.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser

# Tables read from a page ----------------------------------------------------------------------


@dataclass
class Table:
    caption: str = ""
    heading: str = ""  # the last h2/h3 before the table
    head: list[list[str]] = field(default_factory=list)
    body: list[list[tuple[str, str]]] = field(default_factory=list)  # (tag, text) per cell
    foot: list[list[tuple[str, str]]] = field(default_factory=list)


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[Table] = []
        self.heading = ""
        self._in_heading = False
        self._table: Table | None = None
        self._section = "body"
        self._row: list | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            self._in_heading, self.heading = True, ""
        elif tag == "table":
            self._table = Table(heading=self.heading)
        elif self._table is None:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell, self._cell_tag = [], tag
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("h2", "h3"):
            self._in_heading = False
        elif self._table is None:
            return
        elif tag == "table":
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append((self._cell_tag, " ".join("".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._section == "head":
                self._table.head.append([text for _, text in self._row])
            else:
                getattr(self._table, self._section).append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_heading:
            self.heading += data.strip()
        if self._table is None:
            return
        if self._in_caption:
            self._table.caption += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[Table]:
    parser = _Tables()
    parser.feed(html)
    for table in parser.tables:
        table.caption = " ".join(table.caption.split())
    return parser.tables


COUNTS = re.compile(r"\((\d+) of (\d+)\)|(?:^|\s)(\d+) of (\d+)")


def counts(text: str) -> tuple[int, int] | None:
    """(positive, answered) from "80% (4 of 5)", "80% 4 of 5" or "no answers"; None when hidden."""
    if text.startswith("no answers"):
        return (0, 0)
    match = COUNTS.search(text)
    if not match:
        return None
    groups = [int(g) for g in match.groups() if g is not None]
    return groups[0], groups[1]


# Linear algebra -------------------------------------------------------------------------------


def determined(equations: Iterable[dict[int, Fraction]]) -> set[int]:
    """The unknowns each fixed by the equations (coefficients only: which are in the row space)."""
    rows = [dict(e) for e in equations if any(e.values())]
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot column → its reduced row
    for row in rows:
        for column, pivot_row in pivots.items():
            factor = row.get(column)
            if factor:
                for k, v in pivot_row.items():
                    row[k] = row.get(k, 0) - factor * v
                row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        column = min(row)
        scale = row[column]
        row = {k: Fraction(v) / scale for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(column)
            if factor:
                for k, v in row.items():
                    other[k] = other.get(k, 0) - factor * v
                for k in [k for k, v in other.items() if not v]:
                    del other[k]
        pivots[column] = row
    return {column for column, row in pivots.items() if len(row) == 1}
