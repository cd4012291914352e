"""Surveys' phases and states, items' scales, and the rules the database keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluations import characteristics, phases
from evaluations.models import Item, Response, Survey
from tests.evaluations.factories import AnswerFactory, ItemFactory, ResponseFactory, SurveyFactory
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def test_phases_sort_before_then_each_part_then_after():
    shuffled = ["after", "after-part-10", "before", "after-part-2", "after-part-1"]
    assert sorted(shuffled, key=phases.order) == [
        "before",
        "after-part-1",
        "after-part-2",
        "after-part-10",
        "after",
    ]


def test_a_cohort_with_n_parts_has_before_after_each_part_but_the_last_and_after():
    assert phases.for_parts(0) == ["before", "after"]
    assert phases.for_parts(1) == ["before", "after"]
    assert phases.for_parts(2) == ["before", "after-part-1", "after"]
    assert phases.for_parts(3) == ["before", "after-part-1", "after-part-2", "after"]


def test_phase_titles_read_as_plain_english():
    assert [phases.title(p) for p in phases.for_parts(3)] == [
        "Before the workshop",
        "After part 1",
        "After part 2",
        "After the workshop",
    ]


@pytest.mark.parametrize("phase", ["during", "after-part-0", "after-part-", "After", "before-1"])
def test_a_phase_outside_the_pattern_is_refused(phase):
    survey = SurveyFactory.build(cohort=CohortFactory(), phase=phase)
    with pytest.raises(ValidationError) as error:
        survey.full_clean()
    assert "phase" in error.value.message_dict


def test_a_cohort_lists_its_surveys_in_phase_order():
    cohort = CohortFactory()
    for phase in ["after", "after-part-2", "before", "after-part-1"]:
        SurveyFactory(cohort=cohort, phase=phase)
    assert [s.phase for s in cohort.surveys.all()] == ["before", "after-part-1", "after-part-2", "after"]


def test_one_survey_per_phase_per_cohort():
    survey = SurveyFactory()
    with pytest.raises(IntegrityError):
        SurveyFactory(cohort=survey.cohort, phase=survey.phase)


@pytest.mark.parametrize(
    ("status", "opens", "closes", "expected"),
    [
        ("draft", None, None, "draft"),
        ("draft", +1, None, "draft"),
        ("draft", -1, None, "open"),
        ("draft", -2, -1, "closed"),
        ("draft", None, -1, "draft"),
        ("open", None, None, "open"),
        ("open", +1, None, "open"),
        ("open", -2, +1, "open"),
        ("open", -2, -1, "closed"),
        ("closed", -2, +1, "closed"),
        ("closed", None, None, "closed"),
    ],
)
def test_the_state_follows_the_buttons_and_the_times(status, opens, closes, expected):
    survey = SurveyFactory(
        status=status,
        opens_at=NOW + opens * HOUR if opens is not None else None,
        closes_at=NOW + closes * HOUR if closes is not None else None,
    )
    assert survey.state(NOW) == expected
    assert (survey in Survey.objects.open_now(NOW)) == (expected == "open")


def test_a_closing_time_before_the_opening_time_is_refused():
    survey = SurveyFactory.build(cohort=CohortFactory(), opens_at=NOW, closes_at=NOW - HOUR)
    with pytest.raises(ValidationError, match="closing time must be after"):
        survey.full_clean()


def test_an_unknown_characteristic_is_refused():
    survey = SurveyFactory.build(cohort=CohortFactory(), characteristics=["role", "star-sign"])
    with pytest.raises(ValidationError, match="star-sign"):
        survey.full_clean()


def test_each_kind_of_item_offers_its_scale():
    agreement = ItemFactory.build(kind=Item.Kind.AGREEMENT)
    rating = ItemFactory.build(kind=Item.Kind.RATING, low_label="poor", high_label="great")
    yes_no = ItemFactory.build(kind=Item.Kind.YES_NO)
    assert [label for _, label in agreement.scale()] == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    assert [n for n, _ in agreement.scale()] == [1, 2, 3, 4, 5]
    assert rating.scale() == [(1, "1 = poor"), (2, "2"), (3, "3"), (4, "4"), (5, "5 = great")]
    assert yes_no.scale() == [(1, "Yes"), (0, "No")]
    assert ItemFactory.build(kind=Item.Kind.FREE_TEXT).scale() == []


def test_end_labels_are_kept_only_for_ratings():
    item = ItemFactory(kind=Item.Kind.AGREEMENT, low_label="poor", high_label="great")
    item.full_clean()
    assert (item.low_label, item.high_label) == ("", "")


def test_items_are_unique_by_position_and_by_code_within_a_survey():
    item = ItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemFactory(survey=item.survey, position=item.position)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemFactory(survey=item.survey, code=item.code)


def test_a_participant_has_one_response_per_survey_but_imports_have_none(cohort):
    from workshops.models import Participant

    survey = SurveyFactory(cohort=cohort)
    participant = Participant.objects.create(cohort=cohort)
    ResponseFactory(survey=survey, participant=participant)
    ResponseFactory(survey=survey, participant=None, source=Response.Source.IMPORT)
    ResponseFactory(survey=survey, participant=None, source=Response.Source.IMPORT)
    with pytest.raises(IntegrityError):
        ResponseFactory(survey=survey, participant=participant)


def test_an_item_answers_once_per_response_and_numbers_stay_within_0_to_5():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError):
        AnswerFactory(response=answer.response, item=answer.item)


def test_a_number_outside_0_to_5_never_reaches_the_database():
    with pytest.raises(IntegrityError):
        AnswerFactory(number=6)


def test_an_item_with_answers_cannot_be_deleted():
    from django.db.models import ProtectedError

    answer = AnswerFactory()
    with pytest.raises(ProtectedError):
        answer.item.delete()


def test_the_response_rate_is_a_whole_percentage_of_the_expected_participants_rounded_half_up():
    survey = SurveyFactory(cohort=CohortFactory(expected_participants=8))
    for _ in range(3):
        ResponseFactory(survey=survey)
    assert survey.response_rate() == 38  # 37.5 rounds up
    survey.cohort.expected_participants = None
    assert survey.response_rate() is None


def test_every_characteristic_offers_prefer_not_to_say_last():
    for characteristic in characteristics.CHARACTERISTICS:
        assert characteristic.options[-1] == ("prefer-not-to-say", "Prefer not to say")
        values = [value for value, _ in characteristic.options]
        assert len(values) == len(set(values))


def test_ethnic_group_has_the_nhs_data_dictionarys_five_broad_groups():
    labels = [label for _, label in characteristics.get("ethnic_group").options]
    assert labels == [
        "White",
        "Mixed or multiple ethnic groups",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Other ethnic group",
        "Prefer not to say",
    ]


def test_disability_is_yes_no_or_prefer_not_to_say():
    assert [value for value, _ in characteristics.get("disability").options] == [
        "yes",
        "no",
        "prefer-not-to-say",
    ]


def test_a_characteristic_reads_its_option_from_a_label_or_value_loosely():
    organisation = characteristics.get("organisation")
    assert organisation.value_for("  community PHARMACY ") == "community-pharmacy"
    assert organisation.value_for("icb") == "icb"
    assert organisation.value_for("Prefer not to say") == "prefer-not-to-say"
    assert organisation.value_for("Hospice") is None


def test_without_a_time_the_state_is_that_of_now(frozen_now):
    survey = SurveyFactory(status="draft", opens_at=timezone.now() - HOUR)
    assert survey.state() == Survey.Status.OPEN
