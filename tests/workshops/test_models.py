import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import CohortFactory, SessionFactory, UserFactory, facilitator_factory, lead_factory
from workshops.models import JOIN_CODE_ALPHABET, Cohort, Session, normalise_join_code

pytestmark = pytest.mark.django_db


def test_a_new_cohort_gets_a_six_character_join_code_without_ambiguous_characters():
    codes = {CohortFactory().join_code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set("0O1IL5S2Z8B")


def test_two_cohorts_cannot_share_a_join_code():
    first = CohortFactory()
    second = CohortFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=second.pk).update(join_code=first.join_code)


def test_the_database_refuses_a_join_code_with_ambiguous_characters():
    cohort = CohortFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(join_code="ABC10O")


def test_a_typed_code_is_read_whatever_its_case_spaces_or_dashes():
    assert normalise_join_code(" kxm 4tq ") == "KXM4TQ"
    assert normalise_join_code("KXM-4TQ") == "KXM4TQ"


def test_a_cohort_without_a_slug_gets_one_from_its_name_and_never_a_taken_one():
    first = CohortFactory(name="Luton PCN pharmacists")
    second = CohortFactory(name="Luton PCN pharmacists")
    assert first.slug == "luton-pcn-pharmacists"
    assert second.slug == "luton-pcn-pharmacists-2"


def test_a_session_must_end_after_it_starts():
    session = SessionFactory.build(
        cohort=CohortFactory(), starts_at=datetime.time(12, 0), ends_at=datetime.time(11, 0)
    )
    with pytest.raises(ValidationError, match="end time must be after"):
        session.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_a_cohort_has_one_session_per_part_and_parts_start_at_one():
    cohort = CohortFactory()
    SessionFactory(cohort=cohort, part=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(cohort=cohort, part=1, date=datetime.date(2026, 12, 20))
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(cohort=cohort, part=0, date=datetime.date(2026, 12, 21))


def test_a_session_clashes_with_an_overlapping_session_of_its_cohort_but_not_a_cancelled_one():
    cohort = CohortFactory()
    morning = SessionFactory(cohort=cohort, part=1, starts_at=datetime.time(9), ends_at=datetime.time(12))
    late_morning = Session(
        cohort=cohort, part=2, date=morning.date, starts_at=datetime.time(11), ends_at=datetime.time(13)
    )
    afternoon = Session(
        cohort=cohort, part=2, date=morning.date, starts_at=datetime.time(12), ends_at=datetime.time(15)
    )
    assert late_morning.first_clash() == morning
    assert afternoon.first_clash() is None  # back to back is fine
    morning.status = Session.Status.CANCELLED
    morning.save()
    assert late_morning.first_clash() is None


def test_another_cohorts_session_at_the_same_time_is_no_clash():
    morning = SessionFactory(starts_at=datetime.time(9), ends_at=datetime.time(12))
    other = Session(
        cohort=CohortFactory(),
        part=1,
        date=morning.date,
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
    )
    assert other.first_clash() is None


def test_facilitators_see_their_own_cohorts_leads_see_all_outsiders_none():
    facilitator, other, lead, outsider = (
        facilitator_factory(),
        facilitator_factory(),
        lead_factory(),
        UserFactory(),
    )
    mine = CohortFactory(facilitators=[facilitator])
    theirs = CohortFactory(facilitators=[other])
    assert list(Cohort.objects.for_user(facilitator)) == [mine]
    assert set(Cohort.objects.for_user(lead)) == {mine, theirs}
    assert not Cohort.objects.for_user(outsider).exists()


def test_a_lead_sees_every_cohort_of_their_programme_but_manages_none_unless_facilitating():
    lead = lead_factory()
    cohort = CohortFactory()
    assert list(Cohort.objects.for_user(lead)) == [cohort]
    assert not Cohort.objects.managed_by(lead).exists()


def test_a_superuser_manages_every_cohort():
    admin = UserFactory(is_superuser=True)
    cohort = CohortFactory()
    assert list(Cohort.objects.managed_by(admin)) == [cohort]
    assert list(Cohort.objects.for_user(admin)) == [cohort]


def test_an_inactive_facilitator_sees_nothing():
    facilitator = facilitator_factory(is_active=False)
    CohortFactory(facilitators=[facilitator])
    assert not Cohort.objects.for_user(facilitator).exists()


def test_upcoming_sessions_start_today_and_come_in_date_order(frozen_now):
    cohort = CohortFactory()
    SessionFactory(cohort=cohort, part=1, date=datetime.date(2026, 11, 24))
    later = SessionFactory(cohort=cohort, part=2, date=datetime.date(2026, 12, 10))
    today = SessionFactory(cohort=cohort, part=3, date=datetime.date(2026, 11, 25))
    assert list(Session.objects.upcoming()) == [today, later]
