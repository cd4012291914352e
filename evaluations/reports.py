"""The cohort and programme reports: grouped counts from the database, shaped into report rows.

The database counts (answers grouped by item and value, by group, by pair of surveys); nothing
here loads every answer. A cohort report costs the same few queries however many people
answered, and a programme report the same few however many cohorts it covers. Every figure
comes from evaluations/statistics.py, so the page, the exports and the `cohort_report` command
print the same numbers (docs/adr/0011, docs/adr/0012).
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from commitments.models import Commitment
from evaluations import characteristics as fixed_lists
from evaluations import phases, statistics
from evaluations.models import (
    AboutYouAnswer,
    Answer,
    GroupTotal,
    Item,
    ItemKind,
    ItemTemplate,
    Survey,
    positive_answer,
)
from workshops.models import Cohort, Workshop

SCORED_KINDS = (ItemKind.AGREEMENT, ItemKind.RATING, ItemKind.YES_NO)
POSITIVE_MEANS = {
    ItemKind.AGREEMENT: "agree or strongly agree",
    ItemKind.RATING: "4 or 5 out of 5",
    ItemKind.YES_NO: "yes",
}
# The programme's headline items are those of the workshop's default "after" survey.
HEADLINE_PHASE = phases.AFTER


def group_label(characteristic: fixed_lists.Characteristic, value: str) -> str:
    """The name a group goes by in a breakdown.

    The one place where the stored slug `prefer-not-to-say` becomes the statistics module's
    "Prefer not to say", the group that is shown (when big enough) but never compared.
    """
    if value == fixed_lists.PREFER_NOT_TO_SAY:
        return statistics.PREFER_NOT_TO_SAY
    return characteristic.label_for(value)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# What one item's answers add up to ------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    value: int
    count: int
    percent_text: str


@dataclass(frozen=True)
class ItemResult:
    """One item of one survey: its positive share, and for ratings the mean and distribution."""

    code: str
    text: str
    label: str
    kind: str
    position: int
    counts: Mapping[int, int]  # stored value → how many gave it
    share: statistics.Share | None = None  # None for free text
    ratings: statistics.Ratings | None = None  # ratings only
    comments: int = 0  # free text only: the comments shown in the report
    low_label: str = ""  # ratings only: what 1 and 5 mean
    high_label: str = ""

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def title(self) -> str:
        return sentence_case(self.label)

    @property
    def distribution(self) -> tuple["Level", ...]:
        """How many gave each answer from 1 to 5, and their percentage of those who answered."""
        answered = sum(self.counts.values())
        return tuple(
            Level(
                value,
                self.counts.get(value, 0),
                statistics.format_percent(Fraction(100 * self.counts.get(value, 0), answered))
                if answered
                else "—",
            )
            for value in statistics.RATING_VALUES
        )

    @property
    def mean_text(self) -> str:
        mean = self.ratings.mean if self.ratings else None
        return "—" if mean is None else statistics.format_number(mean)

    @property
    def positive_means(self) -> str:
        return POSITIVE_MEANS.get(self.kind, "")

    @property
    def headline(self) -> str:
        """One sentence from the report label: "94.7% would recommend (18 of 19)"."""
        if self.ratings is not None and self.ratings.mean is not None:
            return (
                f"{self.title}: {statistics.format_number(self.ratings.mean)} out of 5 on average "
                f"({self.ratings.answered} answered)"
            )
        if self.share is None or self.share.percent is None:
            return ""
        percent = statistics.format_percent(self.share.percent)
        return f"{percent} {self.label} ({self.share.positive} of {self.share.answered})"


def item_result(item: Item, counts: Mapping[int, int], *, comments: int = 0) -> ItemResult:
    answered = {value: n for value, n in counts.items() if value is not None}
    fields = {
        "code": item.code,
        "text": item.text,
        "label": item.report_label,
        "kind": item.kind,
        "position": item.position,
        "counts": answered,
        "low_label": item.low_label,
        "high_label": item.high_label,
    }
    if item.kind == ItemKind.FREE_TEXT:
        return ItemResult(**fields, comments=comments)
    ratings = statistics.rating_summary(answered) if item.kind == ItemKind.RATING else None
    return ItemResult(**fields, share=statistics.share_of_answers(item.kind, answered), ratings=ratings)


@dataclass(frozen=True)
class SurveyResult:
    survey: Survey
    items: tuple[ItemResult, ...]

    @property
    def title(self) -> str:
        return self.survey.title

    @property
    def phase(self) -> str:
        return self.survey.phase

    @property
    def response_count(self) -> int:
        return self.survey.response_count_now()

    @property
    def response_rate(self) -> int | None:
        return self.survey.response_rate()

    @property
    def scored(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.is_scored)

    @property
    def agreement(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.kind == ItemKind.AGREEMENT)

    @property
    def ratings(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.kind == ItemKind.RATING)

    @property
    def headlines(self) -> tuple[str, ...]:
        return tuple(item.headline for item in self.scored if item.headline)

    def item(self, code: str) -> ItemResult | None:
        return next((item for item in self.items if item.code == code), None)


# Before and after -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The same question in two surveys: the change of its share, and how paired answers moved."""

    question: str  # the question's label where first asked
    label: str  # its label in the later survey
    earlier: str  # survey titles
    later: str
    change: statistics.Change
    movement: statistics.Movement


def comparisons(
    surveys: list[SurveyResult], movements: Mapping[tuple[int, int, str], Mapping[tuple[int, int], int]]
) -> tuple[Comparison, ...]:
    """Each item asked in more than one survey: every survey against the one before, and first against last.

    `movements` holds, per (earlier survey id, later survey id, item code), how many people gave
    each (earlier value, later value) pair.
    """
    asked: dict[str, list[tuple[SurveyResult, ItemResult]]] = defaultdict(list)
    for survey in surveys:
        for item in survey.scored:
            asked[item.code].append((survey, item))
    rows = []
    for code, answers in asked.items():
        if len(answers) < 2 or len({item.kind for _, item in answers}) > 1:
            continue  # asked once, or asked differently: nothing to compare
        steps = list(zip(answers, answers[1:], strict=False))
        if len(answers) > 2:
            steps.append((answers[0], answers[-1]))
        for (earlier, earlier_item), (later, later_item) in steps:
            pairs = movements.get((earlier.survey.pk, later.survey.pk, code), {})
            rows.append(
                Comparison(
                    question=answers[0][1].title,
                    label=later_item.title,
                    earlier=earlier.title,
                    later=later.title,
                    change=statistics.share_change(earlier_item.share, later_item.share),
                    movement=statistics.paired_movement_from_counts(pairs),
                )
            )
    return tuple(rows)


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


# Commitments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentRow:
    label: str
    counts: tuple[int, ...]  # one per status, in Commitment.Status order
    total: int
    overdue: int


@dataclass(frozen=True)
class CommitmentSummary:
    statuses: tuple[str, ...]
    rows: tuple[CommitmentRow, ...]  # one per kind, then the total

    @property
    def total(self) -> int:
        return self.rows[-1].total


def commitment_summary(cohort: Cohort, today: datetime.date) -> CommitmentSummary:
    grouped = (
        cohort.commitments.order_by()
        .values("kind", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(status__in=Commitment.OPEN_STATUSES, due_date__lt=today)),
        )
    )
    counts = {(row["kind"], row["status"]): (row["n"], row["overdue"]) for row in grouped}
    statuses = Commitment.Status.values
    rows = []
    for kind, label in [*Commitment.Kind.choices, (None, "All")]:
        kinds = Commitment.Kind.values if kind is None else [kind]
        per_status = tuple(sum(counts.get((k, s), (0, 0))[0] for k in kinds) for s in statuses)
        overdue = sum(counts.get((k, s), (0, 0))[1] for k in kinds for s in statuses)
        rows.append(CommitmentRow(label, per_status, sum(per_status), overdue))
    return CommitmentSummary(tuple(Commitment.Status.labels), tuple(rows))


# The cohort report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    pk: int
    phase: str
    survey: str  # its title
    text: str


@dataclass(frozen=True)
class CohortReport:
    cohort: Cohort
    surveys: tuple[SurveyResult, ...]
    comparisons: tuple[Comparison, ...]
    comments: tuple[Comment, ...]
    hidden_comments: int
    commitments: CommitmentSummary
    equity: EquityView
    counts_by_characteristic: Mapping[str, GroupCounts] = field(repr=False)

    @property
    def answered_surveys(self) -> tuple[SurveyResult, ...]:
        return tuple(survey for survey in self.surveys if survey.response_count)

    @property
    def headline_surveys(self) -> tuple[SurveyResult, ...]:
        """The surveys after the baseline that people answered: where the headlines come from."""
        return tuple(s for s in self.answered_surveys if s.phase != phases.BEFORE and s.headlines)

    @property
    def agreement_groups(self) -> tuple[tuple[str, tuple[tuple[SurveyResult, ItemResult], ...]], ...]:
        """Each agreement question people answered, with its (survey, result) in survey order."""
        by_code: dict[str, list] = {}
        for survey in self.answered_surveys:
            for item in survey.agreement:
                if item.share.answered:
                    by_code.setdefault(item.code, []).append((survey, item))
        return tuple((answers[0][1].title, tuple(answers)) for answers in by_code.values())

    @property
    def rating_rows(self) -> tuple[tuple[SurveyResult, ItemResult], ...]:
        return tuple((s, item) for s in self.answered_surveys for item in s.ratings)

    def equity_for(self, characteristic: str) -> EquityView:
        """The equity view of another characteristic, from counts already fetched."""
        return _cohort_equity(self.surveys, self.counts_by_characteristic, characteristic)


def cohort_report(cohort: Cohort, *, characteristic: str | None = None, today=None) -> CohortReport:
    """Everything the cohort report shows, in seven queries whatever the number of answers."""
    today = today or timezone.localdate()
    surveys = list(cohort.surveys.with_counts())
    for survey in surveys:
        survey.cohort = cohort
    items_by_survey = defaultdict(list)
    for item in Item.objects.filter(survey__cohort=cohort).order_by("survey_id", "position"):
        items_by_survey[item.survey_id].append(item)
    answers = Answer.objects.filter(item__survey__cohort=cohort)

    counts: dict[int, dict] = defaultdict(dict)
    shown_comments: dict[int, int] = defaultdict(int)
    for row in (
        answers.values("item_id", "number")
        .annotate(n=Count("pk"), hidden=Count("pk", filter=Q(hidden_from_report_at__isnull=False)))
        .order_by()
    ):
        counts[row["item_id"]][row["number"]] = row["n"]
        shown_comments[row["item_id"]] += row["n"] - row["hidden"]
    results = [
        SurveyResult(
            survey,
            tuple(
                item_result(item, counts[item.pk], comments=shown_comments[item.pk])
                for item in items_by_survey[survey.pk]
            ),
        )
        for survey in surveys
    ]

    comments = [
        Comment(row["pk"], row["item__survey__phase"], row["item__survey__title"], row["text"])
        for row in answers.comments()
        .shown_in_reports()
        .order_by("item__survey__phase_order", "item__position", "response__created_at", "pk")
        .values("pk", "item__survey__phase", "item__survey__title", "text")
    ]
    hidden = sum(
        counts[item.pk].get(None, 0) - shown_comments[item.pk]
        for items in items_by_survey.values()
        for item in items
        if item.kind == ItemKind.FREE_TEXT
    )
    by_group = _by_group(answers, GroupTotal.objects.filter(item__survey__cohort=cohort), "item__survey_id")
    return CohortReport(
        cohort=cohort,
        surveys=tuple(results),
        comparisons=comparisons(results, _movements(answers)),
        comments=tuple(comments),
        hidden_comments=hidden,
        commitments=commitment_summary(cohort, today),
        equity=_cohort_equity(tuple(results), by_group, characteristic),
        counts_by_characteristic=by_group,
    )


def _cohort_equity(
    surveys: Iterable[SurveyResult], by_group: Mapping[str, GroupCounts], chosen: str | None
) -> EquityView:
    labels = {}
    for survey in surveys:
        for item in survey.scored:
            labels.setdefault(item.code, item.label)
    columns = [Column(survey.survey.pk, survey.title) for survey in surveys]
    return equity_view(counts_by_characteristic=by_group, columns=columns, labels=labels, chosen=chosen)


def _movements(answers: QuerySet) -> dict[tuple[int, int, str], dict[tuple[int, int], int]]:
    """How each person's answer to an item moved between any two surveys, counted in the database.

    Joins each answer to the same participant's answers to the same item code in earlier surveys
    of the cohort; imported answers have no participant and so never pair.
    """
    earlier = "response__participant__responses"
    pairs = (
        answers.filter(number__isnull=False, response__participant__isnull=False)
        .filter(
            **{
                f"{earlier}__answers__item__code": F("item__code"),
                f"{earlier}__answers__number__isnull": False,
                f"{earlier}__survey__phase_order__lt": F("item__survey__phase_order"),
            }
        )
        .values(
            code=F("item__code"),
            later_survey=F("item__survey_id"),
            earlier_survey=F(f"{earlier}__survey_id"),
            earlier_value=F(f"{earlier}__answers__number"),
            later_value=F("number"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    movements: dict = defaultdict(dict)
    for row in pairs:
        key = (row["earlier_survey"], row["later_survey"], row["code"])
        movements[key][row["earlier_value"], row["later_value"]] = row["n"]
    return movements


# The programme report -------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _share(positive: int, answered: int) -> statistics.Share:
    """A share from its two counts; across hundreds of cohorts the same pairs come up again and again."""
    return statistics.positive_share(positive, answered)


@dataclass(frozen=True)
class HeadlineItem:
    code: str
    label: str
    kind: str

    @property
    def title(self) -> str:
        label = sentence_case(self.label)
        return f"{label}: 4 or 5 out of 5" if self.kind == ItemKind.RATING else label


@dataclass(frozen=True)
class CohortRow:
    cohort: Cohort
    respondents: int
    shares: tuple[statistics.Share, ...]  # one per headline item


@dataclass(frozen=True)
class RunChartResult:
    item: HeadlineItem
    chart: statistics.RunChart
    rows: tuple[tuple[CohortRow, statistics.Share], ...]  # the cohorts with answers, in date order


@dataclass(frozen=True)
class ProgrammeReport:
    workshop: Workshop
    items: tuple[HeadlineItem, ...]
    rows: tuple[CohortRow, ...]
    run_charts: tuple[RunChartResult, ...]
    equity: EquityView

    @property
    def respondents(self) -> int:
        return sum(row.respondents for row in self.rows)

    @property
    def first_date(self) -> datetime.date | None:
        return min((row.cohort.first_date for row in self.rows if row.cohort.first_date), default=None)

    @property
    def last_date(self) -> datetime.date | None:
        return max((row.cohort.first_date for row in self.rows if row.cohort.first_date), default=None)


def programme_report(
    workshop: Workshop, cohorts: QuerySet, *, characteristic: str | None = None
) -> ProgrammeReport:
    """The workshop's cohorts side by side, run charts of the headline items, and the pooled equity view.

    `cohorts` is already scoped to the user and filtered. Questions are matched across cohorts by
    the code and kind they have in the workshop's default surveys; a question a facilitator added
    to one cohort is in that cohort's own report only. Six queries, however many cohorts and
    answers there are.
    """
    cohorts = cohorts.filter(workshop=workshop)
    listed = list(cohorts.with_first_date().order_by(F("first_date").asc(nulls_last=True), "name", "pk"))
    templates = sorted(
        ItemTemplate.objects.filter(survey_template__workshop=workshop)
        .exclude(kind=ItemKind.FREE_TEXT)
        .select_related("survey_template"),
        key=lambda template: (phases.order(template.survey_template.phase), template.position),
    )
    labels, kinds = {}, {}
    for template in templates:
        labels.setdefault(template.code, template.report_label)
        kinds.setdefault(template.code, template.kind)
    headline = tuple(
        HeadlineItem(t.code, t.report_label, t.kind)
        for t in templates
        if t.survey_template.phase == HEADLINE_PHASE
    )
    matching = Q()
    for code, kind in kinds.items():
        matching |= Q(item__code=code, item__kind=kind)
    answers = Answer.objects.filter(matching, item__survey__cohort__in=cohorts, number__isnull=False)

    counts = {
        (row["cohort"], row["code"]): (row["positive"], row["answered"])
        for row in answers.filter(item__survey__phase=HEADLINE_PHASE)
        .values(cohort=F("item__survey__cohort_id"), code=F("item__code"))
        .annotate(answered=Count("pk"), positive=Count("pk", filter=positive_answer()))
        .order_by()
    }
    respondents = dict(
        Survey.objects.filter(cohort__in=cohorts, phase=HEADLINE_PHASE)
        .values_list("cohort_id")
        .annotate(n=Count("responses"))
        .order_by()
    )
    rows = tuple(
        CohortRow(
            cohort,
            respondents.get(cohort.pk, 0),
            tuple(_share(*counts.get((cohort.pk, item.code), (0, 0))) for item in headline),
        )
        for cohort in listed
    )
    charts = []
    for n, item in enumerate(headline):
        answered = tuple((row, row.shares[n]) for row in rows if row.shares[n].answered)
        chart = statistics.run_chart([(row.cohort.name, share.percent) for row, share in answered])
        charts.append(RunChartResult(item, chart, answered))

    # Across many cohorts only the chosen characteristic is counted, so the query stays small.
    totals = GroupTotal.objects.filter(matching, item__survey__cohort__in=cohorts)
    told = [
        c.slug
        for c in fixed_lists.in_fixed_order(
            AboutYouAnswer.objects.filter(response__survey__cohort__in=cohorts)
            .order_by()
            .values_list("characteristic", flat=True)
            .union(totals.order_by().values_list("characteristic", flat=True))
        )
    ]
    chosen = characteristic if characteristic in told else (told[0] if told else None)
    by_phase = {}
    if chosen:
        by_phase = _by_group(
            answers.filter(response__about_you__characteristic=chosen),
            totals.filter(characteristic=chosen),
            "item__survey__phase",
        )
    present = sorted({key[0] for groups in by_phase.values() for key in groups}, key=phases.order)
    equity = equity_view(
        counts_by_characteristic=by_phase,
        columns=[Column(phase, phases.title(phase)) for phase in present],
        labels=labels,
        chosen=chosen,
        told=told,
    )
    return ProgrammeReport(workshop, headline, rows, tuple(charts), equity)
