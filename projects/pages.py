"""What the project pages show, gathered in a fixed number of queries."""

import contextlib
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from projects import charts, gaps, services
from projects.forms import MonthField, default_month
from projects.models import ChangeIdea, EquityQuestion, Measure, PDSACycle, Project, StageAnswer


@dataclass
class MeasureBlock:
    measure: Measure
    figures: gaps.Figures
    group_charts: list[tuple[str, str, dict, object]]  # (group, chart id, figure, run chart)
    gap_figure: dict

    @property
    def gap_chart_id(self) -> str:
        return f"gap-{self.measure.pk}"


def project_page(project: Project) -> dict:
    """The project page's context: measures with figures and charts, equity questions, PDSA cycles."""
    measures = list(
        project.measures.prefetch_related(Prefetch("points", queryset=_points())).order_by("order", "pk")
    )
    ideas = list(
        project.change_ideas.prefetch_related(
            Prefetch("cycles", queryset=PDSACycle.objects.order_by("started_on"))
        )
    )
    annotations = [
        (cycle.started_on, f"PDSA {number}: {idea.title[:24]}")
        for idea in ideas
        for number, cycle in enumerate(idea.cycles.all(), start=1)
    ]
    blocks = []
    for measure in measures:
        measure.project = project
        figures = services.measure_figures(measure, measure.points.all())
        group_charts = [
            (
                group,
                f"chart-{measure.pk}-{index}",
                charts.group_run_chart(figures, group, annotations=annotations),
                figures.charts[group],
            )
            for index, group in enumerate(figures.groups)
        ]
        blocks.append(
            MeasureBlock(measure, figures, group_charts, charts.gap_chart(figures, annotations=annotations))
        )
    answers = {answer.question_id: answer for answer in StageAnswer.objects.filter(project=project)}
    questions = list(EquityQuestion.objects.in_use().select_related("stage"))
    stages = {}
    for question in questions:
        stages.setdefault(question.stage, []).append((question, answers.get(question.pk)))
    return {
        "project": project,
        "commitments": list(project.commitments.all()),
        "members": list(project.members.all()),
        "blocks": blocks,
        "ideas": ideas,
        "stages": stages,
    }


def _points():
    from projects.models import DataPoint

    return DataPoint.objects.order_by("period", "pk")


def chosen_month(typed: str | None, points, today: datetime.date) -> datetime.date:
    """The month the entry form shows: the one asked for in the address, else the next to fill in."""
    if typed:
        with contextlib.suppress(ValidationError):  # an unreadable month falls back to the next one
            return MonthField().clean(typed)
    return default_month(max((point.period for point in points), default=None), today)


def month_initial(groups, points, month: datetime.date) -> dict:
    """The form's starting values: the month's figures already stored, for correcting them."""
    initial = {"period": month}
    stored = {point.group: point for point in points if point.period == month}
    initial["has_data"] = bool(stored)
    for index, group in enumerate(groups):
        point = stored.get(group)
        if point is not None:
            initial[f"g{index}_numerator"] = point.numerator
            initial[f"g{index}_denominator"] = point.denominator
            initial[f"g{index}_value"] = point.value
    return initial


__all__ = ["ChangeIdea", "project_page", "chosen_month", "month_initial"]
