import pytest

from tests.factories import WorkshopFactory
from workshops.forms import JoinForm, SessionFormSet
from workshops.models import Cohort

pytestmark = pytest.mark.django_db


def formset_data(*sessions, prefix="sessions"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(sessions)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, session in enumerate(sessions):
        for key, value in session.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def session(part, date="2026-12-01", start="09:30", end="12:30"):
    return {"part": str(part), "date": date, "starts_at": start, "ends_at": end, "venue": "Wrest Park"}


def make_formset(*sessions):
    return SessionFormSet(
        formset_data(*sessions), instance=Cohort(workshop=WorkshopFactory()), prefix="sessions"
    )


def test_two_sessions_numbered_one_and_two_are_valid():
    assert make_formset(session(1), session(2, date="2026-12-15")).is_valid()


def test_part_numbers_with_a_gap_are_refused():
    formset = make_formset(session(1), session(3, date="2026-12-15"))
    assert not formset.is_valid()
    assert "1, 2, 3" in formset.non_form_errors()[0]


def test_two_overlapping_sessions_are_refused():
    formset = make_formset(session(1), session(2, start="11:00", end="13:00"))
    assert not formset.is_valid()
    assert "overlap" in formset.non_form_errors()[0]


def test_a_session_that_ends_before_it_starts_is_refused_by_the_field():
    formset = make_formset(session(1, start="12:00", end="10:00"))
    assert not formset.is_valid()
    assert formset.forms[0].errors["ends_at"] == ["The end time must be after the start time"]


def test_a_blank_extra_row_is_ignored():
    formset = make_formset(session(1), {"part": "2"})
    assert formset.is_valid(), formset.errors


def test_the_join_form_finds_a_cohort_by_a_loosely_typed_code(cohort):
    typed = f" {cohort.join_code[:3].lower()} {cohort.join_code[3:]}"
    form = JoinForm({"code": typed})
    assert form.is_valid()
    assert form.cohort == cohort


def test_the_join_form_says_when_no_cohort_has_the_code(cohort):
    form = JoinForm({"code": "AAAAAA"})
    assert not form.is_valid()
    assert "could not find a workshop with that code" in form.errors["code"][0]
