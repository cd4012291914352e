"""The cohort report: grouped counts from the database, shaped into report rows.

The database counts (answers grouped by item and value, by group, by pair of surveys); nothing
here loads every answer. A cohort report costs the same few queries however many people
answered, and a programme report the same few however many cohorts it covers. Every figure
comes from reports/statistics.py, so the page, the exports and the `cohort_report` command
print the same numbers (docs/adr/0011, docs/adr/0012).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from commitments.models import Commitment
from evaluations import phases
from evaluations.models import (
    Answer,
    GroupTotal,
    Item,
    ItemKind,
)
from projects.models import Project
from reports.equity import Column, EquityView, GroupCounts, _by_group, equity_view
from reports.results import Comparison, ItemResult, SurveyResult, comparisons, item_result
from workshops.models import Cohort

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
    counts = cohort.commitments.counted_by_kind_and_status(today)
    statuses = Commitment.Status.values
    rows = []
    for kind, label in [*Commitment.Kind.choices, (None, "All")]:
        kinds = Commitment.Kind.values if kind is None else [kind]
        per_status = tuple(sum(counts.get((k, s), (0, 0))[0] for k in kinds) for s in statuses)
        overdue = sum(counts.get((k, s), (0, 0))[1] for k in kinds for s in statuses)
        rows.append(CommitmentRow(label, per_status, sum(per_status), overdue))
    return CommitmentSummary(tuple(Commitment.Status.labels), tuple(rows))


@dataclass(frozen=True)
class ProjectTally:
    """The QI projects a cohort's (or a programme's) project ideas became, and their gap badges."""

    projects: int
    ideas: int  # project-idea commitments that became a project
    narrowing_projects: int
    measures_narrowing: int
    measures_no_clear_change: int
    measures_widening: int
    measures_unknown: int
    best_got_worse: int

    @property
    def measures(self) -> int:
        return (
            self.measures_narrowing
            + self.measures_no_clear_change
            + self.measures_widening
            + self.measures_unknown
        )


def project_tally(cohorts) -> ProjectTally:
    """One query, through projects' QuerySet (docs/adr/0033)."""
    return ProjectTally(**Project.objects.started_from(cohorts).tally())


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
    projects: ProjectTally
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
        return tuple((s, item) for s in self.answered_surveys for item in s.ratings if not item.hidden)

    def equity_for(self, characteristic: str) -> EquityView:
        """The equity view of another characteristic, from counts already fetched."""
        return _cohort_equity(self.surveys, self.counts_by_characteristic, characteristic)


def cohort_report(cohort: Cohort, *, characteristic: str | None = None, today=None) -> CohortReport:
    """Everything the cohort report shows, in eight queries whatever the number of answers."""
    today = today or timezone.localdate()
    surveys = list(cohort.surveys.with_counts())
    for survey in surveys:
        survey.cohort = cohort
    items_by_survey = defaultdict(list)
    for item in Item.objects.of_cohorts(cohort).order_by("survey_id", "position"):
        items_by_survey[item.survey_id].append(item)
    answers = Answer.objects.of_cohorts(cohort)

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
    by_group = _by_group(GroupTotal.objects.of_cohorts(cohort), "item__survey_id")
    return CohortReport(
        cohort=cohort,
        surveys=tuple(results),
        comparisons=comparisons(results, _movements(answers)),
        comments=tuple(comments),
        hidden_comments=hidden,
        commitments=commitment_summary(cohort, today),
        projects=project_tally(cohort),
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
