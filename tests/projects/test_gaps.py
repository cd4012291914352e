"""A measure's gap by month and its change, with plain numbers (projects/gaps.py on reports.statistics)."""

import datetime
from decimal import Decimal

from projects.gaps import Row, measure_figures
from reports.statistics import SUPPRESSED_LABEL

BEST, WORST = "5 (least deprived)", "1 (most deprived)"
GROUPS = (WORST, "2", "3", "4", BEST)
JAN, FEB, MAR, APR = (datetime.date(2027, n, 1) for n in (1, 2, 3, 4))


def rows(period, **counts):
    names = {"best": BEST, "worst": WORST}
    return [Row(period, names[key], num, den) for key, (num, den) in counts.items()]


def figures(data, baseline=(JAN, JAN), **options):
    return measure_figures(data, kind="proportion", groups=GROUPS, baseline=baseline, **options)


def test_a_thirty_point_gap_closing_to_five_is_narrowing_by_25_points_with_the_mover_interval():
    result = figures(rows(JAN, best=(50, 100), worst=(20, 100)) + rows(FEB, best=(60, 100), worst=(55, 100)))
    assert result.trend == "narrowing"
    assert (result.change.points, result.change.ci_low, result.change.ci_high) == (
        Decimal("-25.0"),
        Decimal("-42.9"),
        Decimal("-6.3"),
    )
    assert [row.gap_points for row in result.months] == [Decimal("30.0"), Decimal("5.0")]
    assert not result.best_got_worse
    assert "went from 30 points (baseline, Jan 2027) to 5 points (Feb 2027)" in result.change_text
    assert "change of −25 points (95% CI −42.9 to −6.3)" in result.change_text


def test_five_of_ten_against_two_of_ten_becoming_six_against_five_is_no_clear_change():
    result = figures(rows(JAN, best=(5, 10), worst=(2, 10)) + rows(FEB, best=(6, 10), worst=(5, 10)))
    assert result.trend == "no clear change"
    assert result.change.points == Decimal("-20.0")


def test_a_gap_that_closed_because_the_best_group_fell_is_flagged():
    result = figures(rows(JAN, best=(80, 100), worst=(20, 100)) + rows(FEB, best=(25, 100), worst=(20, 100)))
    assert result.trend == "narrowing" and result.best_got_worse
    assert "because the best group got worse" in result.change_text


def test_improvement_for_everyone_can_widen_the_gap():
    result = figures(
        rows(JAN, best=(300, 1000), worst=(280, 1000)) + rows(FEB, best=(700, 1000), worst=(400, 1000))
    )
    assert result.trend == "widening"


def test_the_baseline_pools_its_months_and_the_latest_month_is_compared_with_it():
    data = (
        rows(JAN, best=(50, 100), worst=(20, 100))
        + rows(FEB, best=(50, 100), worst=(20, 100))
        + rows(MAR, best=(55, 100), worst=(50, 100))
        + rows(APR, best=(60, 100), worst=(55, 100))
    )
    result = figures(data, baseline=(JAN, FEB))
    assert result.baseline == (JAN, FEB) and result.latest == APR
    assert result.change.earlier.best.share.text == "50% (100 of 200)"
    assert result.change.later.worst.share.text == "55% (55 of 100)"


def test_without_a_baseline_set_the_first_three_months_are_the_baseline():
    data = [row for period in (JAN, FEB, MAR, APR) for row in rows(period, best=(50, 100), worst=(20, 100))]
    result = figures(data, baseline=(None, None))
    assert result.baseline == (JAN, MAR) and result.latest == APR and result.trend == "no clear change"


def test_no_change_is_shown_before_there_is_a_month_after_the_baseline():
    result = figures(rows(JAN, best=(50, 100), worst=(20, 100)))
    assert result.trend == "" and result.change is None
    assert "needs a baseline and at least one month of data after it" in result.change_text


def test_a_group_month_under_five_is_not_shown_nor_used_and_one_more_is_hidden_to_protect_it():
    data = [
        Row(JAN, WORST, 1, 4),
        Row(JAN, "2", 10, 20),
        Row(JAN, "3", 30, 40),
        Row(JAN, BEST, 45, 50),
    ]
    result = figures(data)
    cells = {cell.group: cell for cell in result.months[0].cells}
    assert cells[WORST].text == SUPPRESSED_LABEL and cells[WORST].value is None
    assert cells["2"].text == SUPPRESSED_LABEL  # the next smallest, so the first cannot be worked out
    assert cells["4"].text == ""  # no data at all
    assert result.months[0].worst == "3" and result.months[0].best == BEST
    assert result.any_hidden


def test_when_lower_is_better_the_best_group_is_the_lowest():
    data = rows(JAN, best=(10, 100), worst=(40, 100)) + rows(FEB, best=(10, 100), worst=(12, 100))
    result = figures(data, higher_is_better=False)
    assert result.months[0].best == BEST and result.months[0].worst == WORST
    assert result.months[0].gap_points == Decimal("30.0")
    assert result.trend == "narrowing"
    # The best (lowest) group rising from 10% to 35% is the best group getting worse.
    worse = rows(JAN, best=(10, 100), worst=(40, 100)) + rows(FEB, best=(35, 100), worst=(40, 100))
    result = figures(worse, higher_is_better=False)
    assert result.trend == "narrowing" and result.best_got_worse


def test_a_count_has_a_gap_without_an_interval_and_no_class():
    data = [Row(JAN, BEST, 12, 50), Row(JAN, WORST, 4, 50)]
    result = measure_figures(data, kind="count", groups=GROUPS)
    assert result.months[0].gap_points == Decimal("8.0") and result.months[0].gap_text == "8"
    assert result.trend == "" and "not classed" in result.change_text


def test_each_group_has_a_run_chart_over_months_with_shifts_in_months():
    data = [Row(datetime.date(2026, n, 1), BEST, v, 100) for n, v in enumerate([10] * 6 + [50] * 6, start=1)]
    result = figures(data, baseline=(None, None))
    chart = result.charts[BEST]
    assert chart.sentences[0].startswith("Shift: 6 months in a row below the median")
    assert result.charts[WORST].sentences == (
        "Too few months to look for shifts or trends (0 of the 10 needed).",
    )
