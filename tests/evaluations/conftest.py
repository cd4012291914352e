"""Surveys for the evaluations tests: the workshop's default `after` survey, open, in `cohort`."""

import pytest

from evaluations import services
from evaluations.models import Survey


@pytest.fixture
def survey(cohort) -> Survey:
    """`cohort`'s "After the workshop", copied from the workshop's defaults, open now."""
    survey = services.survey_add(cohort=cohort, phase="after")
    return services.survey_open(survey=survey)


@pytest.fixture
def items(survey) -> dict:
    """The survey's items by code: aim-1, aim-2, aim-3, recommend, overall, useful, comments."""
    return {item.code: item for item in survey.items.all()}
