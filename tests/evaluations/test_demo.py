"""The demo's surveys reproduce the first cohort's published figures exactly."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from evaluations.models import AboutYouAnswer, Answer, Response, Survey
from workshops.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, frozen_now):
    settings.DEBUG = True
    call_command("load_demo")


def agreed(phase: str, code: str) -> tuple[int, int]:
    """(agree or strongly agree, answered) for an item of the BLMK cohort's survey."""
    answers = Answer.objects.filter(
        item__survey__cohort__slug="blmk-medicines-optimisation-2022",
        item__survey__phase=phase,
        item__code=code,
    )
    return answers.filter(number__gte=4).count(), answers.count()


def test_after_part_1_is_15_of_15_15_of_15_and_13_of_15(demo):
    assert [agreed("after-part-1", code) for code in ("aim-1", "aim-2", "aim-3")] == [
        (15, 15),
        (15, 15),
        (13, 15),
    ]


def test_after_the_workshop_16_of_17_gained_the_understanding_and_18_of_19_would_recommend(demo):
    assert agreed("after", "aim-3") == (16, 17)
    recommend = Answer.objects.filter(
        item__survey__phase="after",
        item__code="recommend",
        item__survey__cohort__slug="blmk-medicines-optimisation-2022",
    )
    assert (recommend.filter(number=1).count(), recommend.count()) == (18, 19)


def test_before_the_workshop_agreement_is_lower(demo):
    for code in ("aim-1", "aim-2", "aim-3"):
        before, answered = agreed("before", code)
        assert before / answered < 0.5


def test_the_blmk_surveys_are_closed_with_ratings_and_a_handful_of_comments(demo):
    surveys = Survey.objects.filter(cohort__slug="blmk-medicines-optimisation-2022")
    assert [(s.phase, s.state()) for s in surveys] == [
        ("before", "closed"),
        ("after-part-1", "closed"),
        ("after", "closed"),
    ]
    after = surveys.get(phase="after")
    comments = Answer.objects.filter(item__survey=after, item__code="comments")
    assert 5 <= comments.count() <= 8
    assert comments.filter(text__contains="Amazing achievement to cover so much").exists()
    assert Answer.objects.filter(item__survey=after, item__code="overall").count() == 19
    assert Answer.objects.filter(item__survey=after, item__code="useful").count() == 18


def test_some_respondents_are_paired_across_surveys(demo):
    paired = (
        Participant.objects.filter(cohort__slug="blmk-medicines-optimisation-2022")
        .annotate(surveys=Count("responses"))
        .filter(surveys=3)
    )
    assert paired.count() >= 10


def test_about_you_answers_come_only_where_the_survey_asks(demo):
    asked = AboutYouAnswer.objects.values_list("response__survey__phase", flat=True).distinct()
    assert set(asked) == {"before", "after"}
    assert Response.objects.filter(
        survey__phase="after", about_you__isnull=True
    ).exists()  # some did not tick


def test_the_running_cohorts_before_survey_is_open_for_the_participant_path(demo, client):
    landing = client.get("/j/NEW7QC/").content.decode()
    assert "Evaluation: Before the workshop" in landing
    survey = Survey.objects.get(cohort__join_code="NEW7QC", phase="before")
    assert client.get(survey.get_participant_url()).status_code == 200
    assert not survey.responses.exists()
