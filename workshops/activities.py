"""What a participant can do right now in a cohort, gathered from the apps that offer something.

An app joins in by giving its AppConfig an `open_activities(cohort)` method that returns a list
of `Activity`; the landing page shows them in INSTALLED_APPS order (see docs/adr/0002).
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Activity:
    title: str
    description: str
    url: str
    action: str


def open_activities(cohort) -> list[Activity]:
    found: list[Activity] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "open_activities", None)
        if provider is not None:
            found.extend(provider(cohort))
    return found
