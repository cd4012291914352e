"""The demo's commitments: the BLMK team's post-its, followed up, and an open wall for today's cohort."""

import datetime

import pytest
from django.core.management import call_command

from commitments.models import Commitment, CommitmentSettings, FollowUpNote
from workshops.models import Cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, frozen_now):
    settings.DEBUG = True
    call_command("load_demo")


def test_the_blmk_cohort_has_about_fifteen_varied_commitments_with_their_follow_up(demo):
    blmk = Cohort.objects.get(slug="blmk-medicines-optimisation-2022")
    commitments = list(blmk.commitments.all())
    assert 12 <= len(commitments) <= 18
    assert {c.kind for c in commitments} == {"action", "project_idea"}
    assert any(c.display_name for c in commitments) and any(not c.display_name for c in commitments)
    assert {c.status for c in commitments} == {"committed", "in_progress", "done", "not_pursued"}
    assert blmk.commitments.overdue(datetime.date(2026, 11, 25)).count() >= 3
    assert any(
        c.text.startswith("Audit who is missing out on a structured medication review") for c in commitments
    )
    assert FollowUpNote.objects.filter(commitment__cohort=blmk, author__username="lead").exists()
    assert FollowUpNote.objects.filter(commitment__cohort=blmk, author=None).exists()
    assert blmk.commitments.filter(qi_project_started=True).exists()
    assert not CommitmentSettings.of(blmk).is_open
    assert {c.created_at.date() for c in commitments} == {datetime.date(2022, 12, 1)}


def test_todays_cohort_has_an_open_form_and_cards_on_its_wall(demo, client):
    running = Cohort.objects.get(slug="blmk-primary-care-pharmacy")
    assert running.join_code == "NEW7QC"
    assert CommitmentSettings.of(running).is_open
    assert running.commitments.on_wall().count() >= 3
    assert "Write a commitment" in client.get("/j/NEW7QC/").content.decode()


def test_loading_the_demo_twice_adds_no_commitments(demo):
    before = Commitment.objects.count()
    call_command("load_demo")
    assert Commitment.objects.count() == before
