"""Writes that touch several rows: starting a project from a commitment, storing a month's data."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from commitments.models import Commitment
from projects import gaps
from projects.models import DataPoint, Measure, Project, Stage, StageAnswer


def first_stage() -> Stage:
    return Stage.objects.order_by("order").first()


@transaction.atomic
def project_start_from_commitment(*, commitment: Commitment, user) -> tuple[Project, bool]:
    """The project a project idea became: made now from its words, team and cohort, or the one already made.

    The commitment is then marked "QI project started". Returns the project and whether it is new,
    so a second click (or a second lead) lands on the same project.
    """
    existing = commitment.projects.order_by("pk").first()
    if existing is not None:
        return existing, False
    cohort = commitment.cohort
    project = Project(
        title=commitment.text[:200],
        cohort=cohort,
        team=cohort.name,
        organisation=cohort.organisation,
        aim="",
        stage=first_stage(),
        created_by=user,
    )
    project.full_clean()
    project.save()
    project.commitments.add(commitment)
    project.members.add(user)
    if not commitment.qi_project_started:
        commitment.qi_project_started = True
        commitment.save(update_fields=["qi_project_started", "updated_at"])
    return project, True


@transaction.atomic
def project_create(*, user, members: Iterable = (), **fields) -> Project:
    """A project started from scratch by a facilitator or a lead, who becomes a member."""
    project = Project(created_by=user, stage=fields.pop("stage", None) or first_stage(), **fields)
    project.full_clean()
    project.save()
    project.members.set({user, *members})
    return project


@transaction.atomic
def project_update(*, project: Project, members: Iterable | None = None, **fields) -> Project:
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    if members is not None:
        project.members.set(members)
    # The groups may have changed, and with them what each measure compares.
    for measure in project.measures.all():
        measure_refresh_trend(measure=measure)
    return project


@transaction.atomic
def measure_save(*, measure: Measure) -> Measure:
    measure.full_clean()
    measure.save()
    measure_refresh_trend(measure=measure)
    return measure


@transaction.atomic
def month_data_save(
    *, measure: Measure, period: datetime.date, figures: dict[str, tuple[int | None, int | None, object]]
) -> int:
    """Store one month's figures by group: group → (numerator, denominator, value); all None clears it.

    Returns how many groups hold data for the month afterwards.
    """
    period = period.replace(day=1)
    kept = 0
    for group, (numerator, denominator, value) in figures.items():
        if denominator is None and numerator is None and value is None:
            DataPoint.objects.filter(measure=measure, period=period, group=group).delete()
            continue
        point = DataPoint.objects.filter(measure=measure, period=period, group=group).first()
        point = point or DataPoint(measure=measure, period=period, group=group)
        point.numerator, point.denominator, point.value = numerator, denominator, value
        point.full_clean(validate_unique=False)
        point.save()
        kept += 1
    measure_refresh_trend(measure=measure)
    return kept


def measure_figures(measure: Measure, points=None) -> gaps.Figures:
    """The measure's figures from its points (fetched here unless given)."""
    rows = points if points is not None else measure.points.all()
    return gaps.measure_figures(
        (gaps.Row(p.period, p.group, p.numerator, p.denominator, p.value) for p in rows),
        kind=measure.kind,
        groups=measure.project.groups,
        higher_is_better=measure.higher_is_better,
        baseline=(measure.baseline_start, measure.baseline_end),
    )


def measure_refresh_trend(*, measure: Measure) -> Measure:
    """Recount the gap's class the portfolio and the reports show (a derived field, docs/adr/0034)."""
    figures = measure_figures(measure)
    measure.gap_trend, measure.best_got_worse = figures.trend, figures.best_got_worse
    Measure.objects.filter(pk=measure.pk).update(
        gap_trend=figures.trend, best_got_worse=figures.best_got_worse
    )
    return measure


@transaction.atomic
def stage_answers_save(*, project: Project, answers: dict) -> None:
    """Store the team's answers to a stage's questions; an emptied answer is removed."""
    for question, text in answers.items():
        if text:
            StageAnswer.objects.update_or_create(
                project=project, question=question, defaults={"answer": text}
            )
        else:
            StageAnswer.objects.filter(project=project, question=question).delete()


@transaction.atomic
def measure_data_import(*, measure: Measure, file_name: str, content: bytes) -> int:
    """Store every month and group of the file, replacing those already entered, or nothing at all.

    Raises evaluations.imports.ImportRefused, listing every problem, when any cell is wrong.
    """
    from projects import imports

    planned = imports.read(measure, measure.project.groups, file_name=file_name, content=content)
    for point in planned:
        DataPoint.objects.update_or_create(
            measure=measure,
            period=point.period,
            group=point.group,
            defaults={"numerator": point.numerator, "denominator": point.denominator, "value": point.value},
        )
    measure_refresh_trend(measure=measure)
    return len(planned)
