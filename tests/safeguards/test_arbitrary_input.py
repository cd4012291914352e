"""Arbitrary data posted to every public form, and to the import: never a 500, always a clear
error, and nothing stored from a post that was refused.

Hypothesis makes up the posts: the forms' own field names and made-up ones, with any text, lists of
values, blanks, huge values and control characters. Each example runs in a transaction rolled back
afterwards, so examples do not see each other's rows.
"""

import contextlib
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.models import Commitment, FollowUpNote, Reminder
from evaluations.models import AboutYouAnswer, Answer, Response, ResponseImport
from tests.commitments.factories import CommitmentFactory, ParticipantFactory, open_form, reminder_for
from workshops import participants
from workshops.models import Participant

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

values = st.one_of(
    st.text(max_size=50),
    st.text(max_size=3000),
    st.sampled_from(["", " ", "0", "1", "5", "6", "-1", "yes", "on", "\x00", "=1+1", "🙂" * 10]),
    st.lists(st.text(max_size=20), max_size=3),
)


def posts(field_names: list[str]):
    """Dictionaries of the form's fields and made-up ones, with arbitrary values."""
    keys = st.one_of(st.sampled_from(field_names), st.text(min_size=1, max_size=12))
    return st.dictionaries(keys, values, max_size=len(field_names) + 3)


@contextlib.contextmanager
def rolled_back():
    """One example: its rows rolled back, and its posts not counted against the next one's limits."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


# What each refusal says, so a person knows what happened and what to do.
REFUSALS = {
    200: "There is a problem",  # the form again, with its errors
    400: "Something was wrong with what was sent",
    409: "</h1>",  # closed or not open yet: its heading says which (tested in each app)
    429: "Too many ",  # rate limited, or too many sign-in attempts
}


def assert_clear_refusal_or_success(response, before: dict, after: dict):
    assert response.status_code != 500
    if response.status_code == 302:
        return
    body = response.content.decode()
    assert response.status_code in REFUSALS, response.status_code
    assert REFUSALS[response.status_code] in body, body[:500]
    assert after == before, "a refused post stored something"


def hidden(body: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', body).group(1)


@pytest.fixture
def phone(cohort):
    """A phone that has posted a card in the cohort, with the commitments form open."""
    open_form(cohort)
    participant = ParticipantFactory(cohort=cohort)
    card = CommitmentFactory(cohort=cohort, participant=participant)
    client = Client(raise_request_exception=False)
    client.cookies[participants.cookie_name(cohort)] = participant.key
    client.card = card
    return client


@EXAMPLES
@given(data=st.data())
def test_the_sign_in_form_refuses_anything_but_the_right_password_clearly(facilitator, data):
    from django.contrib.auth import get_user_model

    post = data.draw(posts(["username", "password", "csrfmiddlewaretoken", "next"]))
    with rolled_back():
        client = Client(raise_request_exception=False)
        before = counts(get_user_model())
        response = client.post(reverse("login"), post)
        assert "_auth_user_id" not in client.session
        assert_clear_refusal_or_success(response, before, counts(get_user_model()))


@EXAMPLES
@given(code=values)
def test_the_join_form_never_fails_on_any_code(client, cohort, code):
    with rolled_back():
        response = Client(raise_request_exception=False).get(reverse("workshops:join"), {"code": code})
        assert response.status_code in (200, 302)
        if response.status_code == 200 and code != []:  # an empty list sends no code: the empty form
            assert "There is a problem" in response.content.decode()


@EXAMPLES
@given(data=st.data())
def test_the_survey_form_refuses_nonsense_clearly_and_stores_nothing_from_it(survey, items, data):
    names = [f"item_{item.pk}" for item in items.values()]
    names += ["submission_token", "participant_key", "about_you_consent", "about_role"]
    post = data.draw(posts(names))
    with rolled_back():
        client = Client(raise_request_exception=False)
        before = counts(Response, Answer, AboutYouAnswer, Participant)
        response = client.post(survey.get_participant_url(), post)
        assert_clear_refusal_or_success(
            response, before, counts(Response, Answer, AboutYouAnswer, Participant)
        )
        if response.status_code == 302:
            assert Response.objects.filter(survey=survey).count() == 1


@EXAMPLES
@given(data=st.data())
def test_the_commitment_form_refuses_nonsense_clearly_and_stores_nothing_from_it(cohort, data):
    open_form(cohort)
    fields = ["text", "kind", "display_name", "email", "submission_token", "participant_key"]
    post = data.draw(posts(fields))
    with rolled_back():
        before = counts(Commitment, Participant)
        response = Client(raise_request_exception=False).post(
            reverse("commitments:new", args=[cohort.join_code]), post
        )
        assert_clear_refusal_or_success(response, before, counts(Commitment, Participant))


@EXAMPLES
@given(data=st.data())
def test_editing_a_card_with_nonsense_is_refused_clearly_and_changes_nothing(phone, data):
    card = phone.card
    post = data.draw(posts(["text", "kind", "display_name", "email"]))
    with rolled_back():
        response = phone.post(reverse("commitments:edit", args=[card.cohort.join_code, card.pk]), post)
        after = Commitment.objects.get(pk=card.pk)
        fields = ("text", "kind", "display_name", "email", "moderation")
        before_fields = {f: getattr(card, f) for f in fields}
        after_fields = {f: getattr(after, f) for f in fields}
        assert_clear_refusal_or_success(response, before_fields, after_fields)


@EXAMPLES
@given(post=posts(["confirm", "text"]))
def test_withdrawing_with_any_data_withdraws_only_the_phones_own_card(phone, cohort, post):
    other = CommitmentFactory(cohort=cohort)
    with rolled_back():
        card = phone.card
        response = phone.post(reverse("commitments:withdraw", args=[cohort.join_code, card.pk]), post)
        assert response.status_code == 302
        assert not Commitment.objects.filter(pk=card.pk).exists()
        assert Commitment.objects.filter(pk=other.pk).exists()


@EXAMPLES
@given(data=st.data())
def test_the_reminder_links_form_refuses_nonsense_clearly_and_keeps_the_link(cohort, data):
    post = data.draw(posts(["status", "note"]))
    with rolled_back():
        commitment = CommitmentFactory(cohort=cohort, email="aisha@example.nhs.uk")
        reminder_for(commitment, token="the-link-token")
        before = counts(FollowUpNote) | {"used": Reminder.objects.filter(used_at__isnull=False).count()}
        response = Client(raise_request_exception=False).post(
            reverse("commitments:participant_update", args=["the-link-token"]), post
        )
        after = counts(FollowUpNote) | {"used": Reminder.objects.filter(used_at__isnull=False).count()}
        assert_clear_refusal_or_success(response, before, after)


file_names = st.one_of(
    st.sampled_from(["results.csv", "results.xlsx", "RESULTS.CSV", "results.txt", "results", ".csv"]),
    st.text(min_size=1, max_size=30).map(lambda name: name.replace("/", "") + ".csv"),
)


def csv_like(survey_items) -> st.SearchStrategy[bytes]:
    """Files that look like an export: the questions as a header, then rows of anything."""
    header = [item.text for item in survey_items] + ["ID", "Email", "Made-up column"]
    cell = st.one_of(
        st.sampled_from(["", "4", "Agree", "Yes", "9", "=cmd|' /C calc'!A0", '"']), st.text(max_size=8)
    )
    row = st.lists(cell, min_size=0, max_size=len(header) + 2)
    return st.tuples(st.lists(st.sampled_from(header), max_size=len(header)), st.lists(row, max_size=6)).map(
        lambda parts: "\n".join(",".join(r) for r in [parts[0], *parts[1]]).encode()
    )


@EXAMPLES
@given(data=st.data())
def test_an_import_of_any_file_is_refused_clearly_or_stored_whole(survey, items, facilitator, data):
    content = data.draw(st.one_of(st.binary(max_size=2000), csv_like(list(items.values()))))
    name = data.draw(file_names)
    with rolled_back():
        client = Client(raise_request_exception=False)
        client.force_login(facilitator)
        before = counts(Response, Answer, ResponseImport)
        url = reverse("evaluations:responses_import", args=[survey.cohort.slug, survey.phase])
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        after = counts(Response, Answer, ResponseImport)
        assert_clear_refusal_or_success(response, before, after)
        if response.status_code == 302:
            assert after["ResponseImport"] == before["ResponseImport"] + 1


def test_a_file_over_5_mb_is_refused_with_a_message_and_nothing_is_stored(survey, facilitator_client):
    url = reverse("evaluations:responses_import", args=[survey.cohort.slug, survey.phase])
    big = SimpleUploadedFile("results.csv", b"a,b\n" + b"1,2\n" * (5 * 1024 * 1024 // 4))
    response = facilitator_client.post(url, {"file": big})
    assert response.status_code == 200
    assert "The file must be smaller than 5 MB" in response.content.decode()
    assert not ResponseImport.objects.exists() and not Response.objects.exists()


def test_a_request_bigger_than_the_limit_is_refused_before_the_view(survey, facilitator_client):
    url = reverse("evaluations:responses_import", args=[survey.cohort.slug, survey.phase])
    client = facilitator_client
    client.raise_request_exception = False
    response = client.post(url, {"note": "x" * (7 * 1024 * 1024)})
    assert response.status_code == 413
    assert "That was too big to send" in response.content.decode()
    assert not ResponseImport.objects.exists()


def test_a_file_too_big_for_any_form_is_refused_unread_with_a_message(
    survey, facilitator_client, monkeypatch
):
    url = reverse("evaluations:responses_import", args=[survey.cohort.slug, survey.phase])
    read = []
    monkeypatch.setattr("evaluations.views.ImportForm", lambda *a, **k: read.append(1))
    huge = SimpleUploadedFile("results.csv", b"1,2\n" * (2 * 1024 * 1024))  # 8 MB
    response = facilitator_client.post(url, {"file": huge})
    body = response.content.decode()
    assert response.status_code == 413
    assert "We accept up to 6 MB at a time, and an imported file up to 5 MB" in body
    assert "what you typed is still there" in body
    assert not read and not ResponseImport.objects.exists()


def test_too_many_fields_get_a_page_that_says_what_to_do(survey, client):
    client.raise_request_exception = False
    response = client.post(survey.get_participant_url(), {f"field_{n}": "x" for n in range(2001)})
    assert response.status_code == 400
    assert "Something was wrong with what was sent" in response.content.decode()
