"""Every URL pattern of the project, walked with every role, against one table of expected answers.

A URL pattern missing from the table fails, and so does a view that answers differently: a new
view without its permission check cannot slip in. Admin URLs are walked too: everyone but a
superuser is sent to the admin's login page.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from arrangements import files
from arrangements import services as arrangements_services
from arrangements.models import AgendaItem, DesignMeeting
from attendance.models import Attendance, Attendee
from commitments.models import CommitmentSettings
from evaluations import services as evaluation_services
from projects.models import ChangeIdea, EquityQuestion, PDSACycle
from tests.arrangements.factories import WorkshopRequestFactory, pdf_upload
from tests.commitments.factories import CommitmentFactory, ParticipantFactory, reminder_for
from tests.factories import CohortFactory, ProgrammeFactory, UserFactory, lead_factory, national_lead_factory
from tests.projects.factories import MeasureFactory, ProjectFactory
from workshops import participants

# The cohort walked is the facilitator's, in the lead's programme. "other_facilitator" runs a cohort
# of another programme, whose lead is "other_lead"; "national" is above programmes (docs/adr/0045).
ROLES = (
    "anonymous",
    "participant",
    "outsider",
    "other_facilitator",
    "facilitator",
    "lead",
    "other_lead",
    "national",
)
LINK_TOKEN = "a-private-link-token-for-the-walk"

# What a GET answers each role, in the order of ROLES: a status, "login" (a redirect to the login
# page) or "moved" (any other redirect).
PUBLIC = (200,) * 8
ACCOUNT = ("login", "login", 200, 200, 200, 200, 200, 200)
STAFF = ("login", "login", 403, 200, 200, 200, 200, 200)
# The cohort's facilitator, its programme's lead and the national lead; another programme's lead
# is told it does not exist.
SEE = ("login", "login", 403, 404, 200, 200, 404, 200)
MANAGE = ("login", "login", 403, 404, 200, 403, 404, 403)  # the cohort's facilitator only
# The same, for a view that only takes POST: staff learn that a GET is the wrong method.
# A POST is refused as MANAGE says (tests below).
MANAGE_POST = ("login", "login", 403, 405, 405, 405, 405, 405)
OWN_CARD = (404, 200, 404, 404, 404, 404, 404, 404)  # only the phone that wrote the post-it
# Leads only: each sees the report of their own programmes, the national lead of all of them.
LEADS = ("login", "login", 403, 403, 403, 200, 200, 200)
# A cohort's raw responses, a request to the lead's programme: another programme's lead is told
# it does not exist.
LEADS_OF_COHORT = ("login", "login", 403, 403, 403, 200, 404, 200)
LEADS_POST = ("login", "login", 403, 403, 403, 405, 405, 405)  # a lead's button: GET is the wrong method
# A QI project: whoever sees it works on it (docs/adr/0033), so the lead may change it too.
PROJECT = ("login", "login", 403, 404, 200, 200, 404, 200)
PROJECT_POST = ("login", "login", 403, 405, 405, 405, 405, 405)


def cohort_args(w):
    return [w.cohort.slug]


def part_args(w):
    return [w.cohort.slug, 1]


def survey_args(w):
    return [w.cohort.slug, "after"]


def item_args(w):
    return [w.cohort.slug, "after", w.item.pk]


def card_args(w):
    return [w.cohort.slug, w.commitment.pk]


def code_args(w):
    return [w.cohort.join_code]


def project_args(w):
    return [w.project.pk]


def measure_args(w):
    return [w.project.pk, w.measure.pk]


# URL name: (its arguments, what a GET answers each role, whether anyone may post to it).
TABLE = {
    "login": (None, (200, 200, *["moved"] * 6), "account"),
    "logout": (None, (405,) * 8, "account"),
    "password_change": (None, ACCOUNT, None),
    "password_change_done": (None, ACCOUNT, None),
    "password_reset": (None, PUBLIC, "account"),
    "password_reset_done": (None, PUBLIC, None),
    "password_reset_confirm": (lambda w: ["MQ", "not-a-real-token"], PUBLIC, "account"),
    "password_reset_complete": (None, PUBLIC, None),
    "workshops:home": (None, (200, 200, 200, *["moved"] * 5), None),
    "workshops:join": (None, PUBLIC, None),
    "workshops:privacy": (None, PUBLIC, None),
    "workshops:landing": (code_args, PUBLIC, None),
    "workshops:personal_link": (lambda w: [w.cohort.join_code, w.participant.key], (410,) * 8, None),
    "workshops:dashboard": (None, STAFF, None),
    "workshops:programme_list": (None, LEADS, None),
    "workshops:programme_people": (lambda w: [w.cohort.programme_id], LEADS_OF_COHORT, None),
    "workshops:programme_member_remove": (
        lambda w: [w.cohort.programme_id, w.users["facilitator"].pk],
        LEADS_POST,
        None,
    ),
    "workshops:cohort_create": (None, ("login", "login", 403, 200, 200, 403, 403, 403), None),
    "workshops:cohort_detail": (cohort_args, SEE, None),
    "workshops:cohort_edit": (cohort_args, MANAGE, None),
    "workshops:cohort_duplicate": (cohort_args, MANAGE, None),
    "workshops:cohort_archive": (cohort_args, MANAGE_POST, None),
    "workshops:cohort_delete": (cohort_args, MANAGE, None),
    "workshops:cohort_projector": (cohort_args, SEE, None),
    "workshops:cohort_calendar": (cohort_args, SEE, None),
    "workshops:session_calendar": (part_args, SEE, None),
    "workshops:session_reschedule": (part_args, MANAGE, None),
    "workshops:session_cancel": (part_args, MANAGE, None),
    "workshops:session_reinstate": (part_args, MANAGE_POST, None),
    "evaluations:survey_fill": (lambda w: [w.cohort.join_code, "before"], PUBLIC, "participant"),
    "evaluations:survey_thanks": (
        lambda w: [w.cohort.join_code, "before"],
        ("moved", 200, *["moved"] * 6),
        None,
    ),
    "evaluations:survey_add": (cohort_args, MANAGE_POST, None),
    "evaluations:cohort_about_you": (cohort_args, MANAGE_POST, None),
    "evaluations:survey_detail": (survey_args, SEE, None),
    "evaluations:survey_count": (survey_args, SEE, None),
    "evaluations:survey_edit": (survey_args, MANAGE, None),
    "evaluations:survey_open": (survey_args, MANAGE_POST, None),
    "evaluations:survey_close": (survey_args, MANAGE_POST, None),
    "evaluations:responses_import": (survey_args, MANAGE, None),
    "evaluations:item_create": (survey_args, MANAGE, None),
    "evaluations:item_edit": (item_args, MANAGE, None),
    "evaluations:item_remove": (item_args, MANAGE, None),
    "evaluations:item_move": (item_args, MANAGE_POST, None),
    "commitments:mine": (code_args, PUBLIC, None),
    "commitments:new": (code_args, PUBLIC, "participant"),
    "commitments:edit": (lambda w: [w.cohort.join_code, w.commitment.pk], OWN_CARD, "participant"),
    # Withdrawing someone else's card finds nothing to withdraw and lands on "my commitments".
    "commitments:withdraw": (lambda w: [w.cohort.join_code, w.commitment.pk], OWN_CARD, "participant"),
    "commitments:participant_update_done": (None, PUBLIC, None),
    "commitments:participant_update": (lambda w: [LINK_TOKEN], PUBLIC, "participant"),
    "commitments:cohort_commitments": (cohort_args, SEE, None),
    "commitments:open": (cohort_args, MANAGE_POST, None),
    "commitments:approval": (cohort_args, MANAGE_POST, None),
    "reports:commitments_export": (cohort_args, SEE, None),
    "commitments:fix": (card_args, MANAGE, None),
    "commitments:hide": (card_args, MANAGE_POST, None),
    "commitments:restore": (card_args, MANAGE_POST, None),
    "commitments:approve": (card_args, MANAGE_POST, None),
    "commitments:wall": (cohort_args, SEE, None),
    "commitments:wall_feed": (cohort_args, SEE, None),
    "commitments:moderation_feed": (cohort_args, SEE, None),
    "commitments:wall_print": (cohort_args, SEE, None),
    "commitments:follow_up": (None, STAFF, None),
    "commitments:follow_up_detail": (lambda w: [w.commitment.pk], SEE, None),
    "reports:cohort_report": (cohort_args, SEE, None),
    "reports:report_figures": (lambda w: [w.cohort.slug, "csv"], SEE, None),
    "reports:report_responses": (lambda w: [w.cohort.slug, "xlsx"], LEADS_OF_COHORT, None),
    "reports:report_comments": (cohort_args, MANAGE, None),
    "reports:report_comment_hide": (lambda w: [w.cohort.slug, 1], MANAGE_POST, None),
    "reports:report_comment_restore": (lambda w: [w.cohort.slug, 1], MANAGE_POST, None),
    "reports:programme_report": (None, LEADS, None),
    "reports:programme_figures": (lambda w: ["csv"], LEADS, None),
    "reports:projects_export": (lambda w: ["csv"], STAFF, None),
    "projects:project_list": (None, STAFF, None),
    "projects:project_create": (None, STAFF, None),
    "projects:project_from_commitment": (lambda w: [w.commitment.pk], PROJECT_POST, None),
    "projects:project_detail": (project_args, PROJECT, None),
    "projects:project_edit": (project_args, PROJECT, None),
    "projects:measure_create": (project_args, PROJECT, None),
    "projects:measure_edit": (measure_args, PROJECT, None),
    "projects:measure_data": (measure_args, PROJECT, None),
    "projects:measure_import": (measure_args, PROJECT, None),
    "projects:stage_answers": (lambda w: [w.project.pk, "testing"], PROJECT, None),
    "projects:change_idea_create": (project_args, PROJECT, None),
    "projects:cycle_create": (lambda w: [w.project.pk, w.idea.pk], PROJECT, None),
    "projects:cycle_edit": (lambda w: [w.project.pk, w.idea.pk, w.cycle.pk], PROJECT, None),
    "projects:question_list": (None, LEADS, None),
    "projects:question_create": (None, LEADS, None),
    "projects:question_edit": (lambda w: [EquityQuestion.objects.first().pk], LEADS, None),
    "arrangements:request_new": (None, PUBLIC, "participant"),
    "arrangements:request_sent": (None, PUBLIC, None),
    "arrangements:request_list": (None, LEADS, None),
    "arrangements:request_detail": (lambda w: [w.workshop_request.pk], LEADS_OF_COHORT, None),
    "arrangements:request_to_cohort": (lambda w: [w.workshop_request.pk], LEADS_OF_COHORT, None),
    "arrangements:design_meeting_create": (cohort_args, MANAGE, None),
    "arrangements:design_meeting_edit": (lambda w: [w.cohort.slug, w.meeting.pk], MANAGE, None),
    "arrangements:session_plan": (part_args, SEE, None),
    "arrangements:agenda_item_add": (part_args, MANAGE, None),
    "arrangements:agenda_item_remove": (lambda w: [w.cohort.slug, 1, w.agenda_item.pk], MANAGE_POST, None),
    "arrangements:material_add": (part_args, MANAGE, None),
    "arrangements:material_download": (lambda w: [w.cohort.slug, 1, w.material.pk], SEE, None),
    "arrangements:material_remove": (lambda w: [w.cohort.slug, 1, w.material.pk], MANAGE_POST, None),
    "arrangements:session_release": (part_args, MANAGE_POST, None),
    "arrangements:participant_sessions": (code_args, PUBLIC, None),
    "arrangements:participant_material": (lambda w: [w.cohort.join_code, 1, w.material.pk], PUBLIC, None),
    "attendance:register": (cohort_args, SEE, None),
    "attendance:attendee_add": (cohort_args, MANAGE, None),
    "attendance:attendee_remove": (lambda w: [w.cohort.slug, w.attendee.pk], MANAGE_POST, None),
    "attendance:attendee_import": (cohort_args, MANAGE, None),
    "attendance:certificates_pdf": (cohort_args, SEE, None),
    "attendance:certificates_email": (cohort_args, MANAGE_POST, None),
    "attendance:session_register": (part_args, SEE, None),
    "attendance:sign_in_toggle": (part_args, MANAGE_POST, None),
    "attendance:sign_in_code": (part_args, SEE, None),
    "attendance:sign_in": (code_args, PUBLIC, "participant"),
}


def url_patterns(patterns=None, namespace=""):
    """(name, pattern text) of every URL pattern, following includes and namespaces."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            for name, text in url_patterns(entry.url_patterns, inner):
                yield name, str(entry.pattern) + text
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, str(entry.pattern)


def project_patterns() -> dict[str, str]:
    return {name: text for name, text in url_patterns() if not text.startswith("admin/")}


def admin_urls() -> list[str]:
    """A URL for every admin pattern, with made-up values for its parameters."""
    urls = set()
    for _, text in url_patterns():
        if not text.startswith("admin/"):
            continue
        url = re.sub(r"<(?:\w+:)?\w+>", "1", text)  # <path:object_id> and the like
        url = re.sub(r"\(\?P<\w+>([\w-]+)(?:\|[^)]*)?\)", r"\1", url)  # (?P<app_label>auth|…)
        url = re.sub(r"\(\?P<\w+>\.\*\)", "no-such-page/", url)  # the catch-all
        urls.add("/" + url.replace("^", "").replace("$", ""))
    return sorted(urls)


def public_post_views() -> set[str]:
    """The participants' forms: what anyone may post to without an account."""
    return {name for name, (_, _, posts) in TABLE.items() if posts == "participant"}


# The world the walk happens in -------------------------------------------------------------


class World:
    def __init__(self, cohort, facilitator, other_facilitator, lead, outsider):
        self.cohort = cohort
        other_programme = ProgrammeFactory(name="Hertfordshire and West Essex inequalities programme")
        other_facilitator.programmes.set([other_programme])
        another = CohortFactory(
            name="Another cohort", programme=other_programme, facilitators=[other_facilitator]
        )
        evaluation_services.survey_add(cohort=another, phase="after")  # so its programme has a report
        before = evaluation_services.survey_open(
            survey=evaluation_services.survey_add(cohort=cohort, phase="before")
        )
        after = evaluation_services.survey_add(cohort=cohort, phase="after")  # a draft nobody answered
        self.item = after.items.first()
        self.participant = ParticipantFactory(cohort=cohort)
        evaluation_services.response_submit(
            survey=before, participant=self.participant, token="walk", answers={}, about_you={}
        )
        CommitmentSettings.objects.create(cohort=cohort, is_open=True)
        self.commitment = CommitmentFactory(cohort=cohort, participant=self.participant)
        reminder_for(self.commitment, token=LINK_TOKEN)
        self.project = ProjectFactory(cohort=cohort, title="Switch uptake by deprivation quintile")
        self.project.commitments.add(self.commitment)
        self.measure = MeasureFactory(project=self.project)
        self.idea = ChangeIdea.objects.create(project=self.project, title="Text reminders")
        self.cycle = PDSACycle.objects.create(
            change_idea=self.idea, started_on=datetime.date(2026, 11, 1), plan="More switch in quintile 1"
        )
        self.workshop_request = WorkshopRequestFactory()
        self.meeting = DesignMeeting.objects.create(
            cohort=cohort,
            date=datetime.date(2026, 10, 1),
            attendees="Two pharmacists",
            decisions="Use our data",
        )
        part_1 = cohort.sessions.get(part=1)
        self.agenda_item = AgendaItem.objects.create(
            session=part_1, starts_at=datetime.time(9, 30), title="Welcome"
        )
        self.material = arrangements_services.material_add(
            session=part_1, title="Slides", upload=pdf_upload(), kind=files.PDF
        )
        arrangements_services.session_release(session=part_1, released=True)
        self.attendee = Attendee.objects.create(cohort=cohort, name="Ann Lee", email="ann.lee@nhs.net")
        Attendance.objects.create(attendee=self.attendee, session=part_1)
        self.users = {
            "outsider": outsider,
            "other_facilitator": other_facilitator,
            "facilitator": facilitator,
            "lead": lead,
            "other_lead": lead_factory(username="other_lead", programmes=[other_programme]),
            "national": national_lead_factory(username="national"),
        }

    def client_for(self, role: str) -> Client:
        client = Client(raise_request_exception=True)
        if role == "participant":
            client.cookies[participants.cookie_name(self.cohort)] = self.participant.key
        elif role != "anonymous":
            client.force_login(self.users[role])
        return client


@pytest.fixture
def world(db, cohort, facilitator, other_facilitator, lead, outsider, media_root):
    return World(cohort, facilitator, other_facilitator, lead, outsider)


def answer_of(response) -> object:
    if response.status_code == 302:
        return "login" if response.url.startswith(reverse("login")) else "moved"
    return response.status_code


REFUSALS = {"login", 403, 404}


# The tests ----------------------------------------------------------------------------------


def test_every_url_pattern_of_the_project_is_in_the_table():
    names = project_patterns()
    unnamed = [text for name, text in names.items() if not name]
    assert not unnamed, f"Give these URL patterns a name: {unnamed}"
    missing = sorted(set(names) - set(TABLE))
    assert not missing, f"Add these URL patterns to tests/test_access.py's TABLE: {missing}"
    assert not set(TABLE) - set(names), "The table lists URL patterns that no longer exist"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_role_gets_the_expected_answer(name, world):
    args_for, expected, posts = TABLE[name]
    url = reverse(name, args=args_for(world) if args_for else None)
    for role, wanted in zip(ROLES, expected, strict=True):
        got = answer_of(world.client_for(role).get(url))
        assert got == wanted, f"GET {url} as {role}: expected {wanted}, got {got}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_head_gets_the_same_answer_as_get(name, world):
    """Uptime monitors and link previews ask with HEAD: a page that answers GET answers it too."""
    args_for, expected, posts = TABLE[name]
    url = reverse(name, args=args_for(world) if args_for else None)
    for role, wanted in zip(ROLES, expected, strict=True):
        got = answer_of(world.client_for(role).head(url))
        assert got == wanted, f"HEAD {url} as {role}: expected {wanted}, got {got}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_a_post_is_refused_to_whoever_a_get_is_refused_to(name, world):
    """Refusing a page but accepting its form would be a hole: a POST gets the same refusal."""
    args_for, expected, posts = TABLE[name]
    url = reverse(name, args=args_for(world) if args_for else None)
    refusals = {MANAGE_POST: MANAGE, PROJECT_POST: PROJECT}
    for role, wanted in zip(ROLES, refusals.get(expected, expected), strict=True):
        if wanted not in REFUSALS:
            continue
        got = answer_of(world.client_for(role).post(url, {"text": "Not mine to change at all"}))
        if name == "commitments:withdraw":
            assert got == "moved"  # nothing to withdraw: the same page as a second tap
            world.commitment.refresh_from_db()  # still there
        else:
            # A view that only answers GET may refuse a staff member's POST by its method first.
            assert got == wanted or (got == 405 and role not in ("anonymous", "participant")), (
                f"POST {url} as {role}: expected {wanted}, got {got}"
            )


@pytest.mark.parametrize("name", sorted(name for name, row in TABLE.items() if row[1][0] not in REFUSALS))
def test_a_page_anyone_may_open_takes_no_post_unless_it_is_a_form(name, world):
    args_for, _, posts = TABLE[name]
    url = reverse(name, args=args_for(world) if args_for else None)
    answer = world.client_for("anonymous").post(url, {})
    if posts:
        assert answer.status_code != 405
    else:
        assert answer.status_code == 405, f"POST {url} answered {answer.status_code}"


@pytest.mark.parametrize("url", admin_urls())
def test_admin_sends_everyone_but_a_superuser_to_its_login_page(url, world):
    login = reverse("admin:login")
    for role in ROLES:
        response = world.client_for(role).get(url)
        if url == login:
            assert response.status_code == 200
        elif url == reverse("admin:logout"):
            assert answer_of(response) == "moved" and response.url == reverse("admin:index")
        else:
            assert response.status_code == 302 and response.url.startswith(login), (
                f"GET {url} as {role}: {response.status_code}"
            )
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = superuser.get(url)
    # A superuser gets in (axes' logs still refuse "add": they are written by logins only).
    assert not (response.status_code == 302 and response.url.startswith(login)), url
    assert response.status_code < 500, url
