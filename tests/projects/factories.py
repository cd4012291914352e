import datetime

import factory

from projects.models import DataPoint, Measure, Project, Stage
from tests.factories import CohortFactory


def stage(slug: str = "understanding") -> Stage:
    return Stage.objects.get(slug=slug)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Switch uptake by deprivation ({n})")
    cohort = factory.SubFactory(CohortFactory)
    team = "BLMK Medicines Optimisation"
    organisation = "BLMK ICB"
    aim = "Raise uptake of the switch in quintile 1 from 20% to 50% by March 2027"
    grouping = Project.Grouping.IMD_QUINTILE
    stage = factory.LazyFunction(stage)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    project = factory.SubFactory(ProjectFactory)
    name = "Uptake of the switch"
    kind = Measure.Kind.PROPORTION
    numerator_label = "patients switched"
    denominator_label = "patients eligible"


def month(n: int) -> datetime.date:
    """The n-th month from January 2026 (0 is January 2026)."""
    return datetime.date(2026 + n // 12, n % 12 + 1, 1)


def points(measure: Measure, by_month: dict[int, dict[str, tuple[int, int]]]) -> list[DataPoint]:
    """Data points from {month number: {group: (numerator, denominator)}}."""
    return DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=month(n), group=group, numerator=num, denominator=den)
        for n, groups in by_month.items()
        for group, (num, den) in groups.items()
    )
