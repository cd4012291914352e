"""A participant fills the demo's open survey on a phone; a facilitator runs surveys on a laptop."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluations import services
from evaluations.models import Survey
from tests.browser import assert_accessible, log_in
from workshops.models import Participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AIM_1 = re.compile("I understand what inequality and equity are")
AIM_2 = re.compile("I understand what QI is")
AIM_3 = re.compile("I understand how to apply QI")


@pytest.fixture
def demo(one_request_at_a_time):
    call_command("load_demo", "--force")
    return Survey.objects.get(cohort__join_code="NEW7QC", phase="before")


def tap_answer(page, question, answer: str):
    page.get_by_role("group", name=question).locator("label", has_text=re.compile(f"^{answer}$")).tap()


def test_a_participant_fills_the_demos_open_survey_on_a_phone_and_a_double_tap_stores_one_response(
    phone, demo
):
    posts = []
    phone.on("request", lambda request: request.method == "POST" and posts.append(request.url))

    # Given the cohort's page, reached from the QR code
    participants_before = Participant.objects.filter(cohort=demo.cohort).count()
    phone.goto("/j/NEW7QC/")
    assert_accessible(phone)

    # When they tap through to the evaluation
    phone.get_by_role("link", name="Fill in the evaluation").tap()
    expect(phone.get_by_role("heading", name="Before the workshop")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 412
    assert_accessible(phone)

    # And see "About you", asked by default, behind a tick, each question with "Prefer not to say"
    about_you = phone.get_by_role("group", name="About you (optional)")
    expect(about_you.get_by_label("I agree to share my answers about me")).not_to_be_checked()
    for question in ("Which staff group or role", "What kind of organisation", "What is your ethnic group?"):
        expect(
            about_you.get_by_label(re.compile(question)).locator("option", has_text="Prefer not to say")
        ).to_have_count(1)

    # And answer by tapping the labels, sharing a role without ticking to consent
    tap_answer(phone, AIM_1, "Agree")
    tap_answer(phone, AIM_2, "Neither agree nor disagree")
    tap_answer(phone, AIM_3, "Disagree")
    phone.get_by_label("Which staff group or role is closest to yours?").select_option("Pharmacist")
    phone.get_by_role("button", name="Send my answers").tap()

    # Then they are asked to tick, with everything they chose still there
    expect(phone).to_have_title(re.compile("^Error: Before the workshop"))
    expect(phone.get_by_role("alert")).to_be_focused()
    expect(phone.get_by_role("group", name=AIM_2).get_by_label("Neither agree nor disagree")).to_be_checked()
    assert_accessible(phone)
    assert not demo.responses.exists()

    # When they tick and tap "Send" twice in quick succession
    phone.locator("label", has_text="I agree to share my answers about me").tap()
    phone.get_by_role("button", name="Send my answers").evaluate(
        "button => { button.click(); setTimeout(() => button.click(), 25); }"
    )

    # Then they are thanked, and one response is stored with their answers
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(phone)
    assert len(posts) >= 3  # the refused one, then both taps reached the server
    response = demo.responses.get()
    assert sorted(response.answers.values_list("item__code", "number")) == [
        ("aim-1", 4),
        ("aim-2", 3),
        ("aim-3", 2),
    ]
    assert list(response.about_you.values_list("characteristic", "value")) == [("role", "pharmacist")]

    # When they change their answers and the network retries the submission
    phone.get_by_role("link", name="Change your answers").tap()
    expect(phone.get_by_text("You already answered")).to_be_visible()
    assert_accessible(phone)
    tap_answer(phone, AIM_3, "Agree")

    def send_twice(route):
        if route.request.method != "POST":
            return route.continue_()
        route.fetch(max_redirects=0)  # the first try, whose answer the phone never got
        route.fulfill(response=route.fetch(max_redirects=0))

    phone.unroute("**/survey/before/")
    phone.route("**/survey/before/", send_twice)
    phone.get_by_role("button", name="Save my changes").tap()

    # Then the one response holds the new answer
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert demo.responses.count() == 1
    assert Participant.objects.filter(cohort=demo.cohort).count() == participants_before + 1
    assert demo.responses.get().answers.get(item__code="aim-3").number == 4

    # And back on the workshop's page, the evaluation shows as done, with a way to change it
    phone.get_by_role("link", name="Back to the workshop page").tap()
    expect(phone.get_by_text("✓ Done — you can change your answers while it is open.")).to_be_visible()
    expect(
        phone.get_by_role("link", name=re.compile("^Change your answers .*Before the workshop"))
    ).to_be_visible()
    assert_accessible(phone)


def test_a_participant_whose_phone_runs_no_javascript_fills_the_survey_and_is_thanked(
    phone_without_javascript, demo
):
    phone = phone_without_javascript  # axe needs JavaScript: these pages pass it in the test above

    # Given the cohort's page, on a phone that runs no JavaScript
    phone.goto("/j/NEW7QC/")

    # When they tap through to the evaluation, answer and send
    phone.get_by_role("link", name="Fill in the evaluation").tap()
    tap_answer(phone, AIM_1, "Strongly agree")
    tap_answer(phone, AIM_3, "Agree")
    phone.get_by_role("button", name="Send my answers").tap()

    # Then they are thanked, and their answers are stored
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    response = demo.responses.get()
    assert sorted(response.answers.values_list("item__code", "number")) == [("aim-1", 5), ("aim-3", 4)]


def test_the_survey_reads_well_at_360_pixels(narrow_phone, demo):
    narrow_phone.goto(demo.get_participant_url())
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    box = narrow_phone.get_by_role("group", name=AIM_1).locator(".form-check").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # whole-row tap targets
    assert_accessible(narrow_phone)


def test_a_closed_survey_tells_the_participant_plainly(phone, demo):
    services.survey_close(survey=demo)
    phone.goto(demo.get_participant_url())
    expect(phone.get_by_role("heading", name="This evaluation has closed")).to_be_visible()
    assert_accessible(phone)


def test_a_facilitator_opens_a_survey_and_watches_the_count_rise(laptop, demo):
    # Given the facilitator on the running cohort's page
    laptop.clock.install()
    log_in(laptop, "facilitator", "qiequity-demo")
    laptop.goto(demo.cohort.get_absolute_url())
    evaluations = laptop.get_by_role("region", name="Evaluations")
    expect(evaluations.get_by_role("row", name=re.compile("Before the workshop.*Open"))).to_be_visible()
    assert_accessible(laptop)

    # When they open "After part 1" from the cohort page
    evaluations.get_by_role("button", name="Open After part 1").click()
    expect(laptop.get_by_text("“After part 1” is open")).to_be_visible()
    assert demo.cohort.surveys.get(phase="after-part-1").is_open()

    # And look at the "Before the workshop" survey while a phone answers it
    laptop.get_by_role("link", name="Before the workshop").click()
    expect(laptop.locator("[data-count]")).to_have_text("0")
    assert_accessible(laptop)
    services.response_submit(
        survey=demo,
        participant=Participant.objects.create(cohort=demo.cohort),
        token="t1",
        answers={},
        about_you={},
    )
    laptop.clock.fast_forward("00:11")

    # Then the count rises without a reload
    expect(laptop.locator("[data-count]")).to_have_text("1")
    expect(laptop.get_by_text("Responses: 1 of 18 expected (6%)")).to_be_visible()

    # When they go back to the cohort page while phones answer both open surveys
    laptop.get_by_role("link", name=demo.cohort.name).click()
    before = evaluations.get_by_role("row", name=re.compile("Before the workshop"))
    after_part_1 = evaluations.get_by_role("row", name=re.compile("After part 1"))
    expect(before).to_contain_text("1 of 18 expected (6%)")
    expect(after_part_1).to_contain_text("0 of 18 expected (0%)")
    assert_accessible(laptop)
    laptop.evaluate("window.stillTheSamePage = true")
    for survey in (demo, demo.cohort.surveys.get(phase="after-part-1")):
        services.response_submit(
            survey=survey,
            participant=Participant.objects.create(cohort=demo.cohort),
            token=f"{survey.phase}-2",
            answers={},
            about_you={},
        )
    laptop.clock.fast_forward("00:11")

    # Then both counts rise, with their response rates, without a reload
    expect(before).to_contain_text("2 of 18 expected (11%)")
    expect(after_part_1).to_contain_text("1 of 18 expected (6%)")
    assert laptop.evaluate("window.stillTheSamePage") is True


def test_a_facilitator_in_the_room_opens_a_survey_from_a_phone_at_360_pixels(narrow_phone, demo):
    # Given the facilitator on their phone, on the running cohort's page
    log_in(narrow_phone, "facilitator", "qiequity-demo")
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    narrow_phone.goto(demo.cohort.get_absolute_url())

    # Then every session and survey reads down the page, without scrolling sideways
    assert narrow_phone.evaluate("document.documentElement.scrollWidth") <= 360
    open_after_part_1 = narrow_phone.get_by_role("button", name="Open After part 1")
    box = open_after_part_1.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert_accessible(narrow_phone)

    # And the survey opens with one tap
    open_after_part_1.tap()
    expect(narrow_phone.get_by_text("“After part 1” is open")).to_be_visible()


def test_a_facilitator_imports_paper_forms_and_sees_the_problem_first(laptop, demo, tmp_path):
    log_in(laptop, "facilitator", "qiequity-demo")
    survey = demo.cohort.surveys.get(phase="after")
    laptop.goto(survey.get_absolute_url())
    laptop.get_by_role("link", name="Import responses from a file").click()
    assert_accessible(laptop)

    path = tmp_path / "paper.csv"
    path.write_text("I would recommend this training to a colleague,What did you think?\nYes,Good\nMaybe,\n")
    laptop.get_by_label("CSV or Excel file").set_input_files(path)
    laptop.get_by_role("button", name="Import").click()
    expect(laptop.get_by_text("Row 3 (respondent 2), column A")).to_be_visible()
    expect(laptop.get_by_role("alert")).to_be_focused()
    assert_accessible(laptop)
    assert not survey.responses.exists()

    path.write_text("I would recommend this training to a colleague,What did you think?\nYes,Good\nNo,\n")
    laptop.get_by_label("CSV or Excel file").set_input_files(path)
    laptop.get_by_role("button", name="Import").click()
    expect(laptop.get_by_text("Imported 2 responses from “paper.csv”.")).to_be_visible()
    expect(laptop.get_by_text("its questions can no longer be changed")).to_be_visible()
    assert_accessible(laptop)
    assert survey.responses.count() == 2
