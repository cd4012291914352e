"""The hooks through which the apps built on workshops take part (docs/adr/0002).

An app's AppConfig may define any of:
- `open_activities(cohort, participant) -> list[Activity]`: what a participant can do now in the
  cohort, each marked done if this phone (participant, or None when unknown) has done it;
- `cohort_created(cohort, *, about_you)`: called once, in the same transaction, after a
  facilitator creates a cohort with its sessions (e.g. to copy the workshop's default surveys);
  `about_you` is false when they unticked asking participants about themselves;
- `cohort_duplicated(source, cohort)`: called instead of `cohort_created` when a cohort is made as a
  copy of another (e.g. to copy its surveys, questions and all);
- `cohort_records(cohort) -> list[str]`: what the app holds that deleting the cohort would lose,
  in words ("3 survey responses"); a cohort with any is kept, not deleted;
- `cohort_section(request, cohort) -> str`: the app's part of the cohort's staff page, as HTML
  (the cohort comes with `can_manage` set, see workshops/access.py);
- `commitment_section(request, commitment) -> str`: the app's part of a commitment's follow-up
  page, as HTML (e.g. projects: the QI project a project idea became, or a button to start one);
- `load_demo(*, today, out)`: add the app's demo rows, idempotently.
They are called in INSTALLED_APPS order.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Activity:
    title: str
    description: str
    url: str
    action: str
    done: bool = False  # this phone has done it already; the page offers to change it


def app_hooks(name: str) -> Iterator[Callable]:
    for config in apps.get_app_configs():
        hook = getattr(config, name, None)
        if hook is not None:
            yield hook


def open_activities(cohort, participant=None) -> list[Activity]:
    return [activity for hook in app_hooks("open_activities") for activity in hook(cohort, participant)]


def cohort_sections(request, cohort) -> list[str]:
    """Each app's part of the cohort's staff page, in INSTALLED_APPS order."""
    return [hook(request, cohort) for hook in app_hooks("cohort_section")]
