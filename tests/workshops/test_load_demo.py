import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from workshops.models import Cohort

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row of every model of ours (and the users), as plain values."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"workshops", "evaluations", "commitments", "auth"}:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_the_demo_refuses_to_load_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_the_demo_loads_with_force_and_running_it_twice_changes_nothing(settings, frozen_now, capsys):
    settings.DEBUG = False
    call_command("load_demo", "--force")
    first = snapshot()
    call_command("load_demo", "--force")
    assert snapshot() == first
    out = capsys.readouterr().out
    assert "facilitator" in out and "lead" in out and "qiequity-demo" in out


def test_the_demo_has_the_accounts_the_blmk_cohort_and_one_running_today(settings, frozen_now):
    settings.DEBUG = True
    call_command("load_demo")
    facilitator = get_user_model().objects.get(username="facilitator")
    lead = get_user_model().objects.get(username="lead")
    assert facilitator.check_password("qiequity-demo")
    assert list(facilitator.groups.values_list("name", flat=True)) == ["Facilitators"]
    assert list(lead.groups.values_list("name", flat=True)) == ["Programme leads"]

    blmk = Cohort.objects.get(slug="blmk-medicines-optimisation-2022")
    sessions = list(blmk.sessions.all())
    assert [s.date.isoformat() for s in sessions] == ["2022-11-16", "2022-12-01"]
    assert all(s.starts_at.hour < 12 and "Capability House, Wrest Park" in s.venue for s in sessions)
    assert [a.text[:40] for a in blmk.workshop.aims.all()] == [
        "Understand what inequality and equity ar",
        "Understand what QI is, and the tools and",
        "Understand how to use QI to tackle inequ",
    ]
    running = Cohort.objects.get(slug="blmk-primary-care-pharmacy")
    assert running.sessions.first().date.isoformat() == "2026-11-25"


def test_loaded_again_on_a_later_day_the_running_cohort_has_its_session_that_day(settings, frozen_now):
    settings.DEBUG = True
    call_command("load_demo")
    frozen_now.shift(datetime.timedelta(days=9))
    call_command("load_demo")
    running = Cohort.objects.get(slug="blmk-primary-care-pharmacy")
    assert [s.date.isoformat() for s in running.sessions.all()] == ["2026-12-04", "2026-12-18"]
    blmk = Cohort.objects.get(slug="blmk-medicines-optimisation-2022")
    assert [s.date.isoformat() for s in blmk.sessions.all()] == ["2022-11-16", "2022-12-01"]


def test_the_demo_password_comes_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-secret")
    call_command("load_demo")
    assert get_user_model().objects.get(username="lead").check_password("another-demo-secret")


def test_load_demo_prints_the_join_codes_as_the_readme_and_the_projector_do(settings, frozen_now, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for code in ("MED 4QT", "NEW 7QC"):
        assert f"(code {code})" in out
        assert f"`{code}`" in readme


def test_make_demo_serves_with_debug_off_so_a_mistyped_link_shows_our_own_page(settings):
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    serve = next(line for line in recipe.splitlines() if "runserver" in line)
    assert "DEBUG=false" in serve
    assert "collectstatic" in recipe  # whitenoise serves the static files when DEBUG is off
