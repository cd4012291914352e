"""The facilitator's survey pages: state, live counts, open and close, and editing questions."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.characteristics import STANDARD
from evaluations.models import Item, Survey
from tests.evaluations.factories import ResponseFactory
from tests.factories import CohortFactory, SessionFactory

pytestmark = pytest.mark.django_db


def url(name, survey, *args):
    return reverse(f"evaluations:{name}", args=[survey.cohort.slug, survey.phase, *args])


def text(body: str) -> str:
    """The page as it reads, without its tags."""
    return re.sub(r"<[^>]+>", "", body)


def item_data(**overrides):
    return {
        "kind": "rating",
        "text": "How confident do you feel about starting a QI project?",
        "help_text": "",
        "report_label": "confidence",
        "low_label": "not at all",
        "high_label": "very",
        **overrides,
    }


# The cohort page ------------------------------------------------------------------------------


def test_the_cohort_page_shows_each_surveys_state_and_responses_against_those_expected(
    facilitator_client, cohort, survey
):
    services.survey_add(cohort=cohort, phase="before")
    for _ in range(9):
        ResponseFactory(survey=survey)
    body = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert "Evaluations" in body
    assert body.index("Before the workshop") < body.index("After the workshop")
    assert "9 of 18 expected (50%)" in text(body)
    assert "0 of 18 expected (0%)" in text(body)
    assert 'status-tag--open">Open' in body and 'status-tag--draft">Draft' in body
    assert "Close<span" in body and "Open<span" in body


def test_the_cohort_page_keeps_the_counts_of_open_surveys_live(facilitator_client, cohort, survey):
    services.survey_add(cohort=cohort, phase="before")  # a draft: its count cannot change
    ResponseFactory(survey=survey)
    body = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    live = f'data-live-count="{url("survey_count", survey)}"'
    assert f"{live}><span data-count>1</span> of 18 expected (<span data-rate>6</span>%)" in body
    assert body.count("data-live-count") == 1
    assert body.count("live-count.js") == 1
    assert "The counts of open surveys update by themselves" in body


def test_a_cohort_page_without_an_open_survey_does_not_poll(facilitator_client, cohort, survey):
    services.survey_close(survey=survey)
    services.survey_add(cohort=cohort, phase="before")
    body = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert "data-live-count" not in body and "live-count.js" not in body
    assert "update by themselves" not in body


def test_a_lead_reads_the_cohort_page_without_open_or_close_buttons(lead_client, cohort, survey):
    body = lead_client.get(cohort.get_absolute_url()).content.decode()
    assert "After the workshop" in body
    assert "Close<span" not in body
    assert "Add survey" not in body


@pytest.mark.parametrize("surveys", [1, 4])
def test_the_cohort_page_costs_the_same_queries_for_one_survey_or_many(
    facilitator_client, cohort, surveys, django_assert_num_queries
):
    for part in range(3, 3 + surveys):
        SessionFactory(cohort=cohort, part=part, date=datetime.date(2027, 1, part))
    for phase in ["before", "after-part-1", "after-part-2", "after-part-3"][:surveys]:
        survey = services.survey_add(cohort=cohort, phase=phase)
        ResponseFactory(survey=survey)
    # session, user, groups, cohort, managed check, sessions, facilitators,
    # then surveys with counts, the highest part and the existing phases,
    # then the commitments section's settings and counts, the arrangements section's sessions with
    # their agendas and materials and its design-group meetings, and the register's people trained
    # (the cohort's parts, each person's parts attended)
    with django_assert_num_queries(15):
        facilitator_client.get(cohort.get_absolute_url())


# The survey page ------------------------------------------------------------------------------


def test_the_survey_page_shows_its_questions_state_and_count(facilitator_client, survey):
    ResponseFactory(survey=survey)
    body = facilitator_client.get(survey.get_absolute_url()).content.decode()
    assert "I would recommend this training to a colleague" in body
    assert "report label “would recommend”" in body
    assert "<code>" not in body  # the internal code (recommend) is for reports, not for people
    assert "Responses: <strong data-count>1</strong> of 18 expected (<span data-rate>6</span>%)" in body
    assert 'data-live-count="' in body and "live-count.js" in body


def test_the_live_count_answers_with_the_current_count(facilitator_client, survey):
    for _ in range(3):
        ResponseFactory(survey=survey)
    response = facilitator_client.get(url("survey_count", survey))
    assert response.json() == {"responses": 3, "state": "open", "rate": 17}
    assert response["Cache-Control"] == "no-store"


def test_a_closed_survey_page_does_not_poll(facilitator_client, survey):
    services.survey_close(survey=survey)
    body = facilitator_client.get(survey.get_absolute_url()).content.decode()
    assert "data-live-count" not in body and "live-count.js" not in body


@pytest.mark.parametrize(
    "name", ["survey_detail", "survey_count", "survey_edit", "responses_import", "item_create"]
)
def test_survey_pages_refuse_everyone_else(name, client, survey, outsider, other_facilitator):
    assert client.get(url(name, survey)).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url(name, survey)).status_code == 403
    client.force_login(other_facilitator)
    assert client.get(url(name, survey)).status_code == 404


def test_an_unknown_phase_is_a_404(facilitator_client, cohort):
    assert facilitator_client.get(f"/cohorts/{cohort.slug}/surveys/after-part-9/").status_code == 404


@pytest.mark.parametrize("name", ["survey_detail", "survey_count"])
def test_read_only_pages_answer_only_get(name, facilitator_client, survey):
    assert facilitator_client.post(url(name, survey)).status_code == 405


# Open and close -------------------------------------------------------------------------------


def test_a_facilitator_opens_a_draft_and_it_opens_at_once(facilitator_client, cohort, frozen_now):
    draft = services.survey_add(cohort=cohort, phase="before")
    response = facilitator_client.post(url("survey_open", draft), {"next": cohort.get_absolute_url()})
    draft.refresh_from_db()
    assert response.url == cohort.get_absolute_url()
    assert draft.state() == Survey.Status.OPEN
    assert draft.opens_at == timezone.now()
    assert "Evaluation: Before the workshop" in facilitator_client.get(cohort.get_join_url()).content.decode()


def test_a_facilitator_closes_an_open_survey_and_the_time_is_recorded(facilitator_client, survey, frozen_now):
    response = facilitator_client.post(url("survey_close", survey))
    survey.refresh_from_db()
    assert response.url == survey.get_absolute_url()
    assert survey.state() == Survey.Status.CLOSED
    assert survey.closes_at == timezone.now()


def test_reopening_a_survey_whose_closing_time_passed_clears_that_time(
    facilitator_client, survey, frozen_now
):
    services.survey_close(survey=survey, now=timezone.now() - datetime.timedelta(hours=1))
    facilitator_client.post(url("survey_open", survey))
    survey.refresh_from_db()
    assert survey.state() == Survey.Status.OPEN
    assert survey.closes_at is None


def test_the_next_address_never_leads_off_the_site(facilitator_client, survey):
    response = facilitator_client.post(url("survey_close", survey), {"next": "https://example.com/"})
    assert response.url == survey.get_absolute_url()


@pytest.mark.parametrize("name", ["survey_open", "survey_close"])
def test_open_and_close_are_for_the_cohorts_facilitators_only(name, client, survey, lead, other_facilitator):
    assert client.post(url(name, survey)).url.startswith(reverse("login"))
    client.force_login(lead)
    assert client.post(url(name, survey)).status_code == 403
    client.force_login(other_facilitator)
    assert client.post(url(name, survey)).status_code == 404
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


@pytest.mark.parametrize("name", ["survey_open", "survey_close"])
def test_open_and_close_answer_only_post(name, facilitator_client, survey):
    assert facilitator_client.get(url(name, survey)).status_code == 405


# Title, times and About you -------------------------------------------------------------------


def test_a_facilitator_gives_a_survey_times_and_about_you_questions(facilitator_client, cohort):
    draft = services.survey_add(cohort=cohort, phase="before")
    response = facilitator_client.post(
        url("survey_edit", draft),
        {
            "title": "Before we start",
            "opens_at": "2026-11-25T09:30",
            "closes_at": "2026-11-25T10:15",
            "characteristics": ["ethnic_group", "role"],
        },
    )
    draft.refresh_from_db()
    assert response.url == draft.get_absolute_url()
    assert draft.title == "Before we start"
    assert timezone.localtime(draft.opens_at).strftime("%H:%M") == "09:30"
    assert draft.characteristics == ["role", "ethnic_group"]


def test_a_closing_time_before_the_opening_time_is_shown_as_an_error(facilitator_client, survey):
    body = facilitator_client.post(
        url("survey_edit", survey),
        {"title": "After", "opens_at": "2026-11-25T10:00", "closes_at": "2026-11-25T09:00"},
    ).content.decode()
    assert "<title>Error: " in body
    assert 'href="#id_closes_at"' in body
    assert 'value="2026-11-25T09:00"' in body


def test_about_you_questions_stay_as_they_are_after_the_first_response(facilitator_client, survey):
    ResponseFactory(survey=survey)
    facilitator_client.post(url("survey_edit", survey), {"title": "After", "characteristics": ["role"]})
    survey.refresh_from_db()
    assert survey.title == "After"
    assert survey.characteristics == list(STANDARD)  # as copied from the workshop's defaults


# Editing questions ----------------------------------------------------------------------------


def test_a_facilitator_adds_a_question_at_the_end_with_a_code_from_its_label(facilitator_client, survey):
    response = facilitator_client.post(url("item_create", survey), item_data())
    item = survey.items.last()
    assert response.url == survey.get_absolute_url()
    assert (item.position, item.code, item.kind, item.required) == (8, "confidence", "rating", False)
    assert item.scale()[0] == (1, "1 = not at all")


def test_two_questions_with_the_same_label_get_different_codes(facilitator_client, survey):
    facilitator_client.post(url("item_create", survey), item_data())
    facilitator_client.post(url("item_create", survey), item_data(text="Another"))
    assert list(survey.items.filter(code__startswith="confidence").values_list("code", flat=True)) == [
        "confidence",
        "confidence-2",
    ]


def test_a_question_without_text_is_shown_as_an_error_with_what_was_typed(facilitator_client, survey):
    body = facilitator_client.post(url("item_create", survey), item_data(text="")).content.decode()
    assert "Enter the question" in body
    assert 'value="confidence"' in body
    assert survey.items.count() == 7


def test_a_facilitator_edits_a_question_and_its_code_stays(facilitator_client, survey, items):
    facilitator_client.post(
        url("item_edit", survey, items["aim-2"].pk),
        item_data(
            kind="agreement", text="I understand what quality improvement is", report_label="understand QI"
        ),
    )
    items["aim-2"].refresh_from_db()
    assert items["aim-2"].text == "I understand what quality improvement is"
    assert items["aim-2"].code == "aim-2"
    assert (items["aim-2"].low_label, items["aim-2"].high_label) == ("", "")


def test_a_facilitator_moves_a_question_up_and_down(facilitator_client, survey, items):
    facilitator_client.post(url("item_move", survey, items["recommend"].pk), {"direction": "up"})
    assert list(survey.items.values_list("code", flat=True)) == [
        "aim-1",
        "aim-2",
        "recommend",
        "aim-3",
        "overall",
        "useful",
        "comments",
    ]
    facilitator_client.post(url("item_move", survey, items["aim-1"].pk), {"direction": "down"})
    facilitator_client.post(url("item_move", survey, items["comments"].pk), {"direction": "down"})
    assert list(survey.items.values_list("code", "position")) == [
        ("aim-2", 1),
        ("aim-1", 2),
        ("recommend", 3),
        ("aim-3", 4),
        ("overall", 5),
        ("useful", 6),
        ("comments", 7),
    ]


def test_a_facilitator_removes_a_question_after_confirming_and_the_rest_close_up(
    facilitator_client, survey, items
):
    confirm = facilitator_client.get(url("item_remove", survey, items["aim-2"].pk))
    assert "Remove this question?" in confirm.content.decode()
    assert survey.items.count() == 7
    facilitator_client.post(url("item_remove", survey, items["aim-2"].pk))
    assert list(survey.items.values_list("code", "position"))[:3] == [
        ("aim-1", 1),
        ("aim-3", 2),
        ("recommend", 3),
    ]


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("item_create", "post", item_data()),
        ("item_edit", "post", item_data(text="Changed")),
        ("item_move", "post", {"direction": "up"}),
        ("item_remove", "post", {}),
        ("item_edit", "get", {}),
    ],
)
def test_editing_a_survey_after_its_first_response_is_refused(
    name, method, data, facilitator_client, survey, items
):
    ResponseFactory(survey=survey)
    before = list(survey.items.values_list("code", "position", "text"))
    args = [] if name == "item_create" else [items["aim-3"].pk]
    response = getattr(facilitator_client, method)(url(name, survey, *args), data, follow=True)
    assert "its questions can no longer be changed" in response.content.decode()
    assert list(survey.items.values_list("code", "position", "text")) == before


def test_the_frozen_survey_page_says_why_and_offers_no_editing(facilitator_client, survey):
    ResponseFactory(survey=survey)
    body = facilitator_client.get(survey.get_absolute_url()).content.decode()
    assert "so its questions can no longer be changed: this keeps results comparable" in body
    assert "Add a question" not in body
    assert "Move up" not in body


def test_the_services_refuse_frozen_edits_too(survey, items):
    from django.core.exceptions import ValidationError

    ResponseFactory(survey=survey)
    with pytest.raises(ValidationError):
        services.item_remove(item=items["aim-1"])
    with pytest.raises(ValidationError):
        services.item_move(item=items["aim-2"], up=True)
    assert survey.items.count() == 7


def test_a_lead_reads_the_survey_page_but_cannot_change_anything(lead_client, survey, items):
    body = lead_client.get(survey.get_absolute_url()).content.decode()
    assert "I would recommend this training to a colleague" in body
    assert "Add a question" not in body and "Edit<span" not in body and "Close<span" not in body
    assert lead_client.post(url("item_create", survey), item_data()).status_code == 403
    assert lead_client.post(url("item_remove", survey, items["aim-1"].pk)).status_code == 403
    assert lead_client.post(url("survey_edit", survey), {"title": "Mine"}).status_code == 403
    assert survey.items.count() == 7


def test_an_item_of_another_survey_is_a_404(facilitator_client, survey, facilitator):
    elsewhere = services.survey_add(cohort=CohortFactory(facilitators=[facilitator]), phase="before")
    other_item = elsewhere.items.first()
    assert facilitator_client.get(url("item_edit", survey, other_item.pk)).status_code == 404


def test_the_item_move_answers_only_post(facilitator_client, survey, items):
    assert facilitator_client.get(url("item_move", survey, items["aim-1"].pk)).status_code == 405
    assert Item.objects.get(pk=items["aim-1"].pk).position == 1


def item_url(name, survey, items):
    return url(name, survey, items["aim-1"].pk)


@pytest.mark.parametrize("name", ["item_edit", "item_remove", "item_move"])
def test_item_pages_refuse_everyone_else(name, client, survey, items, outsider, other_facilitator):
    assert client.post(item_url(name, survey, items)).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.post(item_url(name, survey, items)).status_code == 403
    client.force_login(other_facilitator)
    assert client.post(item_url(name, survey, items)).status_code == 404
    assert survey.items.count() == 7


@pytest.mark.parametrize("name", ["survey_edit", "responses_import", "item_create"])
def test_form_pages_answer_only_get_and_post(name, facilitator_client, survey):
    assert facilitator_client.put(url(name, survey)).status_code == 405


@pytest.mark.parametrize("name", ["item_edit", "item_remove"])
def test_item_form_pages_answer_only_get_and_post(name, facilitator_client, survey, items):
    assert facilitator_client.put(item_url(name, survey, items)).status_code == 405


@pytest.mark.parametrize("responses", [1, 15])
def test_the_survey_page_costs_the_same_queries_however_many_responses_and_imports(
    facilitator_client, survey, responses, django_assert_num_queries
):
    from evaluations.models import ResponseImport

    for n in range(responses):
        record = ResponseImport.objects.create(survey=survey, file_name=f"paper-{n}.csv", sha256=str(n))
        ResponseFactory(survey=survey, response_import=record)
    # session, user, groups, cohort, survey with counts, managed check, items, imports
    with django_assert_num_queries(7):
        facilitator_client.get(survey.get_absolute_url())
