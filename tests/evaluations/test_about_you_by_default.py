"""A new cohort's before and after surveys ask "About you" without anyone looking for it, and say so."""

import re

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.characteristics import STANDARD
from evaluations.models import SurveyTemplate
from tests.evaluations.factories import respond
from tests.workshops.test_cohort_form import CREATE, cohort_post
from tests.workshops.test_forms import session
from workshops.models import Cohort

pytestmark = pytest.mark.django_db


def about_you_url(cohort):
    return reverse("evaluations:cohort_about_you", args=[cohort.slug])


def test_the_workshops_before_and_after_defaults_ask_the_standard_characteristics():
    asked = dict(SurveyTemplate.objects.values_list("phase", "characteristics"))
    assert asked == {"before": list(STANDARD), "after-part": [], "after": list(STANDARD)}
    assert STANDARD == ("role", "organisation", "ethnic_group", "age_band", "disability")


def test_creating_a_cohort_asks_about_you_before_and_after_the_workshop(facilitator_client):
    page = facilitator_client.get(CREATE).content.decode()
    assert "Ask participants about themselves in the before and after surveys" in page
    assert "works as well for every group of staff" in page and "Prefer not to say" in page
    assert re.search(r'<input[^>]*name="ask_about_you"[^>]*checked', page)

    facilitator_client.post(CREATE, cohort_post(session(1, date="2027-01-12"), session(2, date="2027-01-26")))
    cohort = Cohort.objects.get(name="Bedford Hospital pharmacy")
    asked = {survey.phase: survey.characteristics for survey in cohort.surveys.all()}
    assert asked == {"before": list(STANDARD), "after-part-1": [], "after": list(STANDARD)}


def test_unticking_it_when_creating_a_cohort_asks_nobody(facilitator_client):
    data = cohort_post(session(1, date="2027-01-12"))
    del data["ask_about_you"]
    facilitator_client.post(CREATE, data)
    cohort = Cohort.objects.get(name="Bedford Hospital pharmacy")
    assert [survey.characteristics for survey in cohort.surveys.all()] == [[], []]


def test_the_cohort_page_says_which_surveys_ask_and_why(facilitator_client, cohort):
    services.surveys_create_for_cohort(cohort=cohort)
    page = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert (
        "“Before the workshop” and “After the workshop” ask participants who tick to agree about "
        "themselves: staff group or role, organisation, ethnic group, age band, disability, each with "
        "“Prefer not to say”"
    ) in page
    assert "works as well for every group of staff" in page
    assert "Stop asking “About you” in this cohort" in page


def test_a_facilitator_turns_it_off_for_a_cohort_and_on_again_where_nobody_has_answered(
    facilitator_client, cohort
):
    services.surveys_create_for_cohort(cohort=cohort)
    before, after = cohort.surveys.get(phase="before"), cohort.surveys.get(phase="after")
    respond(before, {"aim-1": 4})

    response = facilitator_client.post(about_you_url(cohort), {"ask": "no"}, follow=True)
    before.refresh_from_db()
    after.refresh_from_db()
    assert after.characteristics == [] and before.characteristics == list(STANDARD)  # answered: frozen
    page = response.content.decode()
    assert "“After the workshop” no longer asks “About you”." in page
    assert "“Before the workshop” asks participants who tick to agree" in page

    facilitator_client.post(about_you_url(cohort), {"ask": "yes"})
    after.refresh_from_db()
    assert after.characteristics == list(STANDARD)


def test_turning_about_you_off_is_a_post_by_the_cohorts_facilitators_only(
    client, lead, other_facilitator, facilitator_client, cohort
):
    services.surveys_create_for_cohort(cohort=cohort)
    url = about_you_url(cohort)
    assert facilitator_client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"ask": "no"}).url.startswith(reverse("login"))
    client.force_login(lead)
    assert client.post(url, {"ask": "no"}).status_code == 403
    client.force_login(other_facilitator)
    assert client.post(url, {"ask": "no"}).status_code == 404
    assert all(
        survey.characteristics == list(STANDARD) for survey in cohort.surveys.exclude(phase="after-part-1")
    )


def test_a_phone_answering_the_before_survey_sees_the_consent_tick_and_prefer_not_to_say(client, cohort):
    services.surveys_create_for_cohort(cohort=cohort)
    before = services.survey_open(survey=cohort.surveys.get(phase="before"))
    page = client.get(before.get_participant_url()).content.decode()
    assert "About you (optional)" in page
    assert 'name="about_you_consent"' in page and "I agree to share my answers about me" in page
    for question in ("Which staff group or role", "What is your ethnic group?", "How old are you?"):
        assert question in page
    assert page.count(">Prefer not to say</option>") == len(STANDARD)
