"""The cohort and programme reports' figures: counted in the database, printed by statistics.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment
from evaluations import characteristics as fixed_lists
from evaluations import services
from evaluations.models import Answer
from reports import statistics
from reports.cohort import CohortReport, cohort_report, commitment_summary
from reports.programme import programme_report
from reports.results import group_label
from tests.commitments.factories import CommitmentFactory
from tests.evaluations.factories import respond, respond_many
from tests.factories import CohortFactory, SessionFactory
from workshops.models import Cohort, Participant, Workshop

pytestmark = pytest.mark.django_db
BLMK = "blmk-medicines-optimisation-2022"


def blmk_report(**kwargs) -> CohortReport:
    return cohort_report(Cohort.objects.get(slug=BLMK), **kwargs)


# The published figures ------------------------------------------------------------------------


def test_the_demos_blmk_report_reproduces_the_published_figures(programme_demo):
    report = blmk_report()
    part_1, after = report.surveys[1], report.surveys[2]
    assert [part_1.item(code).share.text for code in ("aim-1", "aim-2", "aim-3")] == [
        "100% (15 of 15)",
        "100% (15 of 15)",
        "86.7% (13 of 15)",
    ]
    assert after.item("aim-3").share.text == "94.1% (16 of 17)"
    assert after.item("recommend").share.text == "94.7% (18 of 19)"
    assert (after.item("recommend").share.ci_low, after.item("recommend").share.ci_high) == (
        Decimal("75.4"),
        Decimal("99.1"),
    )


def test_headlines_are_sentences_built_from_the_report_labels(programme_demo):
    after = blmk_report().surveys[2]
    assert "94.7% would recommend (18 of 19)" in after.headlines
    assert "94.1% gained an understanding of how to apply QI to tackle inequity (16 of 17)" in after.headlines
    assert "Overall rating: 4.6 out of 5 on average (19 answered)" in after.headlines


def test_after_part_1_to_after_gives_the_published_change_with_its_newcombe_interval(programme_demo):
    row = next(
        row
        for row in blmk_report().comparisons
        if row.earlier == "After part 1" and row.later == "After the workshop" and "apply QI" in row.label
    )
    assert row.change.text == "+7.5 points (95% CI −15.7 to +32.5)"
    assert row.movement.pairs == row.movement.up + row.movement.stayed + row.movement.down > 0


# Counting --------------------------------------------------------------------------------------


def test_a_blank_is_not_an_answer_but_neither_agree_nor_disagree_is(cohort, after):
    respond(after, {"aim-1": 5, "aim-2": 3})
    respond(after, {"aim-1": 3, "aim-2": None})
    respond(after, {"aim-1": 4})
    respond(after, {"aim-1": 2})
    respond(after, {"aim-1": 5})
    result = cohort_report(cohort).surveys[0]
    assert result.item("aim-1").share.text == "60% (3 of 5)"
    # one answer is an answer, but fewer than 5 are not shown (docs/adr/0029)
    assert result.item("aim-2").share.text == "not shown: fewer than 5 answers"
    assert result.item("aim-3").share.text == "no answers"
    assert result.item("aim-3").headline == ""


def test_yes_no_and_ratings_count_their_own_positive_answers(cohort, after):
    respond(after, {"recommend": 1, "overall": 5})
    respond(after, {"recommend": 0, "overall": 4})
    respond(after, {"recommend": 1, "overall": 3})
    respond(after, {"recommend": 1, "overall": 5})
    respond(after, {"recommend": 1, "overall": 4})
    result = cohort_report(cohort).surveys[0]
    assert result.item("recommend").share.text == "80% (4 of 5)"
    overall = result.item("overall")
    assert overall.share.text == "80% (4 of 5)"
    assert overall.ratings.mean == Decimal("4.2")
    assert [level.count for level in overall.distribution] == [0, 0, 1, 2, 2]
    assert overall.headline == "Overall rating: 4.2 out of 5 on average (5 answered)"


def test_a_survey_with_1_to_4_answers_shows_no_share_mean_or_distribution(cohort, after):
    respond(after, {"recommend": 1, "overall": 5})
    result = cohort_report(cohort).surveys[0]
    for code in ("recommend", "overall"):
        item = result.item(code)
        assert item.hidden and item.share.text == "not shown: fewer than 5 answers"
        assert item.headline == "" and item.ratings is None and item.counts == {}
    assert "overall" not in [item.code for _, item in cohort_report(cohort).rating_rows]


def test_people_who_answered_both_surveys_are_counted_by_how_their_answer_moved(cohort, before, after):
    moved = [(2, 4), (3, 3), (4, 2), (1, 5), (3, 4)]
    for earlier, later in moved:
        person = Participant.objects.create(cohort=cohort)
        respond(before, {"aim-1": earlier}, participant=person)
        respond(after, {"aim-1": later}, participant=person)
    respond(after, {"aim-1": 5})  # imported on paper: no phone to pair
    (row,) = [
        row for row in cohort_report(cohort).comparisons if row.label.startswith("Understand what ineq")
    ]
    assert (row.movement.up, row.movement.stayed, row.movement.down) == (3, 1, 1)
    assert row.movement.text == "3 moved up, 1 stayed, 1 moved down (5 answered both)"
    assert row.change.earlier.text == "20% (1 of 5)"
    assert row.change.later.text == "66.7% (4 of 6)"


def test_a_question_asked_once_has_no_before_and_after(cohort, after):
    respond(after, {"recommend": 1, "aim-1": 4})
    assert cohort_report(cohort).comparisons == ()


def test_comments_hidden_by_a_facilitator_are_left_out_and_counted(cohort, after, facilitator):
    respond(after, {"comments": "Brilliant, thank you."})
    named = respond(after, {"comments": "Dr Smith on ward 4 was rude to me."})
    services.comment_hide(answer=named.answers.get(), user=facilitator)
    report = cohort_report(cohort)
    assert [comment.text for comment in report.comments] == ["Brilliant, thank you."]
    assert report.hidden_comments == 1
    assert report.surveys[0].item("comments").comments == 1


def test_the_commitments_summary_counts_by_kind_and_status_with_the_overdue(cohort, frozen_now):
    today = datetime.date(2026, 11, 25)
    CommitmentFactory(
        cohort=cohort, kind="action", status="done", due_date=today - datetime.timedelta(days=9)
    )
    CommitmentFactory(
        cohort=cohort, kind="action", status="committed", due_date=today - datetime.timedelta(days=1)
    )
    CommitmentFactory(cohort=cohort, kind="project_idea", status="in_progress", due_date=today)
    summary = commitment_summary(cohort, today)
    assert summary.statuses == tuple(Commitment.Status.labels)
    action, idea, total = summary.rows
    assert (action.counts, action.total, action.overdue) == ((1, 0, 1, 0), 2, 1)
    assert (idea.counts, idea.total, idea.overdue) == ((0, 1, 0, 0), 1, 0)
    assert (total.label, total.total, total.overdue) == ("All", 3, 1)


# The equity view -------------------------------------------------------------------------------


def test_prefer_not_to_say_becomes_the_group_that_is_never_compared():
    role = fixed_lists.get("role")
    assert group_label(role, "prefer-not-to-say") == statistics.PREFER_NOT_TO_SAY
    assert group_label(role, "pharmacy-technician") == "Pharmacy technician"


def test_the_equity_view_breaks_each_survey_down_by_the_chosen_characteristic(cohort, before, after):
    respond_many(before, 5, {"aim-1": 2}, about={"role": "pharmacy-technician", "age_band": "25-34"})
    respond_many(before, 6, {"aim-1": 4}, about={"role": "pharmacist", "age_band": "25-34"})
    respond_many(after, 5, {"aim-1": 4}, about={"role": "pharmacy-technician"})
    respond_many(after, 6, {"aim-1": 5}, about={"role": "pharmacist"})
    respond_many(after, 6, {"aim-1": 5}, about={"role": "prefer-not-to-say"})
    report = cohort_report(cohort)
    assert [c.slug for c in report.equity.available] == ["role", "age_band"]
    assert report.equity.characteristic.slug == "role"
    (aim_1,) = [item for item in report.equity.items if item.code == "aim-1"]
    assert [column.title for column in aim_1.columns] == ["Before the workshop", "After the workshop"]
    assert [(row.group, [cell.text for cell in row.cells]) for row in aim_1.rows] == [
        ("Pharmacist", ["100% (6 of 6)", "100% (6 of 6)"]),
        ("Pharmacy technician", ["0% (0 of 5)", "100% (5 of 5)"]),
        ("Prefer not to say", ["no answers", "100% (6 of 6)"]),
    ]
    assert aim_1.columns[0].gap.points == Decimal("100.0")
    assert aim_1.steps[0].change.trend == statistics.GapTrend.NARROWING
    by_age = report.equity_for("age_band")
    assert by_age.characteristic.slug == "age_band"
    assert [column.title for column in by_age.items[0].columns] == ["Before the workshop"]


def test_an_unknown_characteristic_falls_back_to_the_first_one_people_answered(cohort, after):
    respond_many(after, 5, {"aim-1": 4}, about={"disability": "no"})
    assert cohort_report(cohort, characteristic="shoe-size").equity.characteristic.slug == "disability"


def test_without_about_you_answers_there_is_nothing_to_break_down(cohort, after):
    respond(after, {"aim-1": 4})
    equity = cohort_report(cohort).equity
    assert equity.characteristic is None
    assert equity.items == ()


# Queries ---------------------------------------------------------------------------------------


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_the_cohort_report_costs_the_same_eight_queries_for_few_answers_or_many(cohort, before, after):
    def build():
        report = cohort_report(cohort)
        return report.equity_for("ethnic_group")

    for size in (2, 40):
        people = [Participant.objects.create(cohort=cohort) for _ in range(size)]
        for n, person in enumerate(people):
            about = {"role": "pharmacist" if n % 3 else "pharmacy-technician", "ethnic_group": "white"}
            respond(before, {"aim-1": 2 + n % 3, "aim-3": 3}, about=about, participant=person)
            respond(after, {"aim-1": 4, "recommend": 1, "overall": 5, "comments": "Good"}, participant=person)
        assert _queries(build) == 8  # seven, and one for its QI projects' tally


def test_the_programme_report_costs_the_same_nine_queries_for_few_cohorts_or_many(lead):
    workshop = Workshop.objects.get()
    for size in (2, 12):
        for n in range(size):
            cohort = CohortFactory(workshop=workshop)
            SessionFactory(
                cohort=cohort, part=1, date=datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * n)
            )
            survey = services.survey_add(cohort=cohort, phase="after")
            respond_many(survey, 3, {"aim-3": 4, "recommend": 1}, about={"role": "pharmacist"})
        cohorts = Cohort.objects.for_user(lead)
        # Seven for the results, equity view and projects; two for people trained (parts, attendances).
        assert _queries(lambda cohorts=cohorts: programme_report(workshop, cohorts)) == 9


# The programme ---------------------------------------------------------------------------------


def test_the_programme_lists_every_cohort_oldest_first_with_its_headline_results(programme_demo, lead):
    report = programme_report(Workshop.objects.get(), Cohort.objects.for_user(lead))
    assert [item.code for item in report.items] == [
        "aim-1",
        "aim-2",
        "aim-3",
        "recommend",
        "overall",
        "useful",
    ]
    assert report.rows[0].cohort.slug == BLMK
    assert report.rows[0].respondents == 19
    recommend = report.items.index(next(item for item in report.items if item.code == "recommend"))
    assert report.rows[0].shares[recommend].text == "94.7% (18 of 19)"
    dates = [row.cohort.first_date for row in report.rows]
    assert dates == sorted(dates)
    assert len(report.rows) >= 12


def test_the_run_charts_apply_the_rules_to_the_demo_and_find_its_shift(programme_demo, lead):
    report = programme_report(Workshop.objects.get(), Cohort.objects.for_user(lead))
    charts = {result.item.code: result.chart for result in report.run_charts}
    assert all(not chart.too_few for chart in charts.values())
    assert len(charts["aim-3"].points) >= statistics.MIN_RUN_CHART_POINTS
    (shift,) = charts["aim-3"].signals
    assert shift.kind == statistics.SignalKind.SHIFT
    assert shift.text.startswith(
        "Shift: 6 cohorts in a row below the median, from Luton GP Practice Pharmacists"
    )


def test_the_pooled_equity_view_adds_up_each_group_where_its_own_cohort_shows_it(programme_demo, lead):
    report = programme_report(Workshop.objects.get(), Cohort.objects.for_user(lead), characteristic="role")
    aim_1 = next(item for item in report.equity.items if item.code == "aim-1")
    assert [column.title for column in aim_1.columns] == ["Before the workshop", "After the workshop"]
    pharmacists = next(row for row in aim_1.rows if row.group == "Pharmacist")
    shown_in_own_reports = 0
    for row in report.rows:
        for item in cohort_report(row.cohort, characteristic="role").equity.items:
            after = [n for n, column in enumerate(item.columns) if column.title == "After the workshop"]
            for group in item.rows if item.code == "aim-1" and after else ():
                cell = group.cells[after[0]]
                if group.group == "Pharmacist" and cell.share is not None:
                    shown_in_own_reports += cell.share.answered
    assert pharmacists.cells[1].share.answered == shown_in_own_reports > 30
    every = Answer.objects.filter(
        item__survey__cohort__in=Cohort.objects.for_user(lead),
        item__survey__phase="after",
        item__code="aim-1",
        response__about_you__characteristic="role",
    ).count()
    assert (
        aim_1.left_out[1]
        == every
        - sum(cell.share.answered for row in aim_1.rows for cell in row.cells[1:] if cell.share is not None)
        > 0
    ), "answers of groups too small in their own cohort are left out, and counted"
    assert "Pharmacy technician" in [row.group for row in aim_1.rows]


def test_a_question_a_facilitator_changed_to_another_kind_is_left_out_of_the_pooled_figures(
    cohort, after, lead
):
    after.items.filter(code="recommend").update(kind="rating")
    respond_many(after, 6, {"recommend": 1}, about={"role": "pharmacist"})
    report = programme_report(cohort.workshop, Cohort.objects.for_user(lead))
    recommend = [item.code for item in report.items].index("recommend")
    assert report.rows[0].shares[recommend].text == "no answers"
