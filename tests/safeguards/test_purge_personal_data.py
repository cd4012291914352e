"""purge_personal_data keeps the privacy page's promise: 18 months after a cohort ends, names go."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from commitments.models import Commitment, Reminder
from evaluations import services as evaluations_services
from evaluations.models import AboutYouAnswer, Answer, GroupTotal, Item, Response
from reports.cohort import cohort_report
from reports.programme import programme_report
from safeguards import services
from tests.commitments.factories import CommitmentFactory, ParticipantFactory, reminder_for
from tests.evaluations.factories import AnswerFactory, ItemFactory, ResponseFactory, SurveyFactory, respond
from tests.factories import CohortFactory, SessionFactory
from workshops import participants
from workshops.models import Cohort, Participant, Session

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
    AboutYouAnswer.objects.create(response=response, characteristic="role", value="pharmacist")
    AnswerFactory(response=response, item=ItemFactory(survey=survey), number=5)
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
    assert (
        "removed 1 email address, 1 name shown on the wall, 1 respondent key, 1 “about you” answer."
    ) in output


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


def test_the_old_key_no_longer_opens_anything(old):
    cohort, participant = old
    run()
    phone = RequestFactory().get("/")
    phone.COOKIES[participants.cookie_name(cohort)] = participant.key
    assert participants.participant_from_request(phone, cohort) is None


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
    totals = list(GroupTotal.objects.values())
    output = run()
    assert "Nothing to remove" in output
    assert list(Participant.objects.values_list("key", flat=True)) == keys
    assert totals and list(GroupTotal.objects.values()) == totals


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


# The equity view outlives the "about you" answers ---------------------------------------------


def cohort_that_told_us_about_themselves(name: str, ended: datetime.date) -> Cohort:
    """A cohort of 24 people whose default surveys ended that day, with groups of every size.

    Roles: 10 pharmacists, 8 technicians, 3 doctors and 2 "Prefer not to say" (both hidden);
    age bands: 4, 8 and 11 people (the 4 hidden, and so the 8 with them). The 24th person tells
    us nothing, and a fifth of the people skip "about you" after the workshop (a response's group
    is what that response told us).
    """
    cohort = CohortFactory(name=name)
    SessionFactory(cohort=cohort, part=1, date=ended)
    before = evaluations_services.survey_add(cohort=cohort, phase="before")
    after = evaluations_services.survey_add(cohort=cohort, phase="after")
    for n in range(24):
        person = ParticipantFactory(cohort=cohort)
        role = "pharmacist" if n < 10 else "pharmacy-technician" if n < 18 else "doctor" if n < 21 else None
        about = {
            "role": role or "prefer-not-to-say",
            "age_band": "25-34" if n < 4 else "35-44" if n < 12 else "45-54",
        }
        if n == 23:
            about = {}
        respond(
            before, {"aim-1": 4 if n % 3 == 0 else 2, "aim-2": n % 5 + 1}, about=about, participant=person
        )
        if n % 7 == 6:
            continue  # did not answer after the workshop
        respond(
            after,
            {"aim-1": 3 if n % 4 == 0 else 5, "recommend": n % 2, "overall": 5 - n % 3, "comments": "Useful"},
            about=about if n % 5 else {},
            participant=person,
        )
    return cohort


def equity_section(page: str) -> str:
    start = page.index('id="equity"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def purged(frozen_now):
    """A cohort the purge takes, beside one that ended too recently, of the same programme."""
    return (
        cohort_that_told_us_about_themselves("Luton 2025", datetime.date(2025, 3, 12)),
        cohort_that_told_us_about_themselves("Bedford 2026", datetime.date(2026, 3, 12)),
    )


def test_a_purged_cohorts_equity_view_shows_the_same_figures_as_before(lead_client, purged):
    cohort, _ = purged
    page_url = reverse("reports:cohort_report", args=[cohort.slug])
    figures_url = reverse("reports:report_figures", args=[cohort.slug, "csv"])

    def equity_as_seen():
        report = cohort_report(cohort)
        pages = [
            equity_section(lead_client.get(page_url, {"characteristic": slug}).content.decode())
            for slug in ("role", "age_band")
        ]
        views = [report.equity_for(c.slug) for c in report.equity.available]
        return views, pages, lead_client.get(figures_url).content

    before = equity_as_seen()
    assert [view.characteristic.slug for view in before[0]] == ["role", "age_band"]
    assert (
        "not shown: fewer than 5 answers" in before[1][0]
        and "not shown: fewer than 5 answers" in before[1][1]
    )
    assert "Prefer not to say" in before[1][0]
    run()
    assert not AboutYouAnswer.objects.filter(response__survey__cohort=cohort).exists()
    assert equity_as_seen() == before


def test_a_purged_cohort_still_counts_in_the_pooled_programme_equity_view(lead_client, purged):
    cohorts = Cohort.objects.filter(pk__in=[cohort.pk for cohort in purged])
    workshop = purged[0].workshop
    url = reverse("reports:programme_report")

    def equity_as_seen():
        views = [programme_report(workshop, cohorts, characteristic=c) for c in ("role", "age_band")]
        pages = [
            equity_section(lead_client.get(url, {"characteristic": c}).content.decode())
            for c in ("role", "age_band")
        ]
        return [view.equity for view in views], pages

    before = equity_as_seen()
    assert before[0][0].items[0].columns[0].gap.best.share.answered == 20  # both cohorts' pharmacists
    run()
    assert not AboutYouAnswer.objects.filter(response__survey__cohort=purged[0]).exists()
    assert AboutYouAnswer.objects.filter(response__survey__cohort=purged[1]).exists()
    assert equity_as_seen() == before


def test_the_totals_kept_are_counts_with_no_key_participant_or_response(old):
    cohort, participant = old
    run()
    assert {field.name for field in GroupTotal._meta.get_fields()} == {
        "id",
        "item",
        "characteristic",
        "value",
        "answered",
        "positive",
        *(f"gave_{n}" for n in range(6)),
    }
    assert {field.related_model for field in GroupTotal._meta.get_fields() if field.is_relation} == {Item}
    item = Item.objects.get(survey__cohort=cohort)
    assert list(
        GroupTotal.objects.filter(item__survey__cohort=cohort).values_list(
            "item", "characteristic", "value", "positive", "answered"
        )
    ) == [(item.pk, "", "", 1, 1), (item.pk, "role", "pharmacist", 1, 1)]


def test_the_purge_leaves_the_kept_totals_as_they_were(old, recent):
    totals = list(GroupTotal.objects.order_by("pk").values())
    run()
    assert not AboutYouAnswer.objects.filter(response__survey__cohort=old[0]).exists()
    assert list(GroupTotal.objects.order_by("pk").values()) == totals


def test_answers_given_after_a_purge_are_counted_into_the_kept_totals_as_they_are_stored(old):
    cohort, _ = old
    run()
    survey = cohort.surveys.get()
    item = survey.items.get()
    respond(survey, {item.code: 2}, about={"role": "pharmacist"})  # a paper form imported late, say
    groups = GroupTotal.objects.groups().values_list("value", "positive", "answered")
    assert list(groups) == [("pharmacist", 1, 2)]
    output = run()
    assert (
        "removed 0 email addresses, 0 names shown on the wall, 0 respondent keys, 1 “about you” answer"
        in (output)
    )
    assert list(groups) == [("pharmacist", 1, 2)]
