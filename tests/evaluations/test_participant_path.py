"""A participant fills a survey on their phone: no login, no name, one response per phone."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from bench.page_weight import Resources
from evaluations import characteristics, services
from evaluations.models import AboutYouAnswer, Answer, Response
from workshops import participants
from workshops.models import Cohort, Participant

pytestmark = pytest.mark.django_db


def hidden(body: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', body).group(1)


def load_form(client, survey) -> dict:
    """GET the form and return what it carries: its one-time token and candidate key."""
    body = client.get(survey.get_participant_url()).content.decode()
    return {
        "submission_token": hidden(body, "submission_token"),
        "participant_key": hidden(body, "participant_key"),
    }


def answers_data(items, **by_code) -> dict:
    return {f"item_{items[code.replace('_', '-')].pk}": value for code, value in by_code.items()}


def submit(client, survey, items, carried=None, **by_code):
    carried = carried or load_form(client, survey)
    return client.post(survey.get_participant_url(), {**carried, **answers_data(items, **by_code)})


def stored(response: Response) -> dict:
    return {a.item.code: a.number if a.number is not None else a.text for a in response.answers.all()}


# The way in ----------------------------------------------------------------------------------


def test_the_landing_page_offers_the_open_survey_with_one_tap(client, survey):
    body = client.get(survey.cohort.get_join_url()).content.decode()
    assert "Evaluation: After the workshop" in body
    assert "7 short questions, about 2 minutes" in body
    assert f'href="{survey.get_participant_url()}"' in body


def test_the_landing_page_shows_this_phone_has_answered_and_offers_to_change_the_answers(
    client, survey, items
):
    submit(client, survey, items, aim_1="5")
    body = client.get(survey.cohort.get_join_url()).content.decode()
    assert "✓</span> Done — you can change your answers while it is open." in body
    assert "Change your answers" in body
    assert "Fill in the evaluation" not in body


def test_another_phone_is_still_asked_to_fill_it_in(client, survey, items):
    submit(client, survey, items, aim_1="5")
    client.cookies.clear()
    body = client.get(survey.cohort.get_join_url()).content.decode()
    assert "Fill in the evaluation" in body
    assert "✓" not in body


def test_the_landing_page_does_not_offer_a_draft_or_closed_survey(client, survey, cohort):
    services.survey_close(survey=survey)
    services.survey_add(cohort=cohort, phase="before")  # a draft
    assert "Evaluation:" not in client.get(cohort.get_join_url()).content.decode()


def test_the_form_asks_every_item_with_its_text_as_the_legend_and_its_scale(client, survey, items):
    body = client.get(survey.get_participant_url()).content.decode()
    assert "<legend" in body and "I understand what QI is" in body
    assert body.count('type="radio"') == 5 * 3 + 2 + 5 + 5
    assert "1 = not useful at all" in body and "5 = very useful" in body
    assert "Question 7 of 7" in body
    assert "<textarea" in body and "maxlength" not in body
    assert "You do not need to give your name" in body
    assert "You already answered" not in body


def test_the_form_shows_the_facilitators_latest_wording_and_order(client, survey, items):
    client.get(survey.get_participant_url())  # a phone has loaded the form before the change
    items["aim-1"].text = "I can explain what QI is to a colleague"
    items["aim-1"].save()
    services.item_move(item=items["aim-2"], up=True)
    body = client.get(survey.get_participant_url()).content.decode()
    assert "I can explain what QI is to a colleague" in body
    assert body.index(items["aim-2"].text) < body.index("I can explain what QI is")


# Storing answers ------------------------------------------------------------------------------


def test_a_submission_stores_one_response_with_its_answers_and_remembers_the_phone(client, survey, items):
    response = submit(
        client, survey, items, aim_1="5", aim_3="4", recommend="1", overall="4", comments=" Great. "
    )
    stored_response = Response.objects.get()
    assert response.status_code == 302
    assert response.url == survey.get_thanks_url()
    assert stored(stored_response) == {
        "aim-1": 5,
        "aim-3": 4,
        "recommend": 1,
        "overall": 4,
        "comments": "Great.",
    }
    assert stored_response.source == Response.Source.WEB
    assert response.cookies[participants.cookie_name(survey.cohort)].value == stored_response.participant.key


def test_an_unanswered_item_has_no_answer_row(client, survey, items):
    submit(client, survey, items, recommend="0")
    assert list(Answer.objects.values_list("item__code", "number")) == [("recommend", 0)]


def test_a_second_submit_with_the_same_token_changes_nothing(client, survey, items):
    carried = load_form(client, survey)
    first = submit(client, survey, items, carried, aim_1="5")
    response = Response.objects.get()
    second = submit(client, survey, items, carried, aim_1="2")
    assert first.url == second.url == survey.get_thanks_url()
    assert Response.objects.count() == 1
    assert Response.objects.get().updated_at == response.updated_at
    assert stored(Response.objects.get()) == {"aim-1": 5}


def test_a_double_tap_before_the_cookie_exists_stores_one_response(client, survey, items):
    carried = load_form(client, survey)
    submit(client, survey, items, carried, aim_1="5")
    del client.cookies[participants.cookie_name(survey.cohort)]  # the second tap left before it came back
    submit(client, survey, items, carried, aim_1="5")
    assert Response.objects.count() == 1
    assert Participant.objects.count() == 1


def test_a_key_someone_holds_posted_from_another_browser_opens_nothing_of_theirs(survey, items):
    victim, attacker = Client(), Client()
    carried = load_form(victim, survey)
    submit(victim, survey, items, carried, aim_1="5", comments="Only mine")
    key = Participant.objects.get().key
    for stolen in (key, carried["participant_key"]):  # the bare key, or all the victim's page carried
        form = {**load_form(attacker, survey), "participant_key": stolen}
        response = submit(attacker, survey, items, form, aim_1="1")
        assert response.cookies[participants.cookie_name(survey.cohort)].value != key
        assert "Only mine" not in attacker.get(survey.get_participant_url()).content.decode()
        attacker.cookies.clear()
    victims = Response.objects.get(participant__key=key)
    assert stored(victims) == {"aim-1": 5, "comments": "Only mine"}
    assert Response.objects.count() == 3


def test_the_same_phone_answering_again_updates_its_response(client, survey, items):
    submit(client, survey, items, aim_1="3", comments="Fine")
    page = client.get(survey.get_participant_url()).content.decode()
    assert "You already answered" in page and "change your answers below" in page
    assert re.search(rf'name="item_{items["aim-1"].pk}" value="3"[^>]*checked', page)
    assert "\nFine</textarea>" in page

    submit(client, survey, items, aim_1="5")
    response = Response.objects.get()
    assert stored(response) == {"aim-1": 5}
    assert response.updated_at >= response.created_at


def test_two_phones_make_two_responses(client, survey, items):
    submit(client, survey, items, aim_1="5")
    client.cookies.clear()
    submit(client, survey, items, aim_1="2")
    assert Response.objects.count() == 2
    assert Participant.objects.count() == 2


def test_the_same_phone_is_the_same_participant_in_the_cohorts_next_survey(client, survey, items, cohort):
    submit(client, survey, items, aim_1="5")
    before = services.survey_open(survey=services.survey_add(cohort=cohort, phase="before"))
    before_items = {i.code: i for i in before.items.all()}
    submit(client, before, before_items, aim_1="2")
    assert Participant.objects.count() == 1
    assert set(Participant.objects.get().responses.values_list("survey__phase", flat=True)) == {
        "after",
        "before",
    }


def test_a_personal_link_never_changes_whose_phone_it_is(client, survey, items):
    victim = Client()
    submit(victim, survey, items, aim_1="3", comments="Only mine")
    link = reverse("workshops:personal_link", args=[survey.cohort.join_code, Participant.objects.get().key])
    for phone in (client, Client()):  # a phone with answers of its own, and a fresh one
        if phone is client:
            submit(client, survey, items, aim_1="1")
        response = phone.get(link)
        assert response.status_code == 410
        assert "This link no longer works" in response.content.decode()
        assert participants.cookie_name(survey.cohort) not in response.cookies
        assert "Only mine" not in phone.get(survey.get_participant_url()).content.decode()


# Bad input ------------------------------------------------------------------------------------


def test_an_invalid_choice_returns_the_form_with_what_was_typed_kept_and_stores_nothing(
    client, survey, items
):
    response = submit(client, survey, items, aim_1="7", comments="Keep me")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: After the workshop" in body
    assert "There is a problem" in body
    assert f'href="#id_item_{items["aim-1"].pk}_0"' in body
    assert body.count("Question 1: choose one of the answers shown") == 2  # summary and field
    assert "\nKeep me</textarea>" in body
    assert not Response.objects.exists()


def test_an_over_long_text_is_refused_with_its_length_and_kept(client, survey, items):
    text = "x" * 2001
    body = submit(client, survey, items, comments=text).content.decode()
    assert "Question 7: your answer must be 2,000 characters or fewer (it has 2,001)" in body
    assert text in body
    assert not Response.objects.exists()


def test_2000_characters_are_accepted(client, survey, items):
    submit(client, survey, items, comments="x" * 2000)
    assert len(Answer.objects.get().text) == 2000


def test_a_required_item_left_blank_is_asked_for(client, survey, items):
    items["recommend"].required = True
    items["recommend"].save()
    body = submit(client, survey, items, aim_1="4").content.decode()
    assert "Question 4: choose an answer" in body
    assert "(required)" in body
    assert re.search(rf'name="item_{items["aim-1"].pk}" value="4"[^>]*checked', body)
    assert not Response.objects.exists()


def test_a_form_without_its_token_is_sent_back_with_a_fresh_one(client, survey, items):
    carried = load_form(client, survey)
    del carried["submission_token"]
    body = submit(client, survey, items, carried, aim_1="4").content.decode()
    assert "Your answers were not sent" in body
    assert len(hidden(body, "submission_token")) > 20
    assert not Response.objects.exists()


# Not open, closed, cancelled, unknown --------------------------------------------------------


def test_a_closed_survey_says_so_and_stores_nothing(client, survey, items):
    carried = load_form(client, survey)
    services.survey_close(survey=survey)
    response = submit(client, survey, items, carried, aim_1="5")
    body = response.content.decode()
    assert response.status_code == 409
    assert "This evaluation has closed" in body
    assert "Your answers were not saved" in body
    assert not Response.objects.exists()
    assert not Participant.objects.exists()


def test_a_survey_not_open_yet_says_when_it_opens(client, cohort, frozen_now):
    import datetime

    from django.utils import timezone

    draft = services.survey_add(cohort=cohort, phase="before")
    draft.opens_at = timezone.now() + datetime.timedelta(hours=2)
    draft.save()
    body = client.get(draft.get_participant_url()).content.decode()
    assert "This evaluation is not open yet" in body
    assert "It opens on Wednesday 25 November at 12:00" in body
    assert "<form" not in body


def test_the_survey_of_a_cancelled_cohort_says_so_and_stores_nothing(client, survey, items):
    carried = load_form(client, survey)
    Cohort.objects.filter(pk=survey.cohort.pk).update(is_cancelled=True)
    response = submit(client, survey, items, carried, aim_1="5")
    assert "This workshop has been cancelled" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "path", ["/j/ZZZZZZ/survey/after/", "/j/{code}/survey/after-part-7/", "/j/{code}/survey/x/"]
)
def test_an_unknown_link_is_a_friendly_404(client, survey, path):
    response = client.get(path.format(code=survey.cohort.join_code))
    assert response.status_code == 404
    assert "Join a workshop with its code" in response.content.decode()


def test_the_join_code_may_be_typed_in_lower_case(client, survey):
    url = reverse("evaluations:survey_fill", args=[survey.cohort.join_code.lower(), "after"])
    assert client.get(url).status_code == 200


def test_the_survey_page_answers_only_get_and_post(client, survey):
    assert client.put(survey.get_participant_url()).status_code == 405
    assert client.post(survey.get_thanks_url()).status_code == 405


# About you ------------------------------------------------------------------------------------


@pytest.fixture
def asking(survey):
    survey.characteristics = ["role", "ethnic_group", "disability"]
    survey.save()
    return survey


def test_about_you_explains_why_and_offers_prefer_not_to_say_everywhere(client, asking):
    body = client.get(asking.get_participant_url()).content.decode()
    assert "About you (optional)" in body
    assert "never shown for groups so small" in body
    assert "I agree to share my answers about me" in body
    assert body.count('value="prefer-not-to-say"') == 3
    assert "Black, Black British, Caribbean or African" in body


def test_about_you_is_stored_only_with_the_tick_to_consent(client, asking, items):
    carried = load_form(client, asking)
    data = {
        **carried,
        **answers_data(items, aim_1="4"),
        "about_role": "pharmacist",
        "about_ethnic_group": "asian",
    }
    body = client.post(asking.get_participant_url(), data).content.decode()
    assert "Tick the box to share your answers about you" in body
    assert 'value="pharmacist" selected' in body
    assert not Response.objects.exists()

    client.post(asking.get_participant_url(), {**data, "about_you_consent": "on"})
    assert dict(AboutYouAnswer.objects.values_list("characteristic", "value")) == {
        "role": "pharmacist",
        "ethnic_group": "asian",
    }


def test_about_you_is_never_required(client, asking, items):
    submit(client, asking, items, aim_1="4")
    assert Response.objects.count() == 1
    assert not AboutYouAnswer.objects.exists()


def test_a_made_up_option_is_refused(client, asking, items):
    carried = load_form(client, asking)
    data = {**carried, "about_you_consent": "on", "about_role": "astronaut"}
    body = client.post(asking.get_participant_url(), data).content.decode()
    assert "Staff group or role: choose one of the options" in body
    assert not Response.objects.exists()


def test_answering_again_without_the_tick_removes_what_was_shared(client, asking, items):
    carried = load_form(client, asking)
    client.post(asking.get_participant_url(), {**carried, "about_you_consent": "on", "about_role": "doctor"})
    page = client.get(asking.get_participant_url()).content.decode()
    assert 'value="doctor" selected' in page
    assert re.search(r'name="about_you_consent"[^>]*checked', page)
    client.post(asking.get_participant_url(), {**load_form(client, asking), **answers_data(items, aim_1="4")})
    assert not AboutYouAnswer.objects.exists()


# Thank you ------------------------------------------------------------------------------------


def test_the_thank_you_page_says_what_was_saved_and_what_happens_next(client, survey, items):
    submit(client, survey, items, aim_1="4")
    body = client.get(survey.get_thanks_url()).content.decode()
    assert "Your answers to “After the workshop” are saved" in body
    assert "Thank you for taking part" in body
    assert "Change your answers" in body
    assert Participant.objects.get().key not in body


def test_the_thank_you_page_points_to_whatever_else_is_open(client, survey, items, cohort):
    before = services.survey_open(survey=services.survey_add(cohort=cohort, phase="before"))
    submit(client, survey, items, aim_1="4")
    body = client.get(survey.get_thanks_url()).content.decode()
    assert f'href="{before.get_participant_url()}"' in body
    assert "Thank you for taking part" not in body


def test_the_thank_you_page_without_an_answer_from_this_phone_goes_to_the_form(client, survey):
    response = client.get(survey.get_thanks_url())
    assert response.url == survey.get_participant_url()


def test_nothing_a_participant_reaches_shows_anyone_elses_answers(client, survey, items):
    submit(client, survey, items, comments="My secret thoughts")
    client.cookies.clear()
    submit(client, survey, items, aim_1="4")
    for url in (survey.get_participant_url(), survey.get_thanks_url(), survey.cohort.get_join_url()):
        assert "My secret thoughts" not in client.get(url).content.decode()


@pytest.mark.parametrize("others", [1, 20])
def test_the_form_page_costs_the_same_queries_however_many_have_answered(
    client, survey, items, others, django_assert_num_queries
):
    for _ in range(others):
        client.cookies.clear()
        submit(client, survey, items, aim_1="4", comments="Hello")
    with django_assert_num_queries(6):  # survey, items, participant, response, answers, about you
        client.get(survey.get_participant_url())
    client.cookies.clear()
    with django_assert_num_queries(2):  # a new phone: survey, items
        client.get(survey.get_participant_url())


# The test's own transaction turns the submit's BEGIN and COMMIT into a savepoint and its release,
# which count here as two queries; in production they are not statements of their own.


def test_a_first_submit_from_a_new_phone_costs_seven_queries(
    client, survey, items, django_assert_num_queries
):
    carried = load_form(client, survey)
    data = {**carried, **answers_data(items, aim_1="4", comments="Hello")}
    # survey, items; then in one transaction: the participant (one upsert), this phone's response
    # or this form's (one read), the response, its answers, and what they add to the kept totals
    # (one upsert). "About you" unanswered: no insert.
    with django_assert_num_queries(7 + 2):
        assert client.post(survey.get_participant_url(), data).status_code == 302
    assert Response.objects.get().answers.count() == 2


def test_a_second_submit_from_the_same_phone_costs_nine_queries(
    client, survey, items, django_assert_num_queries
):
    survey.characteristics = []  # not asking "About you"
    survey.save()
    submit(client, survey, items, aim_1="4")
    data = {**load_form(client, survey), **answers_data(items, aim_1="5")}
    # survey, participant, items; then in one transaction: its response (read and locked), the
    # response's new token, the old answers out (saying what they were), the new answers in (no
    # "about you" asked), the new answers added to the kept totals, the old ones taken away.
    with django_assert_num_queries(9 + 2):
        assert client.post(survey.get_participant_url(), data).status_code == 302
    assert stored(Response.objects.get()) == {"aim-1": 5}


def test_a_second_submit_to_a_survey_asking_about_you_costs_one_more_query(
    client, survey, items, django_assert_num_queries
):
    assert survey.characteristics  # the workshop's defaults ask "About you"
    submit(client, survey, items, aim_1="4")
    data = {**load_form(client, survey), **answers_data(items, aim_1="5")}
    # as above, and the earlier "about you" answers out (this time nobody ticked to share them)
    with django_assert_num_queries(10 + 2):
        assert client.post(survey.get_participant_url(), data).status_code == 302
    assert stored(Response.objects.get()) == {"aim-1": 5}


# Light, and working without JavaScript --------------------------------------------------------
# The suite's guard; bench/page_weight.py measures the same pages as gunicorn serves them, in brotli.

PAGE_BUDGET = 60 * 1024  # bytes, gzip-compressed: HTML and everything it links


def linked_files(html: str) -> list[Path]:
    parser = Resources()
    parser.feed(html)
    paths = []
    for url in parser.urls:
        assert url.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, f"{url} is linked but not found"
        paths.append(Path(found))
    return paths


def gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


@pytest.fixture
def asking_everything(survey):
    """The heaviest survey page the defaults make: the longest survey, asking every characteristic."""
    survey.characteristics = [characteristic.slug for characteristic in characteristics.CHARACTERISTICS]
    survey.save()
    return survey


def participant_page(client, survey, items, page: str) -> str:
    if page == "thanks":
        submit(client, survey, items, aim_1="4")
    url = {
        "landing": survey.cohort.get_join_url(),
        "survey": survey.get_participant_url(),
        "thanks": survey.get_thanks_url(),
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("page", ["landing", "survey", "thanks"])
def test_the_participants_pages_have_no_script_at_all(client, asking_everything, items, page):
    body = participant_page(client, asking_everything, items, page)
    assert "<script" not in body.lower()


@pytest.mark.parametrize("page", ["landing", "survey", "thanks"])
def test_the_participants_pages_stay_under_60_kb_compressed_with_what_they_link(
    client, asking_everything, items, page
):
    body = participant_page(client, asking_everything, items, page)
    files = linked_files(body)
    assert any(path.suffix == ".css" for path in files)  # the parser found the stylesheets
    sizes = {"HTML": gzipped_size(body.encode())} | {
        path.name: gzipped_size(path.read_bytes()) for path in files
    }
    total = sum(sizes.values())
    assert total < PAGE_BUDGET, f"{page} page: {total / 1024:.1f} KB gzip-compressed, over 60 KB: {sizes}"
