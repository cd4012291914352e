"""The equity view: a characteristic's groups side by side, the best–worst gap and its change."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from evaluations import characteristics as fixed_lists
from evaluations.models import GROUP_COUNT_FIELDS
from reports import statistics
from reports.results import group_label, sentence_case

# The equity view ------------------------------------------------------------------------------

SUPPRESSION_NOTE = (
    "A group with fewer than 5 answers is not shown; other groups are hidden with it until the hidden "
    "groups have 5 or more answers together, so that no small group can be worked out from the total. "
    "A survey in which fewer than 5 people told us is not broken down at all."
)
POOLED_NOTE = (
    "Each group's figures add up only the cohorts whose own report shows that group: answers of a "
    "group with fewer than 5 answers in a cohort's survey, and of the groups hidden there to protect "
    "it, are left out (counted in the last row), so that comparing two selections of cohorts cannot "
    "give a small group away."
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
    """One question broken down by group in each survey that asked about the characteristic.

    `withheld` names the surveys too few people told us in to break down; `left_out` (pooled
    views only) is, per column, how many answers were left out of the pooled figures.
    """

    code: str
    label: str
    columns: tuple[EquityColumn, ...]
    rows: tuple[EquityRow, ...]
    steps: tuple[GapStep, ...]
    withheld: tuple[str, ...] = ()
    left_out: tuple[int, ...] | None = None

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
    pooled_note: str = ""


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
    left_out: Mapping[tuple[object, str], int] | None = None,
) -> EquityView:
    """The breakdown by the chosen characteristic (or the first one anybody told us about).

    `labels` gives each item code, in report order, its report label; a column is a survey, or a
    phase pooled across cohorts. `told` lists the characteristics anybody told us, when the
    counts hold only the chosen one's. `left_out` (pooled views) gives, per (column key, item
    code), how many answers the pooling left out; `counts` then hold only what it kept.
    """
    available = tuple(fixed_lists.in_fixed_order(counts_by_characteristic if told is None else told))
    by_slug = {characteristic.slug: characteristic for characteristic in available}
    characteristic = by_slug.get(chosen or "") or (available[0] if available else None)
    if characteristic is None:
        return EquityView(None, available, ())
    counts = counts_by_characteristic.get(characteristic.slug, {})
    order = {value: n for n, (value, _) in enumerate(characteristic.options)}
    rows = []
    for code, label in labels.items():
        asked = [column for column in columns if (column.key, code) in counts]
        # A survey whose groups add up to fewer than 5 is not broken down: listing its groups,
        # even as hidden, would say who the few were (docs/adr/0029).
        whole = [
            statistics.suppress_small_groups({v: n for v, (_, n) in counts[column.key, code].items()}).whole
            for column in asked
        ]
        withheld = tuple(column.title for column, hidden in zip(asked, whole, strict=True) if hidden)
        asked = [column for column, hidden in zip(asked, whole, strict=True) if not hidden]
        values = sorted({v for column in asked for v in counts[column.key, code]}, key=order.get)
        if not values:
            continue
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
        dropped = None if left_out is None else tuple(left_out.get((c.key, code), 0) for c in gaps)
        rows.append(EquityItem(code, label, tuple(gaps), table, steps, withheld, dropped))
    return EquityView(
        characteristic, available, tuple(rows), pooled_note=POOLED_NOTE if left_out is not None else ""
    )


def pooled_from_totals(
    characteristic: fixed_lists.Characteristic, totals: QuerySet, key_of: Mapping[int, object]
) -> tuple[GroupCounts, dict]:
    """One characteristic's kept totals per survey and item, pooled per (`key_of[survey]`, item code).

    Only the groups each survey's own breakdown shows are added up (the rule of
    `statistics.pool_publishable`, docs/adr/0029, by the groups' names as the survey's own report
    decides); returns the pooled counts and, per pooled key, how many answers were left out.

    At a national scale (thousands of cohorts, hundreds of thousands of rows) building nested
    dictionaries first costs more than the counting. The rows come ordered by survey, item and
    group, so each survey's breakdown of one item is judged (once per pattern of group sizes: the
    same groups with the same counts come up again and again) and added up before the next.
    """
    rows = (
        totals.filter(characteristic=characteristic.slug)
        .counted_by_group("item__survey_id")
        .order_by("column", "code", "group")
        .values_list("column", "code", "group", "positive", "answered")
    )
    label_of: dict[str, str] = {}
    shown_for: dict[tuple, frozenset] = {}
    pooled: dict = defaultdict(dict)
    left_out: dict = defaultdict(int)

    def add_up(survey, code, breakdown: list) -> None:
        sizes = tuple((value, answered) for value, _, answered in breakdown)
        if (shown := shown_for.get(sizes)) is None:
            for value, _ in sizes:
                if value not in label_of:
                    label_of[value] = group_label(characteristic, value)
            by_label = statistics.suppress_small_groups({label_of[v]: n for v, n in sizes}).shown
            shown = shown_for[sizes] = frozenset(v for v, _ in sizes if label_of[v] in by_label)
        key = (key_of[survey], code)
        into, hidden = pooled[key], 0
        for value, positive, answered in breakdown:
            if value in shown:
                before_positive, before_answered = into.get(value, (0, 0))
                into[value] = (before_positive + positive, before_answered + answered)
            else:
                hidden += answered
        left_out[key] += hidden

    breakdown, current = [], None
    for survey, code, value, positive, answered in rows.iterator(chunk_size=10_000):
        if (survey, code) != current:
            if breakdown:
                add_up(*current, breakdown)
            breakdown, current = [], (survey, code)
        breakdown.append((value, positive, answered))
    if breakdown:
        add_up(*current, breakdown)
    return dict(pooled), dict(left_out)


def _by_group(totals: QuerySet, column: str) -> dict[str, GroupCounts]:
    """Positive and answered by column, item and group, from the kept group totals (docs/adr/0040).

    One query, nested as characteristic → (column, code) → group → (positive, answered).
    """
    nested: dict = defaultdict(lambda: defaultdict(dict))
    rows = totals.counted_by_group(column).values_list(*GROUP_COUNT_FIELDS)
    for column_key, code, characteristic, group, positive, answered in rows:
        nested[characteristic][column_key, code][group] = (positive, answered)
    return nested
