"""The programme report pools the kept totals in one pass: the same figures as the rule says.

`statistics.pool_publishable` states the rule of ADR 29 on plain dictionaries: each survey's
breakdown adds up only the groups it shows itself. `equity.pooled_from_totals` applies it to
the database's rows in one streaming pass, for thousands of cohorts; these tests hold the two
to the same answers.
"""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations import characteristics as fixed_lists
from evaluations import services
from evaluations.models import GroupTotal
from reports import statistics
from reports.equity import group_label, pooled_from_totals
from tests.factories import CohortFactory

ROLE = fixed_lists.get("role")
VALUES = [value for value, _ in ROLE.options]
CODES = ["aim-1", "aim-2", "aim-3"]  # asked both before and after

# (survey number, item code, group) → (positive, answered): the kept group totals of four surveys.
CELLS = st.dictionaries(
    st.tuples(st.integers(0, 3), st.sampled_from(CODES), st.sampled_from(VALUES)),
    st.integers(0, 14).flatmap(lambda answered: st.tuples(st.integers(0, answered), st.just(answered))),
    max_size=40,
)


@pytest.fixture
def surveys(db):
    """Two cohorts, each with a before and an after survey: four surveys, two pooled keys by phase."""
    made = []
    for name in ("Luton", "Bedford"):
        cohort = CohortFactory(name=name)
        made += [services.survey_add(cohort=cohort, phase=phase) for phase in ("before", "after")]
    return made


def by_the_rule(cells, surveys) -> tuple[dict, dict]:
    """The pooled figures as pool_publishable gives them, from the same cells."""
    gathered = defaultdict(list)
    breakdowns = defaultdict(dict)
    for (n, code, value), counts in cells.items():
        breakdowns[n, code][group_label(ROLE, value)] = counts
    for (n, code), breakdown in breakdowns.items():
        gathered[surveys[n].phase, code].append(breakdown)
    value_of = {group_label(ROLE, value): value for value in VALUES}
    pooled, left_out = {}, {}
    for key, each in gathered.items():
        by_label, left_out[key] = statistics.pool_publishable(each)
        pooled[key] = {value_of[label]: counts for label, counts in by_label.items()}
    return pooled, left_out


def stored(cells, surveys) -> None:
    GroupTotal.objects.all().delete()
    GroupTotal.objects.bulk_create(
        GroupTotal(
            item=surveys[n].items.get(code=code),
            characteristic="role",
            value=value,
            positive=positive,
            answered=answered,
        )
        for (n, code, value), (positive, answered) in cells.items()
    )


@pytest.mark.totals_unchecked  # the totals are written here without answers behind them
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=CELLS)
def test_one_pass_over_the_totals_pools_what_the_rule_pools(cells, surveys):
    stored(cells, surveys)
    phase_of = {survey.pk: survey.phase for survey in surveys}
    assert pooled_from_totals(ROLE, GroupTotal.objects.all(), phase_of) == by_the_rule(cells, surveys)


@pytest.mark.totals_unchecked
def test_a_group_hidden_in_its_own_survey_is_left_out_and_counted(surveys):
    # Luton's before survey shows pharmacists and technicians; Bedford's has 3 technicians, hidden
    # with the pharmacists that would give them away.
    cells = {
        (0, "aim-1", "pharmacist"): (6, 8),
        (0, "aim-1", "pharmacy-technician"): (4, 7),
        (2, "aim-1", "pharmacist"): (5, 9),
        (2, "aim-1", "pharmacy-technician"): (1, 3),
    }
    stored(cells, surveys)
    phase_of = {survey.pk: survey.phase for survey in surveys}
    pooled, left_out = pooled_from_totals(ROLE, GroupTotal.objects.all(), phase_of)
    assert pooled == {("before", "aim-1"): {"pharmacist": (6, 8), "pharmacy-technician": (4, 7)}}
    assert left_out == {("before", "aim-1"): 12}
