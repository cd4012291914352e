"""The demo around the day: two requests (one now the upcoming cohort), the BLMK register and agendas."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from arrangements.models import AgendaItem, WorkshopRequest
from attendance import trained
from attendance.models import Attendance, Attendee
from workshops.models import Cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, frozen_now):
    settings.DEBUG = True
    call_command("load_demo")


def test_two_requests_one_of_them_the_upcoming_cohort(demo):
    requests = list(WorkshopRequest.objects.order_by("created_at"))
    assert len(requests) == 2
    upcoming = Cohort.objects.get(join_code="NEW7QC")
    assert requests[0].cohort == upcoming and requests[0].status == "scheduled"
    assert requests[1].cohort is None and requests[1].is_stale()


def test_the_blmk_register_has_21_expected_and_attendance_for_both_mornings(demo):
    blmk = Cohort.objects.get(join_code="MED4QT")
    assert Attendee.objects.filter(cohort=blmk).count() == 21
    for session in blmk.sessions.all():
        assert Attendance.objects.filter(session=session).count() >= 18
        assert AgendaItem.objects.filter(session=session).count() == 5
    counts = trained.cohort_trained(blmk)
    assert (counts.expected, counts.at_least_one, counts.all_parts) == (21, 20, 17)


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (WorkshopRequest.objects.count(), Attendee.objects.count(), Attendance.objects.count())
    call_command("load_demo")
    assert (WorkshopRequest.objects.count(), Attendee.objects.count(), Attendance.objects.count()) == counts


def test_the_blmk_report_keeps_its_published_figures(demo, lead_client):
    blmk = Cohort.objects.get(join_code="MED4QT")
    page = lead_client.get(reverse("reports:cohort_report", args=[blmk.slug])).content.decode()
    for figure in ("100% (15 of 15)", "86.7% (13 of 15)", "94.1% (16 of 17)", "94.7% (18 of 19)"):
        assert figure in page
