"""The equity view: a characteristic's groups side by side, the best–worst gap and its change."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from evaluations import characteristics as fixed_lists
from reports import statistics
from reports.results import group_label, sentence_case

# The equity view ------------------------------------------------------------------------------

SUPPRESSION_NOTE = (
    "Groups with fewer than 5 answers are not shown; when only one group would be hidden, the next "
    "smallest is hidden too, so it cannot be worked out from the total."
)


@dataclass(frozen=True)
class EquityColumn:
    key: object  # the survey's id (cohort report) or the phase (programme report)
    title: str
    gap: statistics.Gap


@dataclass(frozen=True)
class EquityRow:
    group: str
    cells: tuple[statistics.GroupShare, ...]  # one per column


@dataclass(frozen=True)
class GapStep:
    earlier: str
    later: str
    change: statistics.GapChange


@dataclass(frozen=True)
class EquityItem:
    """One question broken down by group in each survey that asked about the characteristic."""

    code: str
    label: str
    columns: tuple[EquityColumn, ...]
    rows: tuple[EquityRow, ...]
    steps: tuple[GapStep, ...]

    @property
    def title(self) -> str:
        return sentence_case(self.label)


@dataclass(frozen=True)
class EquityView:
    """The results of one characteristic's groups; `characteristic` is None when nobody told us anything."""

    characteristic: fixed_lists.Characteristic | None
    available: tuple[fixed_lists.Characteristic, ...]
    items: tuple[EquityItem, ...]
    note: str = SUPPRESSION_NOTE


@dataclass(frozen=True)
class Column:
    """A survey (cohort report) or a phase pooled across cohorts (programme report)."""

    key: object
    title: str


# (column key, item code) → group value → (positive, answered)
GroupCounts = Mapping[tuple[object, str], Mapping[str, tuple[int, int]]]


def equity_view(
    *,
    counts_by_characteristic: Mapping[str, GroupCounts],
    columns: list[Column],
    labels: Mapping[str, str],
    chosen: str | None,
    told: Iterable[str] | None = None,
) -> EquityView:
    """The breakdown by the chosen characteristic (or the first one anybody told us about).

    `labels` gives each item code, in report order, its report label; a column is a survey, or a
    phase pooled across cohorts. `told` lists the characteristics anybody told us, when the
    counts hold only the chosen one's.
    """
    available = tuple(fixed_lists.in_fixed_order(counts_by_characteristic if told is None else told))
    by_slug = {characteristic.slug: characteristic for characteristic in available}
    characteristic = by_slug.get(chosen or "") or (available[0] if available else None)
    if characteristic is None:
        return EquityView(None, available, ())
    counts = counts_by_characteristic[characteristic.slug]
    order = {value: n for n, (value, _) in enumerate(characteristic.options)}
    rows = []
    for code, label in labels.items():
        asked = [column for column in columns if (column.key, code) in counts]
        if not asked:
            continue
        values = sorted({v for column in asked for v in counts[column.key, code]}, key=order.get)
        gaps = []
        for column in asked:
            by_value = counts[column.key, code]
            shares = {group_label(characteristic, value): by_value.get(value, (0, 0)) for value in values}
            gaps.append(EquityColumn(column.key, column.title, statistics.gap_between_groups(shares)))
        table = tuple(
            EquityRow(group_label(characteristic, value), tuple(column.gap.groups[n] for column in gaps))
            for n, value in enumerate(values)
        )
        steps = tuple(
            GapStep(earlier.title, later.title, statistics.gap_change(earlier.gap, later.gap))
            for earlier, later in zip(gaps, gaps[1:], strict=False)
        )
        rows.append(EquityItem(code, label, tuple(gaps), table, steps))
    return EquityView(characteristic, available, tuple(rows))


def _by_group(answers: QuerySet, totals: QuerySet, column: str) -> dict[str, GroupCounts]:
    """Positive and answered by column, item and group: the answers people told us about
    themselves with, plus the totals kept of those whose "about you" answers were purged.

    One query (a UNION ALL), nested as characteristic → (column, code) → group → (positive,
    answered); a group in both halves is added up.
    """
    rows = answers.counted_by_group(column).union(totals.counted_by_group(column), all=True)
    nested: dict = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        cell = nested[row["characteristic"]][row["column"], row["code"]]
        positive, answered = cell.get(row["group"], (0, 0))
        cell[row["group"]] = (positive + row["positive"], answered + row["answered"])
    return nested
