"""A measure's figures by group and month, the gap between the best and the worst group, and its change.

Built from plain rows (month, group, numerator, denominator, value) with the pure statistics of
reports/statistics.py, so the project page, the stored badge and the tests all count the same
way (docs/adr/0034). Small numbers follow the equity view's rule: a group-month with a
denominator under 5 is not shown, nor one more that would let it be worked out, and neither is
used in a gap or a baseline.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from reports import statistics

BASELINE_MONTHS = 3  # without a baseline set, the first three months with data (not the latest)
NO_GAP = "—"


@dataclass(frozen=True)
class Row:
    """A data point as plain numbers."""

    period: datetime.date
    group: str
    numerator: int | None
    denominator: int
    value: Decimal | None = None


@dataclass(frozen=True)
class Cell:
    group: str
    value: float | None  # the percentage, the count or the mean; None when not shown or no data
    text: str
    hidden: bool = False


@dataclass(frozen=True)
class MonthRow:
    period: datetime.date
    cells: tuple[Cell, ...]
    gap_points: Decimal | None  # best − worst: percentage points, or the count's or mean's units
    gap_low: Decimal | None
    gap_high: Decimal | None
    best: str
    worst: str

    @property
    def label(self) -> str:
        return month_label(self.period)

    @property
    def gap_text(self) -> str:
        if self.gap_points is None:
            return NO_GAP
        text = statistics.format_number(self.gap_points)
        if self.gap_low is not None and self.gap_high is not None:
            text += (
                f" ({statistics.format_number(self.gap_low)} to {statistics.format_number(self.gap_high)})"
            )
        return text


@dataclass(frozen=True)
class Figures:
    kind: str
    groups: tuple[str, ...]
    months: tuple[MonthRow, ...]
    charts: dict[str, statistics.RunChart]
    trend: str  # "narrowing", "no clear change", "widening", or "" when no change can be shown
    best_got_worse: bool
    change_text: str
    baseline: tuple[datetime.date, datetime.date] | None
    latest: datetime.date | None
    change: statistics.GapChange | None = None
    any_hidden: bool = False
    unit: str = field(default="points")


def month_label(day: datetime.date) -> str:
    return day.strftime("%b %Y")


def measure_figures(
    rows: Iterable[Row],
    *,
    kind: str,
    groups: Sequence[str],
    higher_is_better: bool = True,
    baseline: tuple[datetime.date | None, datetime.date | None] = (None, None),
) -> Figures:
    """Every month's figures by group, each group's run chart, and the change of the gap."""
    by_month: dict[datetime.date, dict[str, Row]] = {}
    for row in rows:
        by_month.setdefault(row.period, {})[row.group] = row
    known = list(groups) + sorted({g for month in by_month.values() for g in month} - set(groups))
    months = [_month(period, by_month[period], known, kind, higher_is_better) for period in sorted(by_month)]
    charts = {
        group: statistics.run_chart([(row.label, row.cells[index].value) for row in months], unit="months")
        for index, group in enumerate(known)
    }
    any_hidden = any(cell.hidden for row in months for cell in row.cells)
    common = {"kind": kind, "groups": tuple(known), "months": tuple(months), "charts": charts}
    common["any_hidden"] = any_hidden
    if kind != "proportion":
        text = "The gap of a count or a mean has no interval here, so its change is not classed."
        return Figures(**common, trend="", best_got_worse=False, change_text=text, baseline=None, latest=None)
    periods = sorted(by_month)
    start, end = _baseline(periods, *baseline)
    later = [period for period in periods if end is not None and period > end]
    if start is None or end is None or not later:
        text = (
            "No change of the gap can be shown yet: it needs a baseline and at least one month of "
            "data after it."
        )
        return Figures(**common, trend="", best_got_worse=False, change_text=text, baseline=None, latest=None)
    latest = later[-1]

    def counts(period):
        found = {
            group: (row.numerator or 0, row.denominator)
            for group, row in by_month[period].items()
            if row.denominator
        }
        return found if higher_is_better else statistics.complement_counts(found)

    earlier_gap = statistics.gap_between_groups(
        statistics.pooled_counts(counts(period) for period in periods if start <= period <= end)
    )
    later_gap = statistics.gap_between_groups(counts(latest))
    change = statistics.gap_change(earlier_gap, later_gap)
    text = _change_text(change, higher_is_better, start, end, latest)
    return Figures(
        **common,
        trend=str(change.trend or ""),
        best_got_worse=change.best_got_worse,
        change_text=text,
        baseline=(start, end),
        latest=latest,
        change=change,
    )


def _baseline(periods, start, end):
    if start is None and end is None:
        # The first months with data, leaving at least the latest one to compare with them.
        chosen = periods[: min(BASELINE_MONTHS, len(periods) - 1)]
        return (chosen[0], chosen[-1]) if chosen else (None, None)
    start = start or (periods[0] if periods else None)
    end = end or start
    return start, end


def _month(period, points: dict, groups, kind, higher_is_better) -> MonthRow:
    if kind == "proportion":
        counts = {g: (points[g].numerator or 0, points[g].denominator) for g in groups if g in points}
        shares = {row.group: row for row in statistics.shares_by_group(counts)}
        cells = []
        for group in groups:
            row = shares.get(group)
            if row is None or (row.share is not None and not row.share.answered):
                cells.append(Cell(group, None, ""))
            elif row.share is None:
                cells.append(Cell(group, None, statistics.SUPPRESSED_LABEL, hidden=True))
            else:
                cells.append(Cell(group, float(row.share.percent), row.share.text))
        ranked = counts if higher_is_better else statistics.complement_counts(counts)
        gap = statistics.gap_between_groups(ranked)
        if gap.points is None:
            return MonthRow(period, tuple(cells), None, None, None, "", "")
        return MonthRow(
            period, tuple(cells), gap.points, gap.ci_low, gap.ci_high, gap.best.group, gap.worst.group
        )
    suppression = statistics.suppress_small_groups({g: points[g].denominator for g in groups if g in points})
    cells = []
    for group in groups:
        point = points.get(group)
        if point is None or group in suppression.empty:
            cells.append(Cell(group, None, ""))
        elif group in suppression.suppressed:
            cells.append(Cell(group, None, statistics.SUPPRESSED_LABEL, hidden=True))
        else:
            figure = point.numerator if kind == "count" else point.value
            if figure is None:
                cells.append(Cell(group, None, ""))
                continue
            text = statistics.format_number(Fraction(str(figure)))
            cells.append(Cell(group, float(figure), f"{text} (of {point.denominator})"))
    valued = [cell for cell in cells if cell.value is not None]
    if len(valued) < 2:
        return MonthRow(period, tuple(cells), None, None, None, "", "")
    ranked = sorted(valued, key=lambda cell: (-cell.value if higher_is_better else cell.value, cell.group))
    best, worst = ranked[0], ranked[-1]
    gap = statistics.round_half_up(abs(best.value - worst.value))
    return MonthRow(period, tuple(cells), gap, None, None, best.group, worst.group)


def _change_text(change: statistics.GapChange, higher_is_better, start, end, latest) -> str:
    span = month_label(start) if start == end else f"{month_label(start)} to {month_label(end)}"
    if change.trend is None:
        return f"No change of the gap can be shown from the baseline ({span}) to {month_label(latest)}: " + (
            change.earlier.reason or change.later.reason
        )
    g1, g2 = change.earlier.difference, change.later.difference
    assert g1 is not None and g2 is not None and change.points is not None
    text = (
        f"{change.trend.capitalize()}: the gap between the best and the worst group went from "
        f"{statistics.format_number(g1.estimate * 100)} points (baseline, {span}) to "
        f"{statistics.format_number(g2.estimate * 100)} points ({month_label(latest)}), a change of "
        f"{statistics.format_points(change.points)} "
        f"({statistics.format_points_interval(change.ci_low, change.ci_high)})."
    )
    if change.best_got_worse:
        best = change.earlier.best
        assert best is not None
        text += f" It narrowed because the best group got worse: {best.group} did less well than at baseline."
    return text
