"""The report figures, checked with plain numbers: the published BLMK figures, worked vectors, properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluations.scales import ItemKind, positive_answers
from reports.statistics import (
    MINUS,
    PREFER_NOT_TO_SAY,
    PROTECTS_LABEL,
    SMALL_NUMBER,
    SUPPRESSED_LABEL,
    GapTrend,
    SignalKind,
    SuppressionReason,
    format_percent,
    format_points,
    format_points_interval,
    gap_between_groups,
    gap_change,
    newcombe_difference,
    paired_movement,
    paired_movement_from_counts,
    pool_publishable,
    positive_share,
    rating_summary,
    reported_share,
    round_half_up,
    run_chart,
    share_change,
    share_of_answers,
    shares_by_group,
    suppress_small_groups,
    wilson_interval,
)
from tests.imports import top_level_modules_after


def minus(text: str) -> str:
    """Write expected texts with "-" and compare them with the real minus sign the module prints."""
    return text.replace("-", MINUS)


@st.composite
def counts(draw, max_answered: int = 300, min_answered: int = 0) -> tuple[int, int]:
    """A (positive, answered) pair."""
    answered = draw(st.integers(min_answered, max_answered))
    return draw(st.integers(0, answered)), answered


def test_the_module_needs_only_the_standard_library():
    loaded = top_level_modules_after("import reports.statistics", django_setup=False)
    assert not {"django", "pandas", "numpy", "scipy"} & loaded


# Rounding and printing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(200, 3), "66.7"),
        (Fraction(100, 8), "12.5"),
        (0.05, "0.1"),
        (0.15, "0.2"),  # a float is read as it prints, not as 0.1499…
        (0.25, "0.3"),  # banker's rounding would give 0.2
        (Fraction(100, 16), "6.3"),  # 6.25: banker's rounding would give 6.2
        (Decimal("-7.45"), "-7.5"),  # a tie goes away from zero, so a sign never changes a figure
        (-0.04, "0.0"),  # never −0.0
    ],
)
def test_figures_are_rounded_half_up_to_one_decimal_place(value, expected):
    assert round_half_up(value) == Decimal(expected)
    assert str(round_half_up(value)) == expected


@given(st.fractions(min_value=-1000, max_value=1000))
def test_rounding_half_up_is_never_more_than_half_a_step_out_and_ties_go_away_from_zero(value):
    rounded = Fraction(round_half_up(value))
    error = abs(rounded - value)
    assert error <= Fraction(1, 20)
    if error == Fraction(1, 20):
        assert abs(rounded) > abs(value)
    assert round_half_up(-value) == -round_half_up(value)


def test_percentages_print_one_decimal_place_without_a_trailing_zero():
    assert format_percent(Decimal("86.7")) == "86.7%"
    assert format_percent(Decimal("100.0")) == "100%"
    assert format_percent(Fraction(200, 3)) == "66.7%"


def test_changes_in_points_carry_their_sign_and_a_real_minus():
    assert format_points(Decimal("7.5")) == "+7.5 points"
    assert format_points(Decimal("-15.7")) == "\u221215.7 points"
    assert format_points(Decimal("-1.0")) == minus("-1 point")
    assert format_points(Decimal("1")) == "+1 point"
    assert format_points(0) == "0 points"
    assert format_points(-0.04) == "0 points"
    assert format_points_interval(Decimal("-15.7"), Decimal("32.5")) == minus("95% CI -15.7 to +32.5")


# Positive share and its Wilson interval -------------------------------------------------------


@pytest.mark.parametrize(
    ("positive", "answered", "text", "low", "high"),
    [
        (15, 15, "100% (15 of 15)", "79.6", "100.0"),
        (13, 15, "86.7% (13 of 15)", "62.1", "96.3"),
        (16, 17, "94.1% (16 of 17)", "73.0", "99.0"),
        (18, 19, "94.7% (18 of 19)", "75.4", "99.1"),
    ],
)
def test_the_published_blmk_figures_come_with_their_wilson_intervals(positive, answered, text, low, high):
    share = positive_share(positive, answered)
    assert share.text == text
    assert (share.answered, share.positive) == (answered, positive)
    assert (share.ci_low, share.ci_high) == (Decimal(low), Decimal(high))


def test_a_share_is_rounded_half_up_from_the_exact_fraction():
    assert positive_share(2, 3).percent == Decimal("66.7")
    assert positive_share(1, 8).percent == Decimal("12.5")
    assert positive_share(1, 16).percent == Decimal("6.3")
    assert positive_share(1, 16).text == "6.3% (1 of 16)"


def test_a_share_prints_its_interval():
    assert positive_share(13, 15).interval_text == "95% CI 62.1% to 96.3%"


def test_nobody_answering_gives_no_answers_rather_than_zero_percent_or_an_error():
    share = positive_share(0, 0)
    assert share.text == "no answers"
    assert share.percent is share.ci_low is share.ci_high is share.proportion is None
    assert share.interval_text == ""


def test_nobody_positive_is_zero_percent_with_an_interval_from_zero():
    share = positive_share(0, 12)
    assert share.text == "0% (0 of 12)"
    assert share.ci_low == Decimal("0.0")
    assert share.ci_high == Decimal("24.2")


@pytest.mark.parametrize(("positive", "answered"), [(16, 15), (-1, 3), (0, -1)])
def test_impossible_counts_are_refused(positive, answered):
    with pytest.raises(ValueError):
        positive_share(positive, answered)


@given(counts(min_answered=1))
def test_the_wilson_interval_holds_the_share_and_stays_between_0_and_1(pair):
    positive, answered = pair
    interval = wilson_interval(positive, answered)
    assert 0 <= interval.low <= positive / answered <= interval.high <= 1
    share = positive_share(positive, answered)
    assert share.ci_low <= share.percent <= share.ci_high


@given(counts(min_answered=1))
def test_the_wilson_interval_of_the_negatives_mirrors_that_of_the_positives(pair):
    positive, answered = pair
    interval, mirror = wilson_interval(positive, answered), wilson_interval(answered - positive, answered)
    assert interval.low == pytest.approx(1 - mirror.high, abs=1e-12)
    assert interval.high == pytest.approx(1 - mirror.low, abs=1e-12)


# Which answers count as positive --------------------------------------------------------------


def test_agree_and_strongly_agree_ratings_of_4_or_5_and_yes_are_the_positive_answers():
    assert positive_answers(ItemKind.AGREEMENT) == {4, 5}
    assert positive_answers("rating") == {4, 5}
    assert positive_answers("yes_no") == {1}


def test_free_text_has_no_positive_share():
    with pytest.raises(ValueError, match="no positive share"):
        positive_answers(ItemKind.FREE_TEXT)


def test_neither_agree_nor_disagree_counts_in_the_denominator_and_a_blank_does_not():
    share = share_of_answers("agreement", {5: 9, 4: 4, 3: 1, 2: 1, None: 4})
    assert share.text == "86.7% (13 of 15)"


def test_the_recommend_item_counts_yes_answers():
    assert share_of_answers("yes_no", {1: 18, 0: 1}).text == "94.7% (18 of 19)"


def test_a_ratings_share_counts_4_and_5():
    assert share_of_answers("rating", {5: 6, 4: 6, 3: 2, 1: 1}).text == "80% (12 of 15)"


def test_an_item_only_left_blank_has_no_answers():
    assert share_of_answers("agreement", {None: 7}).text == "no answers"


# Ratings --------------------------------------------------------------------------------------


def test_a_rating_has_a_mean_and_a_distribution_from_1_to_5():
    ratings = rating_summary({5: 8, 4: 5, 3: 2, None: 1})
    assert ratings.answered == 15
    assert ratings.mean == Decimal("4.4")  # 66 / 15
    assert [(row.value, row.count, row.percent) for row in ratings.distribution] == [
        (1, 0, Decimal("0.0")),
        (2, 0, Decimal("0.0")),
        (3, 2, Decimal("13.3")),
        (4, 5, Decimal("33.3")),
        (5, 8, Decimal("53.3")),
    ]
    assert ratings.text == "mean 4.4 out of 5 (15 answered)"


def test_a_mean_is_rounded_half_up():
    assert rating_summary({4: 3, 5: 1}).mean == Decimal("4.3")  # 4.25
    assert rating_summary({4: 11, 5: 9}).mean == Decimal("4.5")  # 4.45: banker's would give 4.4


def test_a_rating_nobody_answered_has_no_mean():
    ratings = rating_summary({})
    assert ratings.mean is None
    assert ratings.text == "no answers"
    assert [row.count for row in ratings.distribution] == [0] * 5
    assert all(row.percent is None for row in ratings.distribution)


def test_a_rating_outside_1_to_5_is_refused():
    with pytest.raises(ValueError, match="1 to 5"):
        rating_summary({6: 1})


@given(st.dictionaries(st.integers(1, 5), st.integers(0, 50)))
def test_a_mean_lies_within_the_scale_and_the_distribution_adds_up(counts_by_value):
    ratings = rating_summary(counts_by_value)
    assert sum(row.count for row in ratings.distribution) == ratings.answered
    if ratings.answered:
        assert Decimal(1) <= ratings.mean <= Decimal(5)


# Change between two surveys -------------------------------------------------------------------


def test_the_change_from_after_part_1_to_after_is_plus_7_5_points_with_newcombes_interval():
    change = share_change(earlier=positive_share(13, 15), later=positive_share(16, 17))
    assert change.points == Decimal("7.5")
    assert (change.ci_low, change.ci_high) == (Decimal("-15.7"), Decimal("32.5"))
    assert change.text == minus("+7.5 points (95% CI -15.7 to +32.5)")


def test_a_fall_is_negative():
    change = share_change(earlier=positive_share(16, 17), later=positive_share(13, 15))
    assert change.text == minus("-7.5 points (95% CI -32.5 to +15.7)")


def test_no_change_can_be_shown_when_a_survey_has_no_answers():
    assert share_change(positive_share(0, 0), positive_share(3, 5)).points is None
    assert share_change(positive_share(0, 0), positive_share(3, 5)).text == (
        "no change can be shown: no answers in the earlier survey"
    )
    assert share_change(positive_share(3, 5), positive_share(0, 0)).text.endswith("in the later survey")
    assert share_change(positive_share(0, 0), positive_share(0, 0)).text.endswith("in either survey")


@given(counts(min_answered=1), counts(min_answered=1))
def test_newcombes_interval_holds_the_difference_and_turns_round_with_it(a, b):
    forwards = newcombe_difference(positive_share(*a), positive_share(*b))
    backwards = newcombe_difference(positive_share(*b), positive_share(*a))
    assert -1 <= forwards.low <= forwards.estimate <= forwards.high <= 1
    assert forwards.estimate == -backwards.estimate
    assert forwards.low == pytest.approx(-backwards.high, abs=1e-12)


def test_paired_answers_are_counted_as_moved_up_stayed_or_moved_down():
    movement = paired_movement([(3, 4), (4, 4), (5, 3), (2, 5), (1, 1)])
    assert (movement.up, movement.stayed, movement.down) == (2, 2, 1)
    assert movement.text == "2 moved up, 2 stayed, 1 moved down (5 answered both)"


def test_paired_counts_from_a_grouped_query_give_the_same_movement():
    assert paired_movement_from_counts({(3, 4): 5, (4, 4): 7, (5, 3): 1}) == paired_movement(
        [(3, 4)] * 5 + [(4, 4)] * 7 + [(5, 3)]
    )


def test_no_pairs_say_so():
    assert paired_movement([]).text == "nobody answered both"


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5))))
def test_swapping_earlier_and_later_swaps_up_and_down(pairs):
    forwards = paired_movement(pairs)
    backwards = paired_movement([(later, earlier) for earlier, later in pairs])
    assert (forwards.up, forwards.stayed, forwards.down) == (backwards.down, backwards.stayed, backwards.up)
    assert forwards.pairs == len(pairs)


# Small-number suppression ---------------------------------------------------------------------


def test_groups_of_5_or_more_are_shown():
    suppression = suppress_small_groups({"Nurse": 5, "Pharmacist": 12})
    assert suppression.shown == ("Nurse", "Pharmacist")
    assert suppression.suppressed == {}


def test_a_lone_small_group_takes_the_next_smallest_with_it():
    suppression = suppress_small_groups({"Pharmacist": 12, "Technician": 4, "Nurse": 7, "Admin": 30})
    assert suppression.shown == ("Pharmacist", "Admin")
    assert suppression.suppressed == {
        "Technician": SuppressionReason.SMALL,
        "Nurse": SuppressionReason.PROTECTS_SMALL,
    }


def test_two_small_groups_with_5_or_more_answers_together_protect_each_other():
    suppression = suppress_small_groups({"Pharmacist": 12, "Technician": 4, "Nurse": 2})
    assert suppression.shown == ("Pharmacist",)
    assert set(suppression.suppressed) == {"Technician", "Nurse"}


def test_small_groups_with_fewer_than_5_answers_together_take_the_next_smallest_with_them():
    """All 10 of 15, White 5 of 8, Mixed 3 of 5 and two lone respondents: the two would be 2 of 2."""
    suppression = suppress_small_groups({"White": 8, "Mixed": 5, "Asian": 1, "Black": 1})
    assert suppression.shown == ("White",)
    assert suppression.suppressed == {
        "Mixed": SuppressionReason.PROTECTS_SMALL,
        "Asian": SuppressionReason.SMALL,
        "Black": SuppressionReason.SMALL,
    }


def test_a_breakdown_whose_groups_add_up_to_fewer_than_5_is_hidden_whole():
    for answered in ({"Nurse": 3}, {"Nurse": 2, "Pharmacist": 2}, {"Nurse": 4, "Pharmacist": 0}):
        suppression = suppress_small_groups(answered)
        assert suppression.whole
        assert suppression.shown == ()
    rows = shares_by_group({"Nurse": (1, 2), "Pharmacist": (2, 2)})
    assert [row.text for row in rows] == [SUPPRESSED_LABEL, SUPPRESSED_LABEL]


def test_prefer_not_to_say_counts_as_a_group_for_suppression():
    small_prefer_not_to_say = suppress_small_groups({"White": 12, "Asian": 9, PREFER_NOT_TO_SAY: 3})
    assert small_prefer_not_to_say.suppressed == {
        "Asian": SuppressionReason.PROTECTS_SMALL,
        PREFER_NOT_TO_SAY: SuppressionReason.SMALL,
    }
    hidden_to_protect_another = suppress_small_groups({"White": 12, "Black": 2, PREFER_NOT_TO_SAY: 6})
    assert hidden_to_protect_another.suppressed[PREFER_NOT_TO_SAY] is SuppressionReason.PROTECTS_SMALL


def test_among_equally_small_groups_the_first_in_alphabetical_order_is_hidden_whatever_the_input_order():
    for answered in ({"White": 8, "Mixed": 8, "Black": 3}, {"Black": 3, "Mixed": 8, "White": 8}):
        suppression = suppress_small_groups(answered)
        assert suppression.suppressed == {
            "Black": SuppressionReason.SMALL,
            "Mixed": SuppressionReason.PROTECTS_SMALL,
        }
        assert suppression.shown == ("White",)


def test_a_group_nobody_answered_in_is_neither_shown_nor_hidden_and_protects_nobody():
    suppression = suppress_small_groups({"Nurse": 0, "Pharmacist": 8, "Technician": 6})
    assert suppression.empty == ("Nurse",)
    assert suppression.shown == ("Pharmacist", "Technician")
    assert suppression.suppressed == {}


def test_a_group_of_4_shows_no_figures_and_says_why_as_does_the_group_hidden_to_protect_it():
    rows = shares_by_group({"White": (10, 12), "Asian": (4, 4), "Black": (5, 6)})
    by_group = {row.group: row for row in rows}
    assert [row.group for row in rows] == ["White", "Asian", "Black"]
    assert by_group["White"].text == "83.3% (10 of 12)"
    assert by_group["Asian"].text == SUPPRESSED_LABEL == "not shown: fewer than 5 answers"
    assert by_group["Black"].text == PROTECTS_LABEL == "not shown: so a small group cannot be worked out"
    for hidden in ("Asian", "Black"):
        assert by_group[hidden].share is None
    assert by_group["Asian"].hidden is SuppressionReason.SMALL
    assert by_group["Black"].hidden is SuppressionReason.PROTECTS_SMALL


def test_all_respondents_of_a_survey_with_1_to_4_answers_show_no_figure():
    assert reported_share(1, 1).text == "not shown: fewer than 5 answers"
    assert reported_share(3, 4).hidden and reported_share(3, 4).answered is None
    assert reported_share(3, 4).percent is None and reported_share(3, 4).interval_text == ""
    assert reported_share(4, 5).text == "80% (4 of 5)"
    assert reported_share(0, 0).text == "no answers"
    change = share_change(reported_share(1, 3), reported_share(4, 5))
    assert change.points is None
    assert change.text == "no change can be shown: fewer than 5 answers in the earlier survey"


def test_moves_of_1_to_4_people_are_not_shown():
    assert paired_movement([(1, 2), (2, 2)]).text == "not shown: fewer than 5 answered both"
    assert paired_movement([(1, 2)] * 5).text.startswith("5 moved up")


def test_pooling_adds_each_group_only_where_its_own_breakdown_shows_it():
    first = {"White": (4, 8), "Mixed": (3, 5), "Asian": (1, 1), "Black": (1, 1)}  # Mixed hidden to protect
    second = {"White": (5, 6), "Mixed": (0, 3), "Asian": (2, 6)}  # Mixed small; Asian hidden with it
    third = {"White": (1, 2), "Mixed": (1, 1)}  # fewer than 5 in all: hidden whole
    pooled, left_out = pool_publishable([first, second, third])
    assert pooled == {"White": (9, 14)}
    assert left_out == 5 + 1 + 1 + 3 + 6 + 3


group_names = st.sampled_from(["White", "Asian", "Black", "Mixed", "Other", PREFER_NOT_TO_SAY, "Nurse"])
breakdowns = st.dictionaries(group_names, st.integers(0, 40), max_size=7)


@given(breakdowns)
def test_every_group_is_either_shown_hidden_or_empty_and_a_shown_group_has_at_least_5_answers(answered):
    suppression = suppress_small_groups(answered)
    assert sorted([*suppression.shown, *suppression.suppressed, *suppression.empty]) == sorted(answered)
    assert all(answered[group] >= SMALL_NUMBER for group in suppression.shown)
    assert all(answered[group] == 0 for group in suppression.empty)
    assert all(group in suppression.suppressed for group, n in answered.items() if 0 < n < SMALL_NUMBER)


@given(breakdowns)
def test_a_hidden_group_can_never_be_worked_out_by_subtracting_the_shown_ones_from_the_total(answered):
    """The property behind the second suppression: never exactly one hidden group beside a shown one.

    A reader who knows the total and every shown group learns only the hidden groups' sum; with
    two or more hidden groups that sum does not give any one of them.
    """
    suppression = suppress_small_groups(answered)
    if suppression.suppressed and not suppression.whole:
        assert len(suppression.suppressed) >= 2
        assert sum(answered[group] for group in suppression.suppressed) >= SMALL_NUMBER
    if suppression.whole:
        assert 0 < sum(answered.values()) < SMALL_NUMBER and not suppression.shown


@given(breakdowns)
def test_no_more_is_hidden_than_the_rule_needs(answered):
    suppression = suppress_small_groups(answered)
    small = [group for group, n in answered.items() if 0 < n < SMALL_NUMBER]
    protecting = [
        group
        for group, reason in suppression.suppressed.items()
        if reason is SuppressionReason.PROTECTS_SMALL
    ]
    if not small or suppression.whole:
        assert protecting == []
    else:
        # Each group hidden to protect is no bigger than any group still shown, and without the
        # last one taken the hidden groups would have been too few or too small together.
        for group in protecting:
            assert all(answered[group] <= answered[shown] for shown in suppression.shown)
        if protecting:
            last = max(protecting, key=lambda group: (answered[group], group))
            before = [group for group in suppression.suppressed if group != last]
            assert len(before) < 2 or sum(answered[group] for group in before) < SMALL_NUMBER


@given(breakdowns, st.randoms())
def test_what_is_hidden_does_not_depend_on_the_order_of_the_groups(answered, random):
    shuffled_items = list(answered.items())
    random.shuffle(shuffled_items)
    original, shuffled = suppress_small_groups(answered), suppress_small_groups(dict(shuffled_items))
    assert set(original.shown) == set(shuffled.shown)
    assert dict(original.suppressed) == dict(shuffled.suppressed)


# The gap between groups -----------------------------------------------------------------------


def test_the_gap_is_the_best_groups_share_minus_the_worst_groups_with_newcombes_interval():
    gap = gap_between_groups({"White": (18, 20), "Asian": (5, 10), "Mixed": (9, 12)})
    assert (gap.best.group, gap.worst.group) == ("White", "Asian")
    assert gap.points == Decimal("40.0")
    assert gap.ci_low < gap.points < gap.ci_high
    assert gap.text == (
        f"gap of 40 points ({format_points_interval(gap.ci_low, gap.ci_high)}): "
        "White 90% (18 of 20), Asian 50% (5 of 10)"
    )


def test_the_gap_leaves_out_prefer_not_to_say_even_when_it_is_shown():
    gap = gap_between_groups({"White": (9, 10), "Asian": (5, 10), PREFER_NOT_TO_SAY: (8, 8)})
    assert (gap.best.group, gap.worst.group) == ("White", "Asian")
    assert gap.share_of(PREFER_NOT_TO_SAY).text == "100% (8 of 8)"


def test_the_gap_leaves_out_hidden_groups():
    # Black (0 of 4) would be the worst, but is small; Asian is hidden to protect it.
    gap = gap_between_groups({"White": (18, 20), "Asian": (5, 10), "Black": (0, 4), "Mixed": (9, 12)})
    assert (gap.best.group, gap.worst.group) == ("White", "Mixed")
    assert gap.points == Decimal("15.0")
    assert gap.share_of("Black") is None and gap.share_of("Asian") is None


def test_no_gap_can_be_shown_with_fewer_than_two_groups_to_compare():
    gap = gap_between_groups({"White": (18, 20), PREFER_NOT_TO_SAY: (6, 7), "Black": (1, 3)})
    assert gap.points is None and gap.best is None and gap.difference is None
    assert gap.text.startswith("no gap can be shown: fewer than two groups can be compared")
    assert "Prefer not to say" in gap.reason
    assert gap_between_groups({}).text.startswith("no gap can be shown")


def test_equal_shares_give_a_gap_of_0_between_two_different_groups():
    gap = gap_between_groups({"White": (8, 10), "Asian": (4, 5), "Mixed": (16, 20)})
    assert gap.points == Decimal("0.0")
    assert (gap.best.group, gap.worst.group) == ("Asian", "White")


@given(st.dictionaries(group_names, counts(max_answered=40), max_size=7))
def test_the_gap_compares_only_shown_named_groups_and_is_never_negative(groups):
    gap = gap_between_groups(groups)
    if gap.difference is None:
        return
    compared = [
        row
        for row in gap.groups
        if row.share is not None and row.share.answered and row.group != PREFER_NOT_TO_SAY
    ]
    assert gap.best in compared and gap.worst in compared and gap.best != gap.worst
    assert all(
        gap.worst.share.proportion <= row.share.proportion <= gap.best.share.proportion for row in compared
    )
    assert gap.points >= 0
    assert gap.ci_low <= gap.points <= gap.ci_high


# The change of the gap ------------------------------------------------------------------------


def gap(**groups: tuple[int, int]):
    return gap_between_groups(groups)


def test_a_gap_narrows_only_when_its_whole_interval_is_below_zero():
    change = gap_change(gap(White=(95, 100), Asian=(30, 100)), gap(White=(96, 100), Asian=(90, 100)))
    assert change.trend is GapTrend.NARROWING
    assert not change.best_got_worse
    # Hand-checked with Newcombe's closed-form Wilson limits and Zou & Donner's MOVER formulas.
    assert (change.points, change.ci_low, change.ci_high) == (
        Decimal("-59.0"),
        Decimal("-70.3"),
        Decimal("-45.2"),
    )
    assert change.text == minus(
        "Narrowing: the gap went from 65 to 6 points (change -59 points, 95% CI -70.3 to -45.2)"
    )


def test_a_narrowing_that_comes_from_the_best_group_getting_worse_is_flagged():
    change = gap_change(gap(White=(95, 100), Asian=(30, 100)), gap(White=(60, 100), Asian=(55, 100)))
    assert change.trend is GapTrend.NARROWING
    assert change.best_got_worse
    assert change.text.endswith("; narrowed because the best group got worse: White fell from 95% to 60%")


def test_a_small_dip_of_the_best_group_beside_the_worst_catching_up_is_not_why_the_gap_narrowed():
    # The gap closed by 61 points: the worst group rose 60, the best fell 1.
    change = gap_change(gap(White=(95, 100), Asian=(30, 100)), gap(White=(94, 100), Asian=(90, 100)))
    assert change.trend is GapTrend.NARROWING
    assert not change.best_got_worse
    assert "got worse" not in change.text


def test_the_flag_needs_the_best_groups_fall_to_be_at_least_half_the_narrowing():
    # The gap closed by 40 points (65 to 25): a fall of 20 is half of it, a fall of 19 is not.
    half = gap_change(gap(White=(95, 100), Asian=(30, 100)), gap(White=(75, 100), Asian=(50, 100)))
    less = gap_change(gap(White=(95, 100), Asian=(30, 100)), gap(White=(76, 100), Asian=(51, 100)))
    assert half.trend is GapTrend.NARROWING and less.trend is GapTrend.NARROWING
    assert half.best_got_worse
    assert not less.best_got_worse


def test_a_gap_widens_only_when_its_whole_interval_is_above_zero():
    change = gap_change(gap(White=(60, 100), Asian=(50, 100)), gap(White=(95, 100), Asian=(20, 100)))
    assert change.trend is GapTrend.WIDENING
    assert change.ci_low > 0
    assert change.text.startswith("Widening: the gap went from 10 to 75 points (change +65 points")


def test_a_gap_whose_change_could_be_chance_shows_no_clear_change():
    change = gap_change(gap(White=(8, 10), Asian=(5, 10)), gap(White=(9, 10), Asian=(5, 10)))
    assert change.trend is GapTrend.NO_CLEAR_CHANGE
    assert change.ci_low < 0 < change.ci_high
    assert change.text.startswith("No clear change: the gap went from 30 to 40 points (change +10 points")


def test_a_widening_is_never_flagged_as_the_best_getting_worse():
    change = gap_change(gap(White=(60, 100), Asian=(50, 100)), gap(White=(55, 100), Asian=(5, 100)))
    assert change.trend is GapTrend.WIDENING
    assert not change.best_got_worse


def test_no_flag_when_the_earlier_best_group_cannot_be_shown_in_the_later_survey():
    # In the later survey White is small, and Black is hidden with it.
    change = gap_change(
        gap(White=(95, 100), Asian=(30, 100), Mixed=(50, 100)),
        gap(White=(2, 3), Black=(40, 50), Asian=(60, 100), Mixed=(62, 100)),
    )
    assert change.later.share_of("White") is None
    assert change.trend is GapTrend.NARROWING
    assert not change.best_got_worse


def test_no_change_of_the_gap_can_be_shown_when_a_survey_has_no_gap():
    change = gap_change(gap(White=(9, 10), Asian=(2, 4)), gap(White=(9, 10), Asian=(5, 10)))
    assert change.trend is None and change.points is None
    assert change.text.startswith("no change of the gap can be shown: no gap in the earlier survey")


two_group_breakdowns = st.fixed_dictionaries(
    {"White": counts(max_answered=200, min_answered=5), "Asian": counts(max_answered=200, min_answered=5)}
)


@given(two_group_breakdowns, two_group_breakdowns)
def test_the_class_of_a_change_follows_its_interval_and_the_interval_holds_the_change(earlier, later):
    change = gap_change(gap_between_groups(earlier), gap_between_groups(later))
    raw = change.difference
    assert raw.low <= raw.estimate <= raw.high
    expected = (
        GapTrend.NARROWING if raw.high < 0 else GapTrend.WIDENING if raw.low > 0 else GapTrend.NO_CLEAR_CHANGE
    )
    assert change.trend is expected
    assert change.points == round_half_up(raw.estimate * 100)
    if change.best_got_worse:
        assert change.trend is GapTrend.NARROWING


# Run charts across cohorts --------------------------------------------------------------------


def cohorts(*values) -> list[tuple[str, float | None]]:
    return [(f"C{number}", value) for number, value in enumerate(values, start=1)]


def test_the_median_is_of_the_values_left_once_cohorts_without_answers_are_dropped():
    chart = run_chart(cohorts(80, None, 90, 70, 100))
    assert chart.median == 85
    assert [label for label, _ in chart.points] == ["C1", "C3", "C4", "C5"]


def test_six_cohorts_in_a_row_on_one_side_of_the_median_are_a_shift():
    chart = run_chart(cohorts(50, 52, 48, 51, 49, 50, 70, 72, 71, 73, 75, 74))
    assert chart.median == 61
    assert [signal.text for signal in chart.signals] == [
        "Shift: 6 cohorts in a row below the median, from C1 to C6",
        "Shift: 6 cohorts in a row above the median, from C7 to C12",
    ]
    assert chart.sentences == tuple(signal.text for signal in chart.signals)


def test_five_in_a_row_on_one_side_are_not_a_shift():
    chart = run_chart(cohorts(10, 11, 12, 13, 14, 30, 31, 32, 33, 34))
    assert not [signal for signal in chart.signals if signal.kind is SignalKind.SHIFT]


def test_a_cohort_on_the_median_neither_breaks_nor_counts_in_a_shift():
    chart = run_chart(cohorts(1, 2, 3, 1, 2, 3, 9, 9, 9, 5, 9, 9, 9))
    assert chart.median == 5
    above = [signal for signal in chart.signals if signal.direction == "above the median"]
    assert [(signal.length, signal.first, signal.last) for signal in above] == [(6, "C7", "C13")]


def test_a_cohort_on_the_other_side_breaks_a_shift():
    chart = run_chart(cohorts(9, 9, 9, 1, 9, 9, 9, 1, 1, 1, 1, 1))
    assert not [signal for signal in chart.signals if signal.direction == "above the median"]


def test_five_cohorts_in_a_row_each_higher_than_the_last_are_a_trend():
    chart = run_chart(cohorts(60, 62, 61, 63, 65, 66, 70, 64, 63, 62))
    assert chart.sentences == ("Trend: 5 cohorts in a row rising, from C3 to C7",)


def test_a_cohort_equal_to_the_one_before_neither_breaks_nor_counts_in_a_trend():
    chart = run_chart(cohorts(60, 61, 61, 62, 63, 64, 58, 57, 59, 56))
    assert [(signal.kind, signal.length, signal.first, signal.last) for signal in chart.signals] == [
        (SignalKind.TREND, 5, "C1", "C6")
    ]


def test_four_falling_are_not_a_trend():
    chart = run_chart(cohorts(70, 66, 64, 63, 65, 64, 66, 65, 67, 66))
    assert chart.signals == ()
    assert chart.sentences == ("No shift or trend: the cohorts vary about the median as chance would.",)


def test_too_few_cohorts_give_no_signals_however_they_look():
    chart = run_chart(cohorts(10, 20, 30, 40, 50, 60, 70, 80, None, 90))
    assert chart.too_few and chart.signals == ()
    assert chart.median == 50
    assert chart.sentences == ("Too few cohorts to look for shifts or trends (9 of the 10 needed).",)
    assert run_chart([]).median is None


def test_run_charts_take_the_rounded_percentages_of_the_shares():
    percents = [positive_share(positive, 20).percent for positive in (10, 11, 12, 13, 14, 15, 15, 14, 13, 12)]
    chart = run_chart(cohorts(*percents))
    assert chart.median == Decimal("65.0")
    assert chart.sentences[0] == "Trend: 6 cohorts in a row rising, from C1 to C6"


run_values = st.lists(st.integers(0, 6), min_size=10, max_size=30)


@given(run_values)
def test_every_signal_is_long_enough_and_read_backwards_a_rise_is_a_fall(values):
    chart = run_chart(cohorts(*values))
    for signal in chart.signals:
        assert signal.length >= (6 if signal.kind is SignalKind.SHIFT else 5)
    backwards = run_chart(cohorts(*reversed(values)))
    opposite = {"rising": "falling", "falling": "rising"}
    assert sorted(opposite.get(s.direction, s.direction) for s in chart.signals) == sorted(
        s.direction for s in backwards.signals
    )


@given(run_values)
def test_turning_the_values_upside_down_swaps_above_and_below(values):
    chart, upside_down = run_chart(cohorts(*values)), run_chart(cohorts(*(-value for value in values)))
    swap = {
        "above the median": "below the median",
        "below the median": "above the median",
        "rising": "falling",
        "falling": "rising",
    }
    assert [(swap[s.direction], s.length, s.first) for s in chart.signals] == [
        (s.direction, s.length, s.first) for s in upside_down.signals
    ]


# Gaps over time (QI projects) -----------------------------------------------------------------


def test_pooled_counts_add_each_groups_months_leaving_out_the_hidden_ones():
    from reports.statistics import pooled_counts

    months = [
        {"A": (10, 20), "B": (5, 10), "C": (1, 3)},  # C is small and B, the next smallest, protects it
        {"A": (10, 20), "B": (5, 10), "C": (4, 8)},
    ]
    assert pooled_counts(months) == {"A": (20, 40), "B": (5, 10), "C": (4, 8)}


def test_complement_counts_rank_the_lowest_share_first_with_the_same_gap():
    from reports.statistics import complement_counts

    counts = {"low": (10, 100), "high": (40, 100)}
    assert complement_counts(counts) == {"low": (90, 100), "high": (60, 100)}
    straight, flipped = gap_between_groups(counts), gap_between_groups(complement_counts(counts))
    assert flipped.best.group == "low" and (flipped.points, flipped.ci_low, flipped.ci_high) == (
        straight.points,
        straight.ci_low,
        straight.ci_high,
    )


def test_a_run_chart_of_months_says_months():
    chart = run_chart([(f"M{n}", value) for n, value in enumerate([1] * 6 + [9] * 6)], unit="months")
    assert chart.sentences[0] == "Shift: 6 months in a row below the median, from M0 to M5"
    assert run_chart([("M0", 1)], unit="months").sentences[0].startswith("Too few months")
