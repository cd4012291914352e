"""The portfolio every report test of projects starts from."""

import pytest

from commitments.models import Commitment
from projects import services
from tests.commitments.factories import CommitmentFactory
from tests.factories import CohortFactory
from tests.projects.factories import MeasureFactory, ProjectFactory, points, stage

WORST, BEST = "1 (most deprived)", "5 (least deprived)"


def narrowing(project):
    measure = MeasureFactory(project=project, name="Uptake")
    points(measure, {0: {WORST: (20, 100), BEST: (50, 100)}, 1: {WORST: (55, 100), BEST: (60, 100)}})
    return services.measure_refresh_trend(measure=measure)


@pytest.fixture
def projects(cohort):
    """Two projects of the cohort (one narrowing its gap, from an idea) and one of another cohort."""
    idea = CommitmentFactory(
        cohort=cohort, kind=Commitment.Kind.PROJECT_IDEA, text="Switch uptake by quintile"
    )
    first = ProjectFactory(cohort=cohort, title="Switch uptake", organisation="Luton PCN")
    first.commitments.add(idea)
    narrowing(first)
    MeasureFactory(project=first, name="Reviews")  # no data yet
    ProjectFactory(cohort=cohort, title="From scratch", organisation="Bedford PCN", stage=stage("testing"))
    ProjectFactory(cohort=CohortFactory(), title="Another cohort's")
    return first
