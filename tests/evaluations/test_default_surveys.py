"""A new cohort gets a copy of the workshop's default surveys; a missing one can be added later."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Item, Survey, SurveyTemplate
from tests.factories import CohortFactory, SessionFactory
from tests.workshops.test_cohort_form import CREATE, cohort_post
from tests.workshops.test_forms import session
from workshops.models import Cohort

pytestmark = pytest.mark.django_db

AIM_TEXTS = [
    "I understand what inequality and equity are, and how they apply to my work",
    "I understand what QI is, and the tools and techniques useful for tackling inequity",
]


def test_the_workshop_has_default_surveys_before_after_each_part_and_after():
    templates = SurveyTemplate.objects.filter(workshop__slug="using-qi-to-tackle-inequity")
    codes = {t.phase: [i.code for i in t.items.all()] for t in templates}
    assert codes == {
        "before": ["aim-1", "aim-2", "aim-3"],
        "after-part": ["aim-1", "aim-2", "aim-3"],
        "after": ["aim-1", "aim-2", "aim-3", "recommend", "overall", "useful", "comments"],
    }


def test_creating_a_two_part_cohort_copies_before_after_part_1_and_after(facilitator_client):
    facilitator_client.post(CREATE, cohort_post(session(1, date="2027-01-12"), session(2, date="2027-01-26")))
    cohort = Cohort.objects.get(name="Bedford Hospital pharmacy")
    surveys = list(cohort.surveys.all())
    assert [(s.phase, s.title, s.state()) for s in surveys] == [
        ("before", "Before the workshop", "draft"),
        ("after-part-1", "After part 1", "draft"),
        ("after", "After the workshop", "draft"),
    ]
    before, after_part_1, after = surveys
    assert [i.text for i in before.items.all()][:2] == AIM_TEXTS
    assert [(i.code, i.kind, i.required) for i in after_part_1.items.all()] == [
        ("aim-1", "agreement", False),
        ("aim-2", "agreement", False),
        ("aim-3", "agreement", False),
    ]
    assert (
        after_part_1.items.get(code="aim-3").report_label == "understand how to apply QI to tackle inequity"
    )


def test_the_after_survey_asks_whether_they_gained_the_understanding_and_the_rest(survey):
    items = {i.code: i for i in survey.items.all()}
    assert (
        items["aim-3"].text
        == "I have gained an understanding of how to apply QI to tackle inequity in my work"
    )
    assert items["aim-3"].report_label == "gained an understanding of how to apply QI to tackle inequity"
    assert (items["recommend"].kind, items["recommend"].report_label) == (Item.Kind.YES_NO, "would recommend")
    assert items["recommend"].text == "I would recommend this training to a colleague"
    assert (items["overall"].kind, items["overall"].low_label, items["overall"].high_label) == (
        Item.Kind.RATING,
        "poor",
        "great",
    )
    assert (items["useful"].low_label, items["useful"].high_label) == ("not useful at all", "very useful")
    assert (items["comments"].kind, items["comments"].text) == (Item.Kind.FREE_TEXT, "What did you think?")


def test_a_three_part_cohort_gets_a_survey_after_each_of_the_first_two_parts():
    cohort = CohortFactory()
    for part in (1, 2, 3):
        SessionFactory(cohort=cohort, part=part)
    services.surveys_create_for_cohort(cohort=cohort)
    assert [s.phase for s in cohort.surveys.all()] == ["before", "after-part-1", "after-part-2", "after"]


def test_a_copy_does_not_change_when_the_template_does(survey):
    template_item = SurveyTemplate.objects.get(phase="after").items.get(code="aim-1")
    template_item.text = "Something else"
    template_item.save()
    assert survey.items.get(code="aim-1").text == AIM_TEXTS[0]


def test_a_workshop_without_defaults_gives_its_cohorts_no_surveys():
    from tests.factories import WorkshopFactory

    cohort = CohortFactory(workshop=WorkshopFactory(slug="another-course", title="Another course"))
    SessionFactory(cohort=cohort, part=1)
    assert services.surveys_create_for_cohort(cohort=cohort) == []


def test_a_facilitator_adds_the_survey_a_new_part_calls_for(facilitator_client, cohort):
    services.surveys_create_for_cohort(cohort=cohort)  # two parts: before, after-part-1, after
    SessionFactory(cohort=cohort, part=3)
    page = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert "After part 2" in page and "Add survey" in page

    response = facilitator_client.post(
        reverse("evaluations:survey_add", args=[cohort.slug]), {"phase": "after-part-2"}
    )
    added = cohort.surveys.get(phase="after-part-2")
    assert response.url == added.get_absolute_url()
    assert [i.code for i in added.items.all()] == ["aim-1", "aim-2", "aim-3"]
    assert "Add survey" not in facilitator_client.get(cohort.get_absolute_url()).content.decode()


def test_a_survey_the_cohort_already_has_cannot_be_added_twice(facilitator_client, cohort):
    services.surveys_create_for_cohort(cohort=cohort)
    response = facilitator_client.post(
        reverse("evaluations:survey_add", args=[cohort.slug]), {"phase": "before"}, follow=True
    )
    assert "cannot be added" in response.content.decode()
    assert Survey.objects.filter(cohort=cohort, phase="before").count() == 1


def test_adding_a_survey_is_for_the_cohorts_facilitators_only(client, lead, other_facilitator, cohort):
    url = reverse("evaluations:survey_add", args=[cohort.slug])
    assert client.post(url, {"phase": "before"}).url.startswith(reverse("login"))
    client.force_login(lead)
    assert client.post(url, {"phase": "before"}).status_code == 403
    client.force_login(other_facilitator)
    assert client.post(url, {"phase": "before"}).status_code == 404
    assert not cohort.surveys.exists()
