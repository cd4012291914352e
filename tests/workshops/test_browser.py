"""A facilitator sets up a cohort on a laptop; a participant joins it by typed code on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in
from workshops.models import Cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_creates_a_cohort_with_two_sessions(laptop, facilitator):
    # Given a facilitator who has logged in
    log_in(laptop, "facilitator")
    expect(laptop.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert_accessible(laptop)

    # When they create a cohort, adding the second session without JavaScript
    laptop.get_by_role("link", name="Create a cohort").click()
    assert_accessible(laptop)
    laptop.get_by_label("Name").fill("Bedford Hospital pharmacy")
    laptop.get_by_label("Organisation or team").fill("Bedfordshire Hospitals")
    laptop.get_by_label("Expected number of participants").fill("16")
    laptop.locator("#id_sessions-0-date").fill("2027-01-12")
    laptop.locator("#id_sessions-0-starts_at").fill("09:30")
    laptop.locator("#id_sessions-0-ends_at").fill("12:30")
    laptop.locator("#id_sessions-0-venue").fill("Capability House, Wrest Park")
    laptop.get_by_role("button", name="Add another session").click()
    expect(laptop.locator("#id_sessions-0-venue")).to_have_value("Capability House, Wrest Park")
    laptop.locator("#id_sessions-1-date").fill("2027-01-26")
    laptop.locator("#id_sessions-1-starts_at").fill("09:30")
    laptop.locator("#id_sessions-1-ends_at").fill("12:30")
    laptop.get_by_role("button", name="Save cohort").click()

    # Then the cohort's page lists both sessions and the join code
    expect(laptop.get_by_role("heading", name="Bedford Hospital pharmacy")).to_be_visible()
    cohort = Cohort.objects.get(name="Bedford Hospital pharmacy")
    assert cohort.sessions.count() == 2
    expect(laptop.get_by_text(cohort.join_code_for_display())).to_be_visible()
    assert_accessible(laptop)

    # And the projector page shows the QR code
    laptop.get_by_role("link", name="Show join QR code").click()
    expect(laptop.locator("svg.qr-code")).to_be_visible()
    assert_accessible(laptop)


def test_a_facilitator_sees_what_is_wrong_with_a_half_filled_cohort(laptop, facilitator):
    log_in(laptop, "facilitator")
    laptop.goto("/cohorts/new/")
    laptop.locator("#id_sessions-0-date").fill("2027-01-12")
    laptop.locator("#id_sessions-0-starts_at").fill("12:30")
    laptop.locator("#id_sessions-0-ends_at").fill("09:30")
    laptop.get_by_role("button", name="Save cohort").click()
    expect(laptop).to_have_title("Error: Create a cohort – qiequity")
    summary = laptop.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="The end time must be after the start time")).to_be_visible()
    expect(laptop.locator("#id_sessions-0-date")).to_have_value("2027-01-12")
    assert_accessible(laptop)


def test_a_participant_joins_by_typing_the_code_on_a_phone(narrow_phone, cohort):
    # Given a participant whose camera cannot scan the QR code
    narrow_phone.goto("/")
    assert_accessible(narrow_phone)

    # When they mistype the code, they are told so and keep what they typed
    narrow_phone.get_by_label("Workshop code").fill("zzz 999")
    narrow_phone.get_by_role("button", name="Continue").click()
    expect(narrow_phone).to_have_title("Error: Join a workshop – qiequity")
    expect(narrow_phone.get_by_role("alert")).to_be_focused()
    expect(narrow_phone.get_by_label("Workshop code")).to_have_value("zzz 999")
    assert_accessible(narrow_phone)

    # And when they type it right, in lower case with a space, they reach the cohort's page
    code = cohort.join_code
    narrow_phone.get_by_label("Workshop code").fill(f"{code[:3].lower()} {code[3:].lower()}")
    narrow_phone.get_by_role("button", name="Continue").click()
    expect(narrow_phone.get_by_role("heading", name="Using QI to Tackle Inequity")).to_be_visible()
    expect(narrow_phone.get_by_text("Nothing is open yet")).to_be_visible()
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)


def test_a_facilitator_runs_a_cohort_again_then_archives_the_old_one_and_deletes_a_mistake(laptop, cohort):
    # Given the facilitator of a cohort that ran this autumn
    log_in(laptop, "facilitator")
    laptop.goto(cohort.get_absolute_url())

    # When they duplicate it for the spring, once with a part 2 before its part 1
    laptop.get_by_role("link", name="Duplicate this cohort").click()
    assert_accessible(laptop)
    laptop.get_by_label("Name of the new cohort").fill("Luton Pharmacy Team, spring 2027")
    laptop.get_by_label("New date of Part 1: equity and QI").fill("2027-03-17")
    laptop.get_by_label("New date of Part 2: using QI").fill("2027-03-03")
    laptop.get_by_role("button", name="Create the new cohort").click()

    # Then they are asked to check, and can put it right before saving
    expect(laptop.get_by_role("heading", name="Check before you save")).to_be_visible()
    expect(laptop.get_by_text("Part 2 (3 March 2027) comes before part 1 (17 March 2027)")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_label("New date of Part 1: equity and QI").fill("2027-03-03")
    laptop.get_by_label("New date of Part 2: using QI").fill("2027-03-17")
    laptop.get_by_role("button", name="Create the new cohort").click()
    expect(laptop.get_by_role("heading", name="Luton Pharmacy Team, spring 2027")).to_be_visible()
    copy = Cohort.objects.get(name="Luton Pharmacy Team, spring 2027")
    expect(laptop.get_by_text(copy.join_code_for_display())).to_be_visible()
    assert_accessible(laptop)

    # When they archive the old cohort, it leaves the dashboard
    laptop.goto(cohort.get_absolute_url())
    laptop.get_by_role("button", name="Archive this cohort").click()
    expect(laptop.get_by_text("is archived: kept, but off the dashboard")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_role("link", name="Dashboard").click()
    table = laptop.get_by_role("table")
    expect(table.get_by_role("link", name="Luton Pharmacy Team, spring 2027")).to_be_visible()
    expect(table.get_by_role("link", name="Luton Pharmacy Team", exact=True)).to_have_count(0)

    # And the copy, made by mistake after all, is deleted after a confirmation page
    laptop.goto(copy.get_absolute_url())
    laptop.get_by_role("link", name="Delete this cohort").click()
    expect(laptop.get_by_role("heading", name="Delete Luton Pharmacy Team, spring 2027?")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Delete this cohort").click()
    expect(laptop.get_by_text("is deleted")).to_be_visible()
    assert not Cohort.objects.filter(pk=copy.pk).exists()
    assert Cohort.objects.get(pk=cohort.pk).is_archived


def test_a_facilitator_who_forgot_their_password_resets_it_by_email_on_a_phone(narrow_phone, facilitator):
    # Given a facilitator at the sign-in page who has forgotten their password
    narrow_phone.goto("/accounts/login/")
    narrow_phone.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(narrow_phone)

    # When they ask for a link, first with a mistyped address
    narrow_phone.get_by_label("Email address").fill("priya at nhs")
    narrow_phone.get_by_role("button", name="Email me a link").click()
    expect(narrow_phone).to_have_title("Error: Reset your password – qiequity")
    expect(narrow_phone.get_by_role("alert")).to_be_focused()
    assert_accessible(narrow_phone)
    narrow_phone.get_by_label("Email address").fill(facilitator.email)
    narrow_phone.get_by_role("button", name="Email me a link").click()
    expect(narrow_phone.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(narrow_phone)

    # Then the email's link lets them choose a new password, and sign in with it
    link = re.search(r"/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    narrow_phone.goto(link)
    expect(narrow_phone.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(narrow_phone)
    narrow_phone.locator("#id_new_password1").fill("a-long-new-passphrase-7")
    narrow_phone.locator("#id_new_password2").fill("a-long-new-passphrase-7")
    narrow_phone.get_by_role("button", name="Save my new password").click()
    expect(narrow_phone.get_by_role("heading", name="Your password is changed")).to_be_visible()
    assert_accessible(narrow_phone)
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    log_in(narrow_phone, "facilitator", "a-long-new-passphrase-7")
    expect(narrow_phone.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_a_lead_adds_a_colleague_to_their_programme_on_a_phone(narrow_phone, lead, other_facilitator):
    other_facilitator.programmes.clear()  # a facilitator with an account, not yet in the programme
    # Given the lead on their dashboard
    log_in(narrow_phone, "lead")
    narrow_phone.get_by_role("link", name="Who is in your programmes").click()
    narrow_phone.get_by_role("link", name="BLMK inequalities programme").click()
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(narrow_phone)

    # When they type an address nobody has, they are told what to do, and the address stays
    narrow_phone.get_by_label("Their email address").fill("nobody@nhs.net")
    narrow_phone.get_by_role("button", name="Add to the programme").click()
    expect(narrow_phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(narrow_phone.get_by_label("Their email address")).to_have_value("nobody@nhs.net")
    assert_accessible(narrow_phone)

    # When they type the colleague's address, the colleague is in the programme
    narrow_phone.get_by_label("Their email address").fill(other_facilitator.email)
    narrow_phone.get_by_role("button", name="Add to the programme").click()
    expect(narrow_phone.get_by_text("Olu Adeyemi is now in BLMK inequalities programme.")).to_be_visible()
    assert other_facilitator.programmes.filter(name="BLMK inequalities programme").exists()
