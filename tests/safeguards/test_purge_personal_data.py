"""purge_personal_data keeps the privacy page's promise: 18 months after a cohort ends, names go."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.models import Commitment, Reminder
from evaluations.models import AboutYouAnswer, Answer, Response
from safeguards import services
from tests.commitments.factories import CommitmentFactory, ParticipantFactory, reminder_for
from tests.evaluations.factories import AnswerFactory, ItemFactory, ResponseFactory, SurveyFactory
from tests.factories import CohortFactory, SessionFactory
from workshops.models import Participant, Session

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)  # the frozen clock's day: 18 months ago is 25 May 2025


def cohort_with_people(name: str, last_session: datetime.date, **session_fields):
    """A cohort whose last session was on that day, with one participant's answers and post-it."""
    cohort = CohortFactory(name=name)
    SessionFactory(cohort=cohort, part=1, date=last_session - datetime.timedelta(days=14))
    SessionFactory(cohort=cohort, part=2, date=last_session, **session_fields)
    participant = ParticipantFactory(cohort=cohort)
    survey = SurveyFactory(cohort=cohort, phase="after", characteristics=["role"])
    response = ResponseFactory(survey=survey, participant=participant)
    AnswerFactory(response=response, item=ItemFactory(survey=survey), number=5)
    AboutYouAnswer.objects.create(response=response, characteristic="role", value="pharmacist")
    commitment = CommitmentFactory(
        cohort=cohort, participant=participant, display_name="Aisha", email="aisha@example.nhs.uk"
    )
    reminder_for(commitment, token=f"link-of-{name}")
    return cohort, participant


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old(frozen_now):
    return cohort_with_people("Old cohort", datetime.date(2025, 5, 24))


@pytest.fixture
def recent(frozen_now):
    return cohort_with_people("Recent cohort", datetime.date(2025, 5, 25))


def test_a_cohort_that_ended_more_than_18_months_ago_loses_what_identifies_people(old, recent):
    cohort, participant = old
    old_key = participant.key
    output = run("--older-than", "18m")
    commitment = Commitment.objects.get(cohort=cohort)
    assert (commitment.email, commitment.display_name) == ("", "")
    assert commitment.author_for_display == "Anonymous"
    assert not Reminder.objects.filter(commitment__cohort=cohort).exists()
    participant.refresh_from_db()
    assert participant.key != old_key and participant.key.startswith("purged-")
    assert not AboutYouAnswer.objects.filter(response__survey__cohort=cohort).exists()
    assert "Old cohort" in output
    assert "removed 1 email address, 1 name shown on the wall, 1 respondent key, 1 “about you” answer" in (
        output
    )


def test_it_keeps_what_the_reports_need(old):
    cohort, participant = old
    run()
    response = Response.objects.get(survey__cohort=cohort)
    assert response.participant == participant  # still paired with the same person's other answers
    assert Answer.objects.filter(response=response, number=5).exists()
    assert Commitment.objects.get(cohort=cohort).text.startswith("Audit who misses")


def test_a_cohort_that_ended_less_than_18_months_ago_is_left_alone(old, recent):
    cohort, participant = recent
    run()
    commitment = Commitment.objects.get(cohort=cohort)
    assert (commitment.email, commitment.display_name) == ("aisha@example.nhs.uk", "Aisha")
    assert Participant.objects.get(pk=participant.pk).key == participant.key
    assert AboutYouAnswer.objects.filter(response__survey__cohort=cohort).count() == 1
    assert Reminder.objects.filter(commitment__cohort=cohort).count() == 1


def test_the_old_key_no_longer_opens_anything(client, old):
    cohort, participant = old
    old_link = participant.get_personal_url()
    run()
    assert client.get(old_link).status_code == 404


def test_a_dry_run_says_what_would_go_and_changes_nothing(old):
    cohort, _ = old
    output = run("--dry-run")
    assert "would remove 1 email address" in output
    assert "Nothing was changed (dry run)" in output
    assert Commitment.objects.get(cohort=cohort).email == "aisha@example.nhs.uk"
    assert AboutYouAnswer.objects.filter(response__survey__cohort=cohort).exists()


def test_running_it_twice_is_safe_and_the_second_run_says_there_is_nothing_to_do(old):
    run()
    keys = list(Participant.objects.values_list("key", flat=True))
    output = run()
    assert "Nothing to remove" in output
    assert list(Participant.objects.values_list("key", flat=True)) == keys


def test_a_cancelled_last_session_does_not_count_as_the_end(frozen_now):
    cohort, _ = cohort_with_people(
        "Ended early", datetime.date(2025, 6, 10), status=Session.Status.CANCELLED
    )  # the part 1 session, held on 27 May 2025, is the real end
    assert list(services.cohorts_ended_before(datetime.date(2025, 5, 28))) == [cohort]
    assert list(services.cohorts_ended_before(datetime.date(2025, 5, 27))) == []


def test_ages_in_days_months_and_years():
    today = datetime.date(2026, 8, 31)
    assert services.cutoff_date("18m", today) == datetime.date(2025, 2, 28)
    assert services.cutoff_date("2y", today) == datetime.date(2024, 8, 31)
    assert services.cutoff_date("90d", today) == datetime.date(2026, 6, 2)


def test_a_badly_written_age_is_refused_with_an_example():
    with pytest.raises(CommandError, match="like 18m"):
        run("--older-than", "18 months")


def test_the_privacy_page_promises_exactly_what_the_command_removes_and_when(client):
    body = client.get(reverse("workshops:privacy")).content.decode()
    assert f"{services.DEFAULT_AGE[:-1]} months after your workshop ends, we delete" in body
    for thing in services.REMOVED:
        assert f"<li>{thing}</li>" in body
    assert body.count("<li>", body.index("we delete:"), body.index("We keep your")) == len(services.REMOVED)
