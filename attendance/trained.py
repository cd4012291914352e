"""People trained: who attended at least one part of a cohort, and who attended every part.

A part is a scheduled session (a cancelled one is not a part anyone could attend). The same few
queries for one cohort or a whole programme (docs/adr/0012).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from attendance.models import Attendee
from workshops.models import Cohort, Session


@dataclass
class Trained:
    expected: int = 0  # on the register
    parts: int = 0  # the cohort's scheduled sessions
    at_least_one: int = 0
    all_parts: int = 0


@dataclass
class OrganisationTrained:
    organisation: str
    cohorts: int = 0
    trained: Trained = field(default_factory=Trained)


@dataclass
class ProgrammeTrained:
    by_cohort: dict[int, Trained]
    by_organisation: list[OrganisationTrained]
    cohort_rows: list[tuple[Cohort, Trained]]  # the cohorts with a register, in the report's order

    @property
    def staff(self) -> int:
        return sum(t.at_least_one for t in self.by_cohort.values())

    @property
    def all_parts(self) -> int:
        return sum(t.all_parts for t in self.by_cohort.values())

    @property
    def teams(self) -> int:
        return sum(1 for row in self.by_organisation if row.trained.at_least_one)

    def of(self, cohort: Cohort) -> Trained:
        return self.by_cohort.get(cohort.pk, Trained())


def trained_by_cohort(cohorts: QuerySet) -> dict[int, Trained]:
    """Two queries: the cohorts' parts, and each person's count of parts attended."""
    parts = dict(
        Session.objects.scheduled()
        .filter(cohort__in=cohorts)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, Trained] = defaultdict(Trained)
    people = (
        Attendee.objects.filter(cohort__in=cohorts)
        .annotate(
            attended=Count("attendances", filter=~Q(attendances__session__status=Session.Status.CANCELLED))
        )
        .values_list("cohort_id", "attended")
        .order_by()
    )
    for cohort_id, attended in people:
        row = result[cohort_id]
        row.expected += 1
        row.at_least_one += attended > 0
        row.all_parts += attended > 0 and attended >= parts.get(cohort_id, 0)
    for cohort_id, n in parts.items():
        result[cohort_id].parts = n
    return dict(result)


def cohort_trained(cohort: Cohort) -> Trained:
    return trained_by_cohort(Cohort.objects.filter(pk=cohort.pk)).get(cohort.pk, Trained())


def programme_trained(cohorts: list[Cohort], cohort_queryset: QuerySet) -> ProgrammeTrained:
    """People trained by cohort and by organisation (the cohort's), for the programme report."""
    by_cohort = trained_by_cohort(cohort_queryset)
    organisations: dict[str, OrganisationTrained] = {}
    for cohort in cohorts:
        name = cohort.organisation or cohort.name
        row = organisations.setdefault(name, OrganisationTrained(name))
        trained = by_cohort.get(cohort.pk)
        if trained is None:
            continue
        row.cohorts += 1
        row.trained.expected += trained.expected
        row.trained.at_least_one += trained.at_least_one
        row.trained.all_parts += trained.all_parts
    rows = sorted(
        (row for row in organisations.values() if row.cohorts),
        key=lambda row: (-row.trained.at_least_one, row.organisation),
    )
    cohort_rows = [(cohort, by_cohort[cohort.pk]) for cohort in cohorts if cohort.pk in by_cohort]
    return ProgrammeTrained(by_cohort, rows, cohort_rows)
