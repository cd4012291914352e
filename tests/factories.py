import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workshops import roles
from workshops.models import Cohort, Programme, Session, Workshop


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=name)[0])
        if create:
            self.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """The tests' one programme unless a test names another: staff and cohorts all belong to it."""

    class Meta:
        model = Programme
        django_get_or_create = ["name"]

    name = "BLMK inequalities programme"
    run_with = "East London NHS Foundation Trust"


def _in_programmes(user, programmes):
    user.programmes.add(*([ProgrammeFactory()] if programmes is None else programmes))
    return user


def facilitator_factory(*, programmes=None, **kwargs):
    """A facilitator of the tests' programme (or of `programmes`)."""
    return _in_programmes(UserFactory(groups=[roles.FACILITATORS], **kwargs), programmes)


def lead_factory(*, programmes=None, **kwargs):
    """A lead of the tests' programme (or of `programmes`)."""
    return _in_programmes(UserFactory(groups=[roles.PROGRAMME_LEADS], **kwargs), programmes)


def national_lead_factory(**kwargs):
    return UserFactory(groups=[roles.NATIONAL_LEADS], **kwargs)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        django_get_or_create = ["slug"]

    title = "Using QI to Tackle Inequity"
    slug = "using-qi-to-tackle-inequity"
    summary = "A short, practical course."


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    organisation = "BLMK ICB"
    expected_participants = 20

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    part = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2026, 12, 1)
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(12, 30)
    venue = "Capability House, Wrest Park"
