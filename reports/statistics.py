"""The figures of the evaluation reports, from counts: shares, intervals, changes, gaps, run charts.

Pure functions over plain numbers (no Django), so a report can feed them the grouped counts it got
from the database and print every figure the same way. The choices are explained in
docs/adr/0011-statistics-wilson-newcombe-mover-suppression-run-charts.md.

Methods:

- Percentages are rounded half up (away from zero on a tie) to one decimal place, from the exact
  fraction: 2/3 → 66.7, 1/8 → 12.5.
- 95% interval of a share: the Wilson score interval. E. B. Wilson, "Probable inference, the law of
  succession, and statistical inference", JASA 22 (1927) 209–212; recommended over the textbook
  (Wald) interval by R. G. Newcombe, "Two-sided confidence intervals for the single proportion",
  Statistics in Medicine 17 (1998) 857–872.
- 95% interval of a difference between two independent shares (a change between two surveys, the
  gap between two groups): Newcombe's hybrid score interval, method 10 of R. G. Newcombe, "Interval
  estimation for the difference between independent proportions: comparison of eleven methods",
  Statistics in Medicine 17 (1998) 873–890.
- 95% interval of the change of a gap (a difference of two differences): MOVER, G. Y. Zou and
  A. Donner, "Construction of confidence limits about effect measures: a general approach",
  Statistics in Medicine 27 (2008) 1693–1702.
- Run chart rules (shift, trend): R. J. Perla, L. P. Provost and S. K. Murray, "The run chart: a
  simple analytical tool for learning from variation in healthcare processes", BMJ Quality &
  Safety 20 (2011) 46–51.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from statistics import median

from evaluations.scales import positive_answers

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
SMALL_NUMBER = 5  # a group with fewer answers than this is never shown
PREFER_NOT_TO_SAY = "Prefer not to say"
MIN_RUN_CHART_POINTS = 10
SHIFT_LENGTH = 6
TREND_LENGTH = 5
MINUS = "\u2212"  # the typographic minus sign, as in "−15.7"

Number = int | float | Decimal | Fraction


# Rounding and printing ------------------------------------------------------------------------


def round_half_up(value: Number, places: int = 1) -> Decimal:
    """`value` rounded to `places` decimals, a tie going away from zero (never banker's rounding).

    A float is read as the shortest decimal that prints it (0.15 is 0.15, not 0.1499…), so it
    rounds as a person reading it would expect. The result is never −0.0.
    """
    exact = _exact(value)
    scaled = abs(exact) * 10**places
    rounded = math.floor(scaled + Fraction(1, 2))
    sign = -1 if exact < 0 and rounded else 1
    return Decimal(sign * rounded).scaleb(-places)


def _exact(value: Number) -> Fraction:
    """The value as a fraction; a float as the shortest decimal that prints it."""
    return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)


def format_number(value: Number) -> str:
    """One decimal place, half up, dropping a trailing ".0" (100, 86.7), with a real minus sign."""
    rounded = round_half_up(value)
    text = f"{rounded:f}".removesuffix(".0")
    return text.replace("-", MINUS)


def format_percent(value: Number) -> str:
    """A percentage as the product prints it everywhere: "86.7%", "100%"."""
    return f"{format_number(value)}%"


def format_signed(value: Number) -> str:
    """A number of percentage points with its sign: "+7.5", "−15.7", "0"."""
    text = format_number(value)
    return text if text.startswith(MINUS) or text == "0" else f"+{text}"


def format_points(value: Number) -> str:
    """A change in percentage points: "+7.5 points", "−1 point", "0 points"."""
    text = format_signed(value)
    unit = "point" if text in ("+1", f"{MINUS}1") else "points"
    return f"{text} {unit}"


def format_points_interval(low: Number, high: Number) -> str:
    """The interval of a change in percentage points: "95% CI −15.7 to +32.5"."""
    return f"95% CI {format_signed(low)} to {format_signed(high)}"


def _percent(proportion: Number) -> Decimal:
    """A proportion of 1 as a percentage, rounded half up to one decimal place."""
    return round_half_up(_exact(proportion) * 100)


# Shares and their intervals -------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A 95% interval of a proportion, both ends as fractions of 1 (unrounded)."""

    low: float
    high: float


def wilson_interval(positive: int, answered: int, z: float = Z_95) -> Interval:
    """The Wilson score interval of positive/answered."""
    _check_counts(positive, answered)
    if answered == 0:
        raise ValueError("a share of nobody has no interval")
    p = positive / answered
    z2n = z * z / answered
    centre = (p + z2n / 2) / (1 + z2n)
    half_width = z / (1 + z2n) * math.sqrt(p * (1 - p) / answered + z2n / (4 * answered))
    # At 0 of n and n of n the ends are exactly 0 and 1; do not let rounding error say otherwise.
    low = 0.0 if positive == 0 else max(0.0, centre - half_width)
    high = 1.0 if positive == answered else min(1.0, centre + half_width)
    return Interval(low, high)


@dataclass(frozen=True)
class Share:
    """How many of those who answered an item answered positively, e.g. "86.7% (13 of 15)".

    `percent`, `ci_low` and `ci_high` are percentages rounded to one decimal place; all three are
    None when nobody answered.
    """

    positive: int | None
    answered: int | None
    percent: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    text: str
    hidden: bool = False  # 1 to 4 answers: no figure at all, not even the counts

    @property
    def proportion(self) -> Fraction | None:
        return Fraction(self.positive, self.answered) if self.answered else None

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.positive, self.answered) if self.answered else None

    @property
    def interval_text(self) -> str:
        """The interval as printed, "95% CI 62.1% to 96.3%", or "" when nobody answered."""
        if self.ci_low is None or self.ci_high is None:
            return ""
        return f"95% CI {format_percent(self.ci_low)} to {format_percent(self.ci_high)}"


def positive_share(positive: int, answered: int) -> Share:
    """The share from two counts; zero answered gives "no answers", never 0% or an error."""
    _check_counts(positive, answered)
    if answered == 0:
        return Share(positive=0, answered=0, percent=None, ci_low=None, ci_high=None, text="no answers")
    interval = wilson_interval(positive, answered)
    percent = _percent(Fraction(positive, answered))
    return Share(
        positive=positive,
        answered=answered,
        percent=percent,
        ci_low=_percent(interval.low),
        ci_high=_percent(interval.high),
        text=f"{format_percent(percent)} ({positive} of {answered})",
    )


def reported_share(positive: int, answered: int) -> Share:
    """The share as a report prints it for all respondents: with 1 to 4 answers, no figure at all.

    A survey that 1 to 4 people answered would otherwise say how each of them answered
    ("100% (1 of 1)"); it reads "not shown: fewer than 5 answers" instead (docs/adr/0029).
    """
    _check_counts(positive, answered)
    if 0 < answered < SMALL_NUMBER:
        return Share(None, None, None, None, None, text=SUPPRESSED_LABEL, hidden=True)
    return positive_share(positive, answered)


def _check_counts(positive: int, answered: int) -> None:
    if not 0 <= positive <= answered:
        raise ValueError(f"need 0 ≤ positive ≤ answered, got {positive} of {answered}")


# Which answers are positive -------------------------------------------------------------------


def share_of_answers(kind: str, counts: Mapping[int | None, int]) -> Share:
    """The positive share from answer value → count, as a grouped query gives it.

    A blank (value None) is not an answer; every other value is ("Neither agree nor disagree"
    counts in the denominator).
    """
    positives = positive_answers(kind)
    answered = positive = 0
    for value, count in counts.items():
        if count < 0:
            raise ValueError(f"a count cannot be negative, got {count} for {value!r}")
        if value is None:
            continue
        answered += count
        if value in positives:
            positive += count
    return positive_share(positive, answered)


# Ratings --------------------------------------------------------------------------------------

RATING_VALUES = range(1, 6)


@dataclass(frozen=True)
class RatingCount:
    value: int
    count: int
    percent: Decimal | None

    @property
    def text(self) -> str:
        """ "3 (20%)", or the count alone when nobody answered."""
        return (
            f"{self.count} ({format_percent(self.percent)})" if self.percent is not None else str(self.count)
        )


def distribution(counts: Mapping[int, int]) -> tuple[RatingCount, ...]:
    """How many gave each answer from 1 to 5, and their percentage of those who answered."""
    answered = sum(counts.values())
    return tuple(
        RatingCount(
            value=value,
            count=counts.get(value, 0),
            percent=_percent(Fraction(counts.get(value, 0), answered)) if answered else None,
        )
        for value in RATING_VALUES
    )


@dataclass(frozen=True)
class Ratings:
    """The mean and the distribution 1–5 of a rating item; no mean when nobody answered."""

    answered: int
    mean: Decimal | None
    distribution: tuple[RatingCount, ...]
    text: str


def rating_summary(counts: Mapping[int | None, int]) -> Ratings:
    """Mean (one decimal, half up) and distribution from rating value → count; blanks left out."""
    answered_counts = {value: count for value, count in counts.items() if value is not None}
    for value, count in answered_counts.items():
        if value not in RATING_VALUES:
            raise ValueError(f"a rating is 1 to 5, got {value!r}")
        if count < 0:
            raise ValueError(f"a count cannot be negative, got {count} for {value}")
    answered = sum(answered_counts.values())
    levels = distribution(answered_counts)
    if not answered:
        return Ratings(answered=0, mean=None, distribution=levels, text="no answers")
    mean = round_half_up(Fraction(sum(value * count for value, count in answered_counts.items()), answered))
    return Ratings(
        answered=answered,
        mean=mean,
        distribution=levels,
        text=f"mean {format_number(mean)} out of 5 ({answered} answered)",
    )


# Change between two surveys -------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A difference of two shares with its 95% interval, as fractions of 1.

    `estimate` is exact, so that a tie rounds the same way every time; `low` and `high` are floats.
    """

    estimate: Fraction
    low: float
    high: float


def newcombe_difference(a: Share, b: Share) -> Difference:
    """a − b with Newcombe's hybrid score interval (method 10), from the two Wilson intervals."""
    pa, pb, ia, ib = a.proportion, b.proportion, a.interval, b.interval
    if pa is None or pb is None or ia is None or ib is None:
        raise ValueError("a difference needs answers on both sides")
    estimate = pa - pb
    low = float(estimate) - math.hypot(float(pa) - ia.low, ib.high - float(pb))
    high = float(estimate) + math.hypot(ia.high - float(pa), float(pb) - ib.low)
    return Difference(estimate=estimate, low=low, high=high)


@dataclass(frozen=True)
class Change:
    """The change of a share from an earlier survey to a later one, in percentage points.

    `points`, `ci_low` and `ci_high` are later − earlier, rounded to one decimal place, or None
    when either survey has no answers (`text` then says why).
    """

    earlier: Share
    later: Share
    points: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    text: str


def share_change(earlier: Share, later: Share) -> Change:
    """Later − earlier for two independent surveys, e.g. "+7.5 points (95% CI −15.7 to +32.5)"."""
    if earlier.hidden or later.hidden:
        if earlier.hidden and later.hidden:
            small = "either survey"
        else:
            small = "the earlier survey" if earlier.hidden else "the later survey"
        return Change(
            earlier, later, None, None, None, text=f"no change can be shown: fewer than 5 answers in {small}"
        )
    if not earlier.answered or not later.answered:
        if not earlier.answered and not later.answered:
            missing = "either survey"
        else:
            missing = "the earlier survey" if not earlier.answered else "the later survey"
        return Change(
            earlier, later, None, None, None, text=f"no change can be shown: no answers in {missing}"
        )
    difference = newcombe_difference(later, earlier)
    points, low, high = _points(difference)
    return Change(
        earlier,
        later,
        points,
        low,
        high,
        text=f"{format_points(points)} ({format_points_interval(low, high)})",
    )


def _points(difference: Difference) -> tuple[Decimal, Decimal, Decimal]:
    return _percent(difference.estimate), _percent(difference.low), _percent(difference.high)


@dataclass(frozen=True)
class Movement:
    """Among people who answered an item in both surveys, how many moved up, stayed, moved down."""

    up: int
    stayed: int
    down: int

    @property
    def pairs(self) -> int:
        return self.up + self.stayed + self.down

    @property
    def hidden(self) -> bool:
        """1 to 4 people answered both: their moves are not shown (docs/adr/0029)."""
        return 0 < self.pairs < SMALL_NUMBER

    @property
    def text(self) -> str:
        if not self.pairs:
            return "nobody answered both"
        if self.hidden:
            return "not shown: fewer than 5 answered both"
        return (
            f"{self.up} moved up, {self.stayed} stayed, {self.down} moved down ({self.pairs} answered both)"
        )


def paired_movement(pairs: Iterable[tuple[int, int]]) -> Movement:
    """Count (earlier value, later value) pairs by direction; higher values are more positive.

    For yes/no items pass 1 for Yes and 0 for No. Leave out pairs with a blank on either side.
    """
    return paired_movement_from_counts(Counter(pairs))


def paired_movement_from_counts(counts: Mapping[tuple[int, int], int]) -> Movement:
    """As `paired_movement`, from (earlier value, later value) → count, as a grouped query gives it."""
    up = stayed = down = 0
    for (earlier, later), count in counts.items():
        if count < 0:
            raise ValueError(f"a count cannot be negative, got {count}")
        if later > earlier:
            up += count
        elif later < earlier:
            down += count
        else:
            stayed += count
    return Movement(up=up, stayed=stayed, down=down)


# Small-number suppression ---------------------------------------------------------------------

# What a hidden figure reads, everywhere (page, files, command), by why it is hidden
# (docs/adr/0029). Telling the two apart gives away only that a secondary group has 5 or more.
SUPPRESSED_LABEL = "not shown: fewer than 5 answers"
PROTECTS_LABEL = "not shown: so a small group cannot be worked out"


class SuppressionReason(StrEnum):
    SMALL = SUPPRESSED_LABEL
    PROTECTS_SMALL = PROTECTS_LABEL


@dataclass(frozen=True)
class Suppression:
    """Which groups of a breakdown may be shown, and why the others are hidden.

    Groups nobody answered in are in `empty`: there is nothing to show or hide. `whole` is true
    when the groups that answered add up to fewer than 5: every one is then hidden, and a report
    should not even list them, as the total (the survey's responses) would give a lone group away.
    """

    shown: tuple[str, ...]
    suppressed: Mapping[str, SuppressionReason]
    empty: tuple[str, ...] = ()
    whole: bool = False


def suppress_small_groups(answered: Mapping[str, int]) -> Suppression:
    """Hide every group with 1 to 4 answers, then the smallest others until the hidden add up to 5.

    Primary: a group with fewer than 5 answers is hidden. Secondary: while the hidden groups are
    fewer than two, or have fewer than 5 answers together, the smallest group still shown is
    hidden too, so that neither the total less the shown groups, nor any two breakdowns of the
    same answers, give a small group away. Among equally small candidates the one first in
    alphabetical (code point) order is taken, so the choice does not depend on the order the
    database returned the groups in. "Prefer not to say" is a group like any other here. When
    every group is hidden and they still add up to fewer than 5, the breakdown is `whole`-ly hidden.
    """
    for group, count in answered.items():
        if count < 0:
            raise ValueError(f"a count cannot be negative, got {count} for {group!r}")
    empty = tuple(group for group, count in answered.items() if count == 0)
    present = {group: count for group, count in answered.items() if count > 0}
    if 0 < sum(present.values()) < SMALL_NUMBER:
        small = dict.fromkeys(present, SuppressionReason.SMALL)
        return Suppression(shown=(), suppressed=small, empty=empty, whole=True)
    hidden = {group: SuppressionReason.SMALL for group, count in present.items() if count < SMALL_NUMBER}

    def exposed() -> bool:
        return bool(hidden) and (len(hidden) < 2 or sum(present[group] for group in hidden) < SMALL_NUMBER)

    while exposed() and len(hidden) < len(present):
        _, next_smallest = min((count, group) for group, count in present.items() if group not in hidden)
        hidden[next_smallest] = SuppressionReason.PROTECTS_SMALL
    return Suppression(
        shown=tuple(group for group in present if group not in hidden),
        suppressed={group: hidden[group] for group in present if group in hidden},
        empty=empty,
    )


def pool_publishable(
    breakdowns: Iterable[Mapping[str, tuple[int, int]]],
) -> tuple[dict[str, tuple[int, int]], int]:
    """Add up breakdowns (group → (positive, answered)), each group only where it is shown.

    A group's answers enter the pooled figure only from breakdowns (one cohort's survey) where
    that group is itself shown after both kinds of suppression, so every pooled figure is a sum
    of figures already published and no choice of filters can subtract a hidden one out. Returns
    the pooled counts (groups with nothing pooled left out) and how many answers were left out.
    """
    pooled: dict[str, tuple[int, int]] = {}
    left_out = 0
    # Across thousands of cohorts the same group sizes come up again and again: decide each once.
    shown_for: dict[tuple, tuple[str, ...]] = {}
    for counts in breakdowns:
        sizes = tuple(sorted((group, answered) for group, (_, answered) in counts.items()))
        if (shown := shown_for.get(sizes)) is None:
            shown = shown_for[sizes] = suppress_small_groups(dict(sizes)).shown
        for group, (positive, answered) in counts.items():
            if group in shown:
                before_positive, before_answered = pooled.get(group, (0, 0))
                pooled[group] = (before_positive + positive, before_answered + answered)
            else:
                left_out += answered
    return pooled, left_out


@dataclass(frozen=True)
class GroupShare:
    """One group's share in a breakdown; `share` is None when the group is hidden."""

    group: str
    share: Share | None
    hidden: SuppressionReason | None = None

    @property
    def text(self) -> str:
        if self.share is None:
            return str(self.hidden or SuppressionReason.SMALL)
        return self.share.text


def shares_by_group(counts: Mapping[str, tuple[int, int]]) -> tuple[GroupShare, ...]:
    """Each group's share from group → (positive, answered), with small groups hidden, in the given order."""
    suppression = suppress_small_groups({group: answered for group, (_, answered) in counts.items()})
    return tuple(
        GroupShare(group, None, suppression.suppressed.get(group, SuppressionReason.SMALL))
        if group in suppression.suppressed
        else GroupShare(group, positive_share(positive, answered))
        for group, (positive, answered) in counts.items()
    )


# The gap between groups -----------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """The gap between the best and the worst group shown, in percentage points, with its interval.

    `groups` holds every group in the given order (hidden ones without figures). When no gap can be
    shown, `best`, `worst`, `difference` and the figures are None and `reason` says why.
    """

    groups: tuple[GroupShare, ...]
    best: GroupShare | None
    worst: GroupShare | None
    difference: Difference | None
    points: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    reason: str
    text: str

    def share_of(self, group: str) -> Share | None:
        """The group's share when it is shown in this breakdown, else None."""
        return next((row.share for row in self.groups if row.group == group), None)


def gap_between_groups(
    counts: Mapping[str, tuple[int, int]], *, prefer_not_to_say: str = PREFER_NOT_TO_SAY
) -> Gap:
    """Best group's share − worst group's share, among groups shown other than "Prefer not to say".

    Groups are ranked by their exact share; equal shares are ranked by name, so with two or more
    groups the best and the worst are always two different groups.
    """
    groups = shares_by_group(counts)
    compared = [
        row
        for row in groups
        if row.share is not None and row.share.answered and row.group != prefer_not_to_say
    ]
    if len(compared) < 2:
        reason = (
            f"fewer than two groups can be compared (a group needs {SMALL_NUMBER} or more answers to be"
            f" shown, and “{prefer_not_to_say}” is not compared)"
        )
        return Gap(
            groups, None, None, None, None, None, None, reason=reason, text=f"no gap can be shown: {reason}"
        )
    ranked = sorted(compared, key=lambda row: (-_proportion(row), row.group))
    best, worst = ranked[0], ranked[-1]
    difference = newcombe_difference(_share(best), _share(worst))
    points, low, high = _points(difference)
    text = (
        f"gap of {format_number(points)} points ({format_points_interval(low, high)}): "
        f"{best.group} {best.text}, {worst.group} {worst.text}"
    )
    return Gap(groups, best, worst, difference, points, low, high, reason="", text=text)


def _share(row: GroupShare) -> Share:
    assert row.share is not None
    return row.share


def _proportion(row: GroupShare) -> Fraction:
    proportion = _share(row).proportion
    assert proportion is not None
    return proportion


class GapTrend(StrEnum):
    NARROWING = "narrowing"
    WIDENING = "widening"
    NO_CLEAR_CHANGE = "no clear change"


@dataclass(frozen=True)
class GapChange:
    """How the gap changed from an earlier survey to a later one, classed by its 95% interval.

    `points`, `ci_low`, `ci_high` are later gap − earlier gap in percentage points (`difference`
    holds them unrounded, as fractions of 1); `trend` is None when either survey has no gap to
    compare (`text` then says why). `best_got_worse` flags a narrowing at least half of which is
    the fall in the share of the group that was best in the earlier survey.
    """

    earlier: Gap
    later: Gap
    trend: GapTrend | None
    difference: Difference | None
    points: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    best_got_worse: bool
    text: str


def gap_change(earlier: Gap, later: Gap) -> GapChange:
    """Narrowing only when the whole interval is below zero, widening only when above, else no clear change.

    The interval combines the two gaps' Newcombe intervals by MOVER (Zou & Donner), treating the
    two surveys as independent samples.
    """
    g1, g2 = earlier.difference, later.difference
    if g1 is None or g2 is None:
        which = "the earlier survey" if g1 is None else "the later survey"
        reason = earlier.reason if g1 is None else later.reason
        text = f"no change of the gap can be shown: no gap in {which} ({reason})"
        return GapChange(earlier, later, None, None, None, None, None, best_got_worse=False, text=text)
    estimate = g2.estimate - g1.estimate
    low = float(estimate) - math.hypot(float(g2.estimate) - g2.low, g1.high - float(g1.estimate))
    high = float(estimate) + math.hypot(g2.high - float(g2.estimate), float(g1.estimate) - g1.low)
    if high < 0:
        trend = GapTrend.NARROWING
    elif low > 0:
        trend = GapTrend.WIDENING
    else:
        trend = GapTrend.NO_CLEAR_CHANGE
    difference = Difference(estimate, low, high)
    points, ci_low, ci_high = _points(difference)
    text = (
        f"{trend.capitalize()}: the gap went from {format_number(_percent(g1.estimate))} to "
        f"{format_number(_percent(g2.estimate))} points "
        f"(change {format_points(points)}, {format_points_interval(ci_low, ci_high)})"
    )
    best_got_worse = False
    if trend is GapTrend.NARROWING:
        assert earlier.best is not None
        before = _share(earlier.best)
        after = later.share_of(earlier.best.group)
        # Flagged when the best group's fall makes up at least half of the narrowing: a small
        # dip beside the worst group catching up is not why the gap closed.
        if (
            after is not None
            and after.proportion is not None
            and 2 * (_proportion(earlier.best) - after.proportion) >= -estimate
        ):
            best_got_worse = True
            text += (
                f"; narrowed because the best group got worse: {earlier.best.group} fell from "
                f"{format_percent(before.percent or 0)} to {format_percent(after.percent or 0)}"
            )
    return GapChange(earlier, later, trend, difference, points, ci_low, ci_high, best_got_worse, text)


# Gaps over time: a QI project's measure, period by period ------------------------------------


def pooled_counts(periods: Iterable[Mapping[str, tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    """Each group's (positive, answered) summed over several periods, as one baseline.

    A group-period that small-number suppression hides in its own period is left out: what is
    not shown is not used either, so a baseline cannot bring back a hidden figure.
    """
    pooled: dict[str, tuple[int, int]] = {}
    for counts in periods:
        for row in shares_by_group(counts):
            if row.share is None or not row.share.answered:
                continue
            positive, answered = pooled.get(row.group, (0, 0))
            pooled[row.group] = (positive + row.share.positive, answered + row.share.answered)
    return pooled


def complement_counts(counts: Mapping[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """(answered − positive, answered) for each group: the gap of a share where lower is better.

    Ranking the complements puts the group with the lowest share first, and the gap, its interval
    and its change keep their size, as the Wilson and Newcombe intervals are symmetric under it.
    """
    return {group: (answered - positive, answered) for group, (positive, answered) in counts.items()}


# Run charts across cohorts --------------------------------------------------------------------


class SignalKind(StrEnum):
    SHIFT = "shift"
    TREND = "trend"


@dataclass(frozen=True)
class Signal:
    """A run of points unlikely to be chance: a shift or a trend, with the first and last point's labels."""

    kind: SignalKind
    direction: str  # "above the median", "below the median", "rising", "falling"
    length: int
    first: str
    last: str
    unit: str = "cohorts"  # what a point is, in the plural: "cohorts", "months"

    @property
    def text(self) -> str:
        """E.g. "Shift: 6 cohorts in a row above the median, from Luton 2023 to Bedford 2025"."""
        return (
            f"{self.kind.capitalize()}: {self.length} {self.unit} in a row {self.direction}, "
            f"from {self.first} to {self.last}"
        )


@dataclass(frozen=True)
class RunChart:
    """A run chart's median and signals; `too_few` when there were fewer points than `needed` to look."""

    points: tuple[tuple[str, Number], ...]
    median: Number | None
    signals: tuple[Signal, ...]
    too_few: bool
    needed: int = MIN_RUN_CHART_POINTS
    unit: str = "cohorts"

    @property
    def sentences(self) -> tuple[str, ...]:
        """What to print beside the chart."""
        if self.too_few:
            return (
                f"Too few {self.unit} to look for shifts or trends "
                f"({len(self.points)} of the {self.needed} needed).",
            )
        if not self.signals:
            return (f"No shift or trend: the {self.unit} vary about the median as chance would.",)
        return tuple(signal.text for signal in self.signals)


def run_chart(
    points: Sequence[tuple[str, Number | None]],
    *,
    min_points: int = MIN_RUN_CHART_POINTS,
    unit: str = "cohorts",
) -> RunChart:
    """Median and signals of (label, value) points in date order; points without a value are left out.

    A shift is SHIFT_LENGTH or more points in a row on one side of the median; points on the median
    neither break nor count. A trend is TREND_LENGTH or more points in a row each higher (or each
    lower) than the one before; a point equal to the one before neither breaks nor counts.
    """
    valued = tuple((label, value) for label, value in points if value is not None)
    if not valued:
        return RunChart(points=(), median=None, signals=(), too_few=True, needed=min_points, unit=unit)
    middle = median(value for _, value in valued)
    if len(valued) < min_points:
        return RunChart(points=valued, median=middle, signals=(), too_few=True, needed=min_points, unit=unit)
    found = sorted(
        _shifts(valued, middle) + _trends(valued), key=lambda start_and_signal: start_and_signal[0]
    )
    signals = tuple(replace(signal, unit=unit) for _, signal in found)
    return RunChart(
        points=valued, median=middle, signals=signals, too_few=False, needed=min_points, unit=unit
    )


def _runs(sides: Iterable[tuple[int, int]]) -> list[tuple[int, list[int]]]:
    """Group (position, side) into runs of consecutive positions on the same side; side 0 is skipped."""
    runs: list[tuple[int, list[int]]] = []
    for position, side in sides:
        if side == 0:
            continue
        if runs and runs[-1][0] == side:
            runs[-1][1].append(position)
        else:
            runs.append((side, [position]))
    return runs


def _sign(difference: Number) -> int:
    return (difference > 0) - (difference < 0)


def _shifts(points: Sequence[tuple[str, Number]], middle: Number) -> list[tuple[int, Signal]]:
    sides = ((position, _sign(value - middle)) for position, (_, value) in enumerate(points))
    return [
        (
            run[0],
            Signal(
                SignalKind.SHIFT,
                "above the median" if side > 0 else "below the median",
                length=len(run),
                first=points[run[0]][0],
                last=points[run[-1]][0],
            ),
        )
        for side, run in _runs(sides)
        if len(run) >= SHIFT_LENGTH
    ]


def _trends(points: Sequence[tuple[str, Number]]) -> list[tuple[int, Signal]]:
    # Each step to a point goes up (+1), down (−1) or nowhere (0, which _runs skips: equal
    # neighbours neither break nor count); a run of k steps spans k + 1 points.
    steps = (
        (position, _sign(points[position][1] - points[position - 1][1])) for position in range(1, len(points))
    )
    signals = []
    for side, run in _runs(steps):
        if len(run) + 1 >= TREND_LENGTH:
            start = run[0] - 1
            signal = Signal(
                SignalKind.TREND,
                "rising" if side > 0 else "falling",
                length=len(run) + 1,
                first=points[start][0],
                last=points[run[-1]][0],
            )
            signals.append((start, signal))
    return signals
