"""The demo's programme: later cohorts with plausible, repeatable results to report on."""

import datetime

import pytest
import time_machine

from commitments.models import Commitment
from evaluations import demo_programme
from evaluations.models import AboutYouAnswer, Answer, Response, Survey
from workshops.demo import PROGRAMME
from workshops.models import Cohort, Participant

pytestmark = pytest.mark.django_db


def test_about_ten_later_cohorts_run_from_2023_about_one_a_quarter(programme_demo):
    later = Cohort.objects.filter(slug__in=[slug for slug, *_ in PROGRAMME]).with_first_date()
    dates = sorted(cohort.first_date for cohort in later)
    assert 10 <= len(dates) <= 14
    assert dates[0].year == 2023 and dates[-1] <= datetime.date(2026, 11, 25)
    assert all((b - a).days < 200 for a, b in zip(dates, dates[1:], strict=False))
    assert all(cohort.surveys.count() == 3 for cohort in later)
    assert all(survey.state() == "closed" for cohort in later for survey in cohort.surveys.all())


def test_a_share_of_respondents_tell_us_about_themselves(programme_demo):
    asked = Response.objects.filter(survey__cohort__slug__in=demo_programme.RESULTS, survey__phase="after")
    told = asked.filter(about_you__characteristic="role").count()
    assert 0.6 < told / asked.count() < 0.9


def test_every_respondent_of_a_later_cohort_answered_from_a_phone_so_before_and_after_pair(programme_demo):
    responses = Response.objects.filter(survey__cohort__slug__in=demo_programme.RESULTS)
    assert not responses.filter(participant=None).exists()


def test_the_comment_that_names_a_colleague_is_hidden_from_the_report(programme_demo):
    slug, text = demo_programme.NAMING_COMMENT
    comment = Answer.objects.get(text=text)
    assert comment.item.survey.cohort.slug == slug
    assert comment.is_hidden_from_report
    assert comment.hidden_from_report_by.username == "facilitator"


def test_the_later_cohorts_have_commitments_at_every_stage_of_follow_up(programme_demo):
    later = Commitment.objects.filter(cohort__slug__in=demo_programme.RESULTS)
    assert later.count() >= 40
    assert set(later.values_list("status", flat=True)) == set(Commitment.Status.values)
    assert set(later.values_list("kind", flat=True)) == set(Commitment.Kind.values)


def _loaded_results() -> list[tuple]:
    """Every answer and "about you" answer of the programme's cohorts, with when it was given."""
    programme = demo_programme.RESULTS
    answers = Answer.objects.filter(item__survey__cohort__slug__in=programme).values_list(
        "item__survey__cohort__slug", "item__code", "number", "text", "response__created_at"
    )
    about = AboutYouAnswer.objects.filter(response__survey__cohort__slug__in=programme).values_list(
        "response__survey__cohort__slug", "characteristic", "value", "response__created_at"
    )
    return sorted(answers) + sorted(about)


def test_the_demo_programme_comes_out_the_same_on_any_day_and_every_time(programme_demo):
    first = _loaded_results()
    Response.objects.filter(survey__cohort__slug__in=demo_programme.RESULTS).delete()
    Survey.objects.filter(cohort__slug__in=demo_programme.RESULTS).delete()
    Participant.objects.filter(cohort__slug__in=demo_programme.RESULTS, commitments__isnull=True).delete()
    with time_machine.travel(datetime.datetime(2031, 5, 17, 15, 30, tzinfo=datetime.UTC), tick=False):
        demo_programme.load()
    assert first and _loaded_results() == first


def test_about_you_values_are_options_of_their_characteristic(programme_demo):
    for answer in AboutYouAnswer.objects.filter(response__survey__cohort__slug__in=demo_programme.RESULTS)[
        :200
    ]:
        answer.full_clean(exclude=["response"])
