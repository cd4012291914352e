"""A cohort over its life: its status follows its sessions; it is duplicated, archived or deleted."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from commitments.models import CommitmentSettings
from evaluations import services as evaluation_services
from evaluations.models import Survey
from tests.commitments.factories import CommitmentFactory, ParticipantFactory
from tests.factories import CohortFactory, SessionFactory
from tests.workshops.test_forms import formset_data, session
from workshops.models import Cohort

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 25)  # the frozen clock's day


def url(name, cohort):
    return reverse(f"workshops:cohort_{name}", args=[cohort.slug])


# The status follows the sessions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (datetime.date(2026, 11, 24), "planned"),
        (datetime.date(2026, 11, 25), "running"),
        (datetime.date(2026, 12, 9), "running"),
        (datetime.date(2026, 12, 10), "finished"),
    ],
)
def test_the_status_is_planned_then_running_from_the_first_session_then_finished_after_the_last(
    cohort, today, status
):
    assert cohort.status_on(today) == status


def test_a_cohort_without_sessions_is_planned_and_a_cancelled_session_does_not_count(cohort):
    assert CohortFactory().status_on(DAY) == "planned"
    cohort.sessions.filter(part=2).update(status="cancelled")
    assert cohort.status_on(datetime.date(2026, 11, 26)) == "finished"


def test_cancelled_is_the_one_status_set_by_hand(facilitator_client, cohort):
    data = edit_post(cohort, is_cancelled="on")
    facilitator_client.post(url("edit", cohort), data)
    cohort.refresh_from_db()
    assert cohort.is_cancelled
    assert cohort.status_on(DAY) == "cancelled"


def test_the_dashboard_shows_the_status_that_follows_the_sessions(facilitator_client, cohort, frozen_now):
    body = facilitator_client.get(reverse("workshops:dashboard")).content.decode()
    assert "status-tag--running" in body


# The cohort form ------------------------------------------------------------------------------


def edit_post(cohort, **fields):
    sessions = list(cohort.sessions.all())
    data = {
        "workshop": cohort.workshop_id,
        "name": cohort.name,
        "organisation": cohort.organisation,
        "expected_participants": cohort.expected_participants,
        **formset_data(
            *[session(s.part, date=s.date.isoformat(), start="09:30", end="12:30") for s in sessions]
        ),
        **fields,
    }
    data["sessions-INITIAL_FORMS"] = str(len(sessions))
    for i, existing in enumerate(sessions):
        data[f"sessions-{i}-id"] = str(existing.pk)
    return data


def new_cohort(*sessions, **fields):
    return {
        "workshop": CohortFactory().workshop_id,
        "name": "Bedford Hospital pharmacy",
        "organisation": "",
        "expected_participants": "",
        **formset_data(*sessions),
        **fields,
    }


def test_a_cohort_with_no_sessions_is_refused(facilitator_client):
    data = new_cohort({"part": "1"})  # the blank row the page offers
    response = facilitator_client.post(reverse("workshops:cohort_create"), data)
    assert "Add at least one session: enter the date and times of part 1" in response.content.decode()
    assert not Cohort.objects.filter(name="Bedford Hospital pharmacy").exists()


def test_a_session_row_never_saved_has_no_delete_tick_box(facilitator_client, cohort):
    new_page = facilitator_client.get(reverse("workshops:cohort_create")).content.decode()
    edit_page = facilitator_client.get(url("edit", cohort)).content.decode()
    assert "-DELETE" not in new_page
    assert 'name="sessions-0-DELETE"' in edit_page  # a saved session can be deleted
    assert 'name="sessions-2-DELETE"' not in edit_page  # the blank row for a new one cannot


def test_a_date_in_the_past_warns_and_saves_only_when_asked(facilitator_client, frozen_now):
    data = new_cohort(session(1, date="2026-11-02"))
    first = facilitator_client.post(reverse("workshops:cohort_create"), data)
    body = first.content.decode()
    assert first.status_code == 200
    assert "Check before you save" in body
    assert "Part 1 is on 2 November 2026, which is in the past" in body
    assert not Cohort.objects.filter(name="Bedford Hospital pharmacy").exists()

    second = facilitator_client.post(reverse("workshops:cohort_create"), {**data, "save_anyway": "1"})
    assert second.status_code == 302
    assert Cohort.objects.get(name="Bedford Hospital pharmacy").sessions.get().date == datetime.date(
        2026, 11, 2
    )


def test_a_part_before_the_one_it_follows_warns(facilitator_client, frozen_now):
    data = new_cohort(session(1, date="2026-12-16"), session(2, date="2026-12-02"))
    body = facilitator_client.post(reverse("workshops:cohort_create"), data).content.decode()
    assert "Part 2 (2 December 2026) comes before part 1 (16 December 2026)" in body
    assert not Cohort.objects.filter(name="Bedford Hospital pharmacy").exists()


def test_editing_a_finished_cohort_does_not_warn_about_its_past_dates(facilitator_client, cohort):
    cohort.sessions.filter(part=1).update(date=datetime.date(2022, 11, 16))
    cohort.sessions.filter(part=2).update(date=datetime.date(2022, 12, 1))
    response = facilitator_client.post(url("edit", cohort), edit_post(cohort, expected_participants="30"))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.expected_participants == 30


def test_a_name_another_cohort_has_warns(facilitator_client, cohort, frozen_now):
    data = new_cohort(session(1, date="2026-12-16"), name="luton pharmacy team")
    body = facilitator_client.post(reverse("workshops:cohort_create"), data).content.decode()
    assert "Another cohort is already called “luton pharmacy team”" in body
    assert Cohort.objects.filter(name__iexact="luton pharmacy team").count() == 1


def test_rescheduling_part_2_before_part_1_warns(facilitator_client, cohort, frozen_now):
    reschedule = reverse("workshops:session_reschedule", args=[cohort.slug, 2])
    data = {"date": "2026-11-24", "starts_at": "09:30", "ends_at": "12:30", "venue": ""}
    body = facilitator_client.post(reschedule, data).content.decode()
    assert "Part 2 (24 November 2026) comes before part 1 (25 November 2026)" in body
    assert "24 November 2026, which is in the past" in body
    assert cohort.sessions.get(part=2).date == datetime.date(2026, 12, 9)
    facilitator_client.post(reschedule, {**data, "save_anyway": "1"})
    assert cohort.sessions.get(part=2).date == datetime.date(2026, 11, 24)


# Duplicate ------------------------------------------------------------------------------------


def test_a_facilitator_duplicates_a_cohort_onto_new_dates(
    facilitator_client, facilitator, cohort, frozen_now
):
    evaluation_services.surveys_create_for_cohort(cohort=cohort)
    evaluation_services.survey_open(survey=cohort.surveys.get(phase="before"))
    survey = cohort.surveys.get(phase="after")
    survey.items.filter(position=1).update(text="A question of our own")
    CommitmentSettings.objects.create(cohort=cohort, needs_approval=True, is_open=True)
    CommitmentFactory(cohort=cohort, participant=ParticipantFactory(cohort=cohort))
    data = {"name": "Luton Pharmacy Team, spring 2027", "date_1": "2027-03-03", "date_2": "2027-03-17"}

    response = facilitator_client.post(url("duplicate", cohort), data)

    copy = Cohort.objects.get(name="Luton Pharmacy Team, spring 2027")
    assert response.url == copy.get_absolute_url()
    assert copy.join_code != cohort.join_code and copy.slug != cohort.slug
    assert (copy.workshop, copy.organisation, copy.expected_participants) == (
        cohort.workshop,
        cohort.organisation,
        cohort.expected_participants,
    )
    assert list(copy.facilitators.all()) == [facilitator]
    old, new = list(cohort.sessions.all()), list(copy.sessions.all())
    assert [s.date for s in new] == [datetime.date(2027, 3, 3), datetime.date(2027, 3, 17)]
    assert [(s.part, s.title, s.starts_at, s.ends_at, s.venue) for s in new] == [
        (s.part, s.title, s.starts_at, s.ends_at, s.venue) for s in old
    ]
    assert list(copy.surveys.values_list("phase", flat=True)) == list(
        cohort.surveys.values_list("phase", flat=True)
    )
    assert set(copy.surveys.values_list("status", flat=True)) == {"draft"}
    assert copy.surveys.get(phase="after").items.filter(text="A question of our own").exists()
    assert not copy.commitments.exists()
    assert CommitmentSettings.objects.get(cohort=copy).needs_approval
    assert not CommitmentSettings.objects.get(cohort=copy).is_open


def test_duplicating_asks_for_each_new_date_in_plain_words(facilitator_client, cohort):
    response = facilitator_client.post(url("duplicate", cohort), {"name": "", "date_1": "2027-02-31"})
    body = response.content.decode()
    assert "Enter the new cohort’s name" in body
    assert "The new date of Part 1: equity and QI must be a real date" in body
    assert "Enter the new date of Part 2: using QI" in body
    assert Cohort.objects.count() == 1


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_only_the_cohort_s_facilitator_may_duplicate_it(lead, other_facilitator, cohort):
    data = {"name": "A copy", "date_1": "2027-03-03", "date_2": "2027-03-17"}
    assert client_of(lead).post(url("duplicate", cohort), data).status_code == 403
    assert client_of(other_facilitator).post(url("duplicate", cohort), data).status_code == 404
    assert client_of().post(url("duplicate", cohort), data).url.startswith(reverse("login"))
    assert Cohort.objects.count() == 1


# Archive --------------------------------------------------------------------------------------


def test_an_archived_cohort_leaves_the_dashboard_until_asked_for(facilitator_client, cohort, frozen_now):
    response = facilitator_client.post(url("archive", cohort), {"archive": "1"})
    cohort.refresh_from_db()
    assert response.url == cohort.get_absolute_url()
    assert cohort.is_archived
    dashboard, link = reverse("workshops:dashboard"), f'href="{cohort.get_absolute_url()}"'
    assert link not in facilitator_client.get(dashboard).content.decode()
    assert link in facilitator_client.get(dashboard, {"archived": "1"}).content.decode()

    facilitator_client.post(url("archive", cohort), {"archive": "0"})
    cohort.refresh_from_db()
    assert not cohort.is_archived


def test_archiving_takes_only_a_post_from_the_cohort_s_facilitator(facilitator_client, lead_client, cohort):
    assert facilitator_client.get(url("archive", cohort)).status_code == 405
    assert lead_client.post(url("archive", cohort), {"archive": "1"}).status_code == 403
    cohort.refresh_from_db()
    assert not cohort.is_archived


def test_cancelled_archived_and_test_cohorts_stay_out_of_the_programme_s_figures(cohort):
    cancelled = CohortFactory(is_cancelled=True)
    test = CohortFactory(is_test=True)
    archived = CohortFactory()
    archived.archived_at = archived.created_at
    archived.save()
    counted = Cohort.objects.in_programme_figures()
    assert set(counted) == {cohort}
    assert {cancelled, test, archived} <= set(Cohort.objects.all())


def test_the_programme_report_counts_only_the_cohorts_in_its_figures(lead_client, cohort):
    CohortFactory(name="A practice run", is_test=True)
    SessionFactory(cohort=CohortFactory(name="Called off", is_cancelled=True), part=1)
    body = lead_client.get(reverse("reports:programme_report")).content.decode()
    assert cohort.name in body
    assert "A practice run" not in body
    assert "Called off" not in body


# Delete ---------------------------------------------------------------------------------------


def test_a_cohort_nobody_has_answered_is_deleted_after_a_confirmation_page(facilitator_client, cohort):
    evaluation_services.surveys_create_for_cohort(cohort=cohort)
    page = facilitator_client.get(url("delete", cohort))
    assert "Delete Luton Pharmacy Team?" in page.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()

    response = facilitator_client.post(url("delete", cohort))
    assert response.url == reverse("workshops:dashboard")
    assert not Cohort.objects.filter(pk=cohort.pk).exists()
    assert not Survey.objects.exists()


def test_a_cohort_with_answers_or_commitments_is_kept_and_archiving_is_offered(facilitator_client, cohort):
    survey = evaluation_services.survey_open(
        survey=evaluation_services.survey_add(cohort=cohort, phase="before")
    )
    participant = ParticipantFactory(cohort=cohort)
    evaluation_services.response_submit(
        survey=survey, participant=participant, token="t", answers={}, about_you={}
    )
    CommitmentFactory(cohort=cohort, participant=participant)

    page = facilitator_client.get(url("delete", cohort)).content.decode()
    response = facilitator_client.post(url("delete", cohort))

    assert "cannot be deleted" in page
    assert "It holds 1 survey response and 1 commitment" in page
    assert "Archive this cohort" in page
    assert response.status_code == 200
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_only_the_cohort_s_facilitator_may_delete_it(lead, other_facilitator, facilitator, cohort):
    assert client_of(lead).post(url("delete", cohort)).status_code == 403
    assert client_of(other_facilitator).post(url("delete", cohort)).status_code == 404
    assert client_of().post(url("delete", cohort)).url.startswith(reverse("login"))
    assert client_of(facilitator).put(url("delete", cohort)).status_code == 405
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_duplicating_takes_only_get_and_post(facilitator_client, cohort):
    assert facilitator_client.put(url("duplicate", cohort)).status_code == 405
    assert Cohort.objects.count() == 1


def test_the_dashboard_costs_the_same_queries_with_archived_cohorts_shown(
    facilitator_client, facilitator, django_assert_num_queries, frozen_now
):
    for n in range(6):
        archived = CohortFactory(
            facilitators=[facilitator], archived_at=None if n % 2 else "2026-11-01T10:00Z"
        )
        SessionFactory(cohort=archived, part=1, date=datetime.date(2026, 12, 1))
    with django_assert_num_queries(5):
        body = facilitator_client.get(reverse("workshops:dashboard"), {"archived": "1"}).content.decode()
    assert body.count('status-tag">Archived') == 3


def test_an_edit_that_keeps_a_shared_name_does_not_warn_again(facilitator_client, cohort):
    CohortFactory(name=cohort.name)
    response = facilitator_client.post(url("edit", cohort), edit_post(cohort, expected_participants="25"))
    assert response.status_code == 302
