"""On a phone: a team requests the workshop, and a participant signs the register."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from arrangements.models import WorkshopRequest
from attendance import services
from attendance.models import Attendee
from tests.browser import assert_accessible
from tests.factories import CohortFactory, ProgrammeFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_requests_the_workshop_on_a_360_px_phone(narrow_phone, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ProgrammeFactory()  # the site runs one programme, so the team is not asked which
    # Given a team lead on the start page of a narrow phone
    narrow_phone.goto("/")
    narrow_phone.get_by_role("link", name="Request this workshop for your team").click()
    expect(narrow_phone.get_by_role("heading", name="Request this workshop for your team")).to_be_visible()
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)

    # When they send it half filled in
    narrow_phone.get_by_label("Your team’s name").fill("Luton Community Nursing")
    narrow_phone.get_by_label("Your NHS email address").fill("daniel.mensah")
    narrow_phone.get_by_role("button", name="Send the request").click()

    # Then the page says what is missing, and keeps what they typed
    expect(narrow_phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(narrow_phone.get_by_label("Your team’s name")).to_have_value("Luton Community Nursing")
    assert_accessible(narrow_phone)

    # When they finish it and send it
    narrow_phone.get_by_label("Your organisation").fill("Cambridgeshire Community Services NHS Trust")
    narrow_phone.get_by_label("Your full name").fill("Daniel Mensah")
    narrow_phone.get_by_label("Your NHS email address").fill("daniel.mensah@nhs.net")
    narrow_phone.get_by_label("How many people in your team would take part").fill("24")
    narrow_phone.get_by_label("What does your team work on").fill(
        "District nurses visiting housebound patients"
    )
    narrow_phone.get_by_role("button", name="Send the request").click()

    # Then they see it is sent, and the programme has it
    expect(narrow_phone.get_by_role("heading", name="Request sent")).to_be_visible()
    assert_accessible(narrow_phone)
    assert WorkshopRequest.objects.get().group_size == 24


def test_a_participant_signs_the_register_on_their_phone(narrow_phone, facilitator):
    # Given a session today whose sign-in the facilitator opened, and a name on the register
    cohort = CohortFactory(name="Luton Pharmacy Team", facilitators=[facilitator])
    session = SessionFactory(cohort=cohort, part=1, date=timezone.localdate(), title="Part 1: equity and QI")
    SessionFactory(cohort=cohort, part=2, date=timezone.localdate() + datetime.timedelta(days=14))
    sign_in = services.sign_in_open(session=session, is_open=True)
    Attendee.objects.create(cohort=cohort, name="Ann Lee")

    # When a participant opens the workshop page and chooses to sign the register
    narrow_phone.goto(cohort.get_join_url())
    narrow_phone.get_by_role("link", name="Sign the register").click()
    assert_accessible(narrow_phone)

    # And types their name and the code on the screen
    narrow_phone.get_by_label("Your full name").fill("ann lee")
    narrow_phone.get_by_label("Email address for your certificate (optional)").fill("ann.lee@nhs.net")
    narrow_phone.get_by_label("Register code").fill(sign_in.code.lower())
    narrow_phone.get_by_role("button", name="Sign the register").click()

    # Then they are back on the workshop page, told they are on the register
    expect(narrow_phone.get_by_text("Thank you, Ann Lee: you are on the register for Part 1")).to_be_visible()
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)
    assert Attendee.objects.get().attendances.get().session == session
