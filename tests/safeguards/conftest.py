"""The evaluations tests' open survey, for the tests that post to it."""

from tests.evaluations.conftest import items, survey  # noqa: F401 (fixtures)
