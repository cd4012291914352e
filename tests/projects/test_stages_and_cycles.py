"""Equity questions by stage (answered by teams, edited by leads); change ideas and PDSA cycles."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from projects.models import ChangeIdea, EquityQuestion, PDSACycle, StageAnswer
from tests.projects.factories import MeasureFactory, ProjectFactory, points

pytestmark = pytest.mark.django_db


def test_the_stages_and_their_questions_are_seeded_as_data():
    questions = EquityQuestion.objects.in_use()
    texts = set(questions.values_list("text", flat=True))
    assert {"Which groups does this problem affect most?", "Whose voice is missing from the team?"} <= texts
    assert "Could this change widen the gap?" in texts
    stages = list(questions.values_list("stage__name", flat=True).distinct().order_by("stage__order"))
    assert stages == [
        "Understanding the problem",
        "Theory of change and measures",
        "Testing changes",
        "Implementing",
        "Spreading and sustaining",
    ]


def test_the_team_answers_a_stages_questions_and_an_emptied_answer_goes(facilitator_client, cohort):
    project = ProjectFactory(cohort=cohort)
    url = reverse("projects:stage_answers", args=[project.pk, "understanding"])
    first, second, _ = EquityQuestion.objects.filter(stage__slug="understanding")
    response = facilitator_client.post(
        url, {f"q{first.pk}": "Quintile 1, and Black patients", f"q{second.pk}": ""}
    )
    assert response.url == project.get_absolute_url() + "#stage-understanding"
    assert list(StageAnswer.objects.values_list("question", "answer")) == [
        (first.pk, "Quintile 1, and Black patients")
    ]
    page = facilitator_client.get(project.get_absolute_url()).content.decode()
    assert "Quintile 1, and Black patients" in page and "Not answered yet" in page
    facilitator_client.post(url, {f"q{first.pk}": "  "})
    assert not StageAnswer.objects.exists()


def test_a_lead_edits_a_question_and_retires_another_keeping_its_answers(lead_client, cohort):
    question = EquityQuestion.objects.get(text="Whose voice is missing from the team?")
    StageAnswer.objects.create(project=ProjectFactory(cohort=cohort), question=question, answer="Carers")
    data = {"stage": question.stage_id, "text": question.text, "order": 3, "retired": "on"}
    lead_client.post(reverse("projects:question_edit", args=[question.pk]), data)
    question.refresh_from_db()
    assert question.retired and StageAnswer.objects.filter(question=question).exists()
    stage = question.stage_id
    new = {"stage": stage, "text": "Who was asked what matters to them?", "order": 4}
    assert lead_client.post(reverse("projects:question_create"), new).url == reverse("projects:question_list")
    assert EquityQuestion.objects.in_use().filter(text="Who was asked what matters to them?").exists()
    assert question not in EquityQuestion.objects.in_use()


def test_a_facilitator_cannot_edit_the_questions(facilitator_client):
    question = EquityQuestion.objects.first()
    data = {"stage": question.stage_id, "text": "Changed", "order": 1}
    assert (
        facilitator_client.post(reverse("projects:question_edit", args=[question.pk]), data).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.text != "Changed"


def test_a_change_idea_and_its_pdsa_cycles_are_recorded_and_marked_on_the_charts(facilitator_client, cohort):
    project = ProjectFactory(cohort=cohort)
    measure = MeasureFactory(project=project)
    points(measure, {n: {"1 (most deprived)": (20, 100), "5 (least deprived)": (50, 100)} for n in range(4)})
    response = facilitator_client.post(
        reverse("projects:change_idea_create", args=[project.pk]), {"title": "Text reminders in Urdu"}
    )
    idea = ChangeIdea.objects.get()
    assert response.url == reverse("projects:cycle_create", args=[project.pk, idea.pk])
    plan = {"started_on": "2026-02-10", "plan": "Uptake in quintile 1 rises by 5 points", "act": ""}
    facilitator_client.post(reverse("projects:cycle_create", args=[project.pk, idea.pk]), plan)
    cycle = PDSACycle.objects.get()
    done = plan | {
        "do": "Sent 300 texts",
        "study": "Rose 8 points in quintile 1, 1 in quintile 5",
        "act": "adopt",
    }
    facilitator_client.post(reverse("projects:cycle_edit", args=[project.pk, idea.pk, cycle.pk]), done)
    cycle.refresh_from_db()
    assert cycle.act == "adopt" and cycle.started_on == datetime.date(2026, 2, 10)
    page = facilitator_client.get(project.get_absolute_url()).content.decode()
    assert "Rose 8 points in quintile 1" in page and "Adopt" in page
    figure = json.loads(
        re.search(rf'<script id="gap-{measure.pk}" type="application/json">(.*?)</script>', page)[1]
    )
    assert figure["layout"]["annotations"][0]["text"].startswith("PDSA 1: Text reminders")
    assert {"type": "line", "x0": "2026-02-10"}.items() <= figure["layout"]["shapes"][-1].items()


def test_a_cycle_of_another_projects_idea_is_not_found(facilitator_client, cohort):
    mine, other = ProjectFactory(cohort=cohort), ProjectFactory(cohort=cohort)
    idea = ChangeIdea.objects.create(project=other, title="Not this project's")
    assert (
        facilitator_client.get(reverse("projects:cycle_create", args=[mine.pk, idea.pk])).status_code == 404
    )
