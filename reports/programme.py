"""The programme report: a workshop's cohorts side by side, run charts and the pooled equity view.

The same few queries however many cohorts it covers (docs/adr/0012).
"""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from attendance.trained import ProgrammeTrained, programme_trained
from evaluations import characteristics as fixed_lists
from evaluations import phases
from evaluations.models import GroupTotal, ItemKind, ItemTemplate, Survey
from reports import statistics
from reports.cohort import ProjectTally, project_tally
from reports.equity import Column, EquityView, equity_view, pooled_from_totals
from reports.results import HEADLINE_PHASE, sentence_case
from workshops.models import Cohort, Workshop

# The programme report -------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _share(positive: int, answered: int) -> statistics.Share:
    """A share from its two counts; across hundreds of cohorts the same pairs come up again and again."""
    return statistics.reported_share(positive, answered)


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
    projects: ProjectTally
    trained: ProgrammeTrained  # people trained, from the registers: two queries

    @property
    def table(self) -> tuple[tuple[CohortRow, tuple[tuple[HeadlineItem, statistics.Share], ...]], ...]:
        """Each cohort's row with its headline items beside their shares, for the page's table."""
        return tuple((row, tuple(zip(self.items, row.shares, strict=True))) for row in self.rows)

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
    # Counted from the kept totals, not the answers: the same few rows per item however many
    # answered (docs/adr/0040).
    totals = GroupTotal.objects.of_cohorts(cohorts).filter(matching)

    counts = {
        (row["cohort"], row["code"]): (row["positive"], row["answered"])
        for row in totals.everyone()
        .filter(item__survey__phase=HEADLINE_PHASE)
        .values(cohort=F("item__survey__cohort_id"), code=F("item__code"))
        .annotate(answered=Sum("answered"), positive=Sum("positive"))
        .order_by()
    }
    # Every survey's phase (for pooling the equity view) and responses, in one query.
    phase_of, respondents = {}, {}
    for survey_id, cohort_id, phase, n in (
        Survey.objects.of_cohorts(cohorts)
        .values_list("pk", "cohort_id", "phase")
        .annotate(n=Count("responses"))
        .order_by()
    ):
        phase_of[survey_id] = phase
        if phase == HEADLINE_PHASE:
            respondents[cohort_id] = n
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
    told = [
        c.slug
        for c in fixed_lists.in_fixed_order(
            totals.groups().order_by().values_list("characteristic", flat=True).distinct()
        )
    ]
    chosen = characteristic if characteristic in told else (told[0] if told else None)
    by_phase, left_out = {}, {}
    if chosen:
        # Counted per survey, so that each cohort's survey adds only the groups its own report
        # shows (docs/adr/0029); then pooled by phase.
        pooled, left_out = pooled_from_totals(fixed_lists.get(chosen), totals, phase_of)
        if pooled:
            by_phase = {chosen: pooled}
    present = sorted({key[0] for groups in by_phase.values() for key in groups}, key=phases.order)
    equity = equity_view(
        counts_by_characteristic=by_phase,
        columns=[Column(phase, phases.title(phase)) for phase in present],
        labels=labels,
        chosen=chosen,
        told=told,
        left_out=left_out,
    )
    trained = programme_trained(listed, cohorts)
    return ProgrammeReport(workshop, headline, rows, tuple(charts), equity, project_tally(cohorts), trained)
