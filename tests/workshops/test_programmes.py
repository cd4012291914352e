"""Several programmes on one site: each lead sees their own programmes, a national lead all of them.

The URL × role walk (tests/test_access.py) proves every page answers another programme's lead
with a 404; these tests follow the figures, lists and forms that could still carry a cohort
across the boundary.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from commitments.models import Commitment
from evaluations import services as evaluation_services
from projects.models import Project
from tests.commitments.factories import CommitmentFactory, ParticipantFactory
from tests.factories import (
    CohortFactory,
    ProgrammeFactory,
    UserFactory,
    facilitator_factory,
    lead_factory,
    national_lead_factory,
)
from tests.projects.factories import ProjectFactory
from workshops import roles
from workshops.models import Cohort

PROGRAMME_REPORT = reverse("reports:programme_report")


@pytest.fixture
def herts(db):
    return ProgrammeFactory(name="Hertfordshire and West Essex inequalities programme")


@pytest.fixture
def watford(herts):
    """A cohort of the other programme, with an answered survey, a commitment and a project."""
    cohort = CohortFactory(
        name="Watford Hospital Pharmacy", organisation="West Herts Hospitals", programme=herts
    )
    survey = evaluation_services.survey_open(
        survey=evaluation_services.survey_add(cohort=cohort, phase="after", about_you=False)
    )
    participant = ParticipantFactory(cohort=cohort)
    evaluation_services.response_submit(
        survey=survey, participant=participant, token="watford", answers={}, about_you={}
    )
    CommitmentFactory(cohort=cohort, participant=participant, text="Audit the Watford clinic's letters")
    ProjectFactory(cohort=cohort, title="Watford discharge letters by ethnic group")
    return cohort


def client_for(client, user):
    client.force_login(user)
    return client


def test_a_lead_sees_their_programmes_cohorts_commitments_and_projects_only(lead, cohort, watford, herts):
    CommitmentFactory(cohort=cohort, participant=ParticipantFactory(cohort=cohort), text="Luton's own")
    assert list(Cohort.objects.for_user(lead)) == [cohort]
    assert [c.text for c in Commitment.objects.for_user(lead)] == ["Luton's own"]
    assert not Project.objects.for_user(lead).filter(cohort=watford).exists()
    herts_lead = lead_factory(username="herts_lead", programmes=[herts])
    assert list(Cohort.objects.for_user(herts_lead)) == [watford]


def test_a_lead_of_two_programmes_sees_both_and_a_national_lead_sees_every_one(lead, cohort, watford, herts):
    lead.programmes.add(herts)
    assert set(Cohort.objects.for_user(lead)) == {cohort, watford}
    national = national_lead_factory(username="national")
    assert set(Cohort.objects.for_user(national)) == {cohort, watford}
    assert roles.is_lead(national) and not roles.is_facilitator(national)


def test_a_lead_who_also_facilitates_sees_each_cohort_once(lead, cohort, watford):
    lead.groups.add(*UserFactory(username="x", groups=[roles.FACILITATORS]).groups.all())
    watford.facilitators.add(lead)
    seen = list(Cohort.objects.for_user(lead))
    assert sorted(c.name for c in seen) == ["Luton Pharmacy Team", "Watford Hospital Pharmacy"]


def test_a_lead_in_no_programme_sees_no_cohort(cohort):
    assert not Cohort.objects.for_user(lead_factory(username="new_lead", programmes=[])).exists()


def test_the_programme_report_names_the_programme_and_leaves_the_other_out(client, lead, cohort, watford):
    body = client_for(client, lead).get(PROGRAMME_REPORT).content.decode()
    assert "Programme report: BLMK inequalities programme" in body
    assert "Watford" not in body
    assert "West Herts Hospitals" not in body  # not even among the organisations to filter by
    assert 'name="programme"' not in body  # one programme: nothing to choose


def test_the_programme_figures_file_leaves_the_other_programme_out(client, lead, cohort, watford):
    body = client_for(client, lead).get(reverse("reports:programme_figures", args=["csv"])).content.decode()
    assert "Watford" not in body


def test_a_national_lead_pools_every_programme_and_can_narrow_to_one(client, cohort, watford, herts):
    client_for(client, national_lead_factory(username="national"))
    pooled = client.get(PROGRAMME_REPORT).content.decode()
    assert "Programme report: 2 programmes together" in pooled
    assert "Watford Hospital Pharmacy" in pooled and "Luton Pharmacy Team" in pooled
    one = client.get(PROGRAMME_REPORT, {"programme": herts.pk}).content.decode()
    assert f"Programme report: {herts.name}" in one
    assert "Watford Hospital Pharmacy" in one and "Luton Pharmacy Team" not in one


def test_asking_for_another_programme_by_its_number_is_refused_in_plain_words(
    client, lead, cohort, herts, watford
):
    lead.programmes.add(ProgrammeFactory(name="A third programme"))  # two programmes: the field shows
    body = client_for(client, lead).get(PROGRAMME_REPORT, {"programme": herts.pk}).content.decode()
    assert "Choose one of your programmes" in body
    assert "Watford" not in body


def test_a_facilitator_of_two_programmes_chooses_the_cohorts_programme(client, herts, facilitator):
    facilitator.programmes.add(herts)
    page = client_for(client, facilitator).get(reverse("workshops:cohort_create")).content.decode()
    assert "BLMK inequalities programme" in page and herts.name in page


def test_a_facilitator_cannot_put_a_cohort_in_a_programme_they_are_not_in(client, facilitator, herts):
    facilitator.programmes.add(ProgrammeFactory(name="A third programme"))
    data = {
        "programme": herts.pk,
        "workshop": CohortFactory().workshop_id,
        "name": "Smuggled cohort",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
    }
    response = client_for(client, facilitator).post(reverse("workshops:cohort_create"), data)
    assert "Choose one of your programmes" in response.content.decode()
    assert not Cohort.objects.filter(name="Smuggled cohort").exists()


def test_a_facilitator_of_one_programme_is_not_asked_and_the_cohort_goes_into_it(facilitator):
    from workshops.forms import CohortForm

    form = CohortForm(user=facilitator)
    assert "programme" not in form.fields
    assert form.instance.programme.name == "BLMK inequalities programme"


def test_a_facilitator_in_no_programme_is_told_whom_to_ask(client, db):
    lonely = facilitator_factory(username="lonely", programmes=[])
    page = client_for(client, lonely).get(reverse("workshops:cohort_create")).content.decode()
    assert "You are not in a programme yet: ask a programme lead to add you to theirs." in page


def test_the_cohort_form_lists_only_the_facilitators_of_ones_own_programmes(client, facilitator, herts):
    facilitator_factory(username="colleague", first_name="Cara", last_name="Colleague")
    facilitator_factory(username="stranger", first_name="Sam", last_name="Stranger", programmes=[herts])
    page = client_for(client, facilitator).get(reverse("workshops:cohort_create")).content.decode()
    assert "Cara Colleague" in page
    assert "Sam Stranger" not in page


def test_a_name_used_in_another_programme_is_not_told(facilitator, herts, watford):
    from workshops.forms import name_warnings

    assert name_warnings("Watford Hospital Pharmacy", Cohort(programme=ProgrammeFactory())) == []
    assert name_warnings("Watford Hospital Pharmacy", Cohort(programme=herts))


def test_a_duplicate_stays_in_its_programme(facilitator, herts):
    from workshops import services

    source = CohortFactory(programme=herts, facilitators=[facilitator])
    copy = services.cohort_duplicate(source=source, name="Again", dates={}, user=facilitator)
    assert copy.programme == herts


def test_the_cohort_page_names_its_programme(facilitator_client, cohort):
    assert "BLMK inequalities programme" in facilitator_client.get(cohort.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_existing_cohorts_into_a_programme_made_from_their_workshop():
    before = [("workshops", "0005_programmes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User, Group = old.get_model("auth", "User"), old.get_model("auth", "Group")
    facilitator = User.objects.create(username="old_facilitator")
    facilitator.groups.add(Group.objects.get(name=roles.FACILITATORS))
    lead = User.objects.create(username="old_lead")
    lead.groups.add(Group.objects.get(name=roles.PROGRAMME_LEADS))
    User.objects.create(username="old_outsider")
    workshop = old.get_model("workshops", "Workshop").objects.get()
    old.get_model("workshops", "Cohort").objects.create(
        workshop=workshop, name="From before programmes", slug="before", join_code="ACDEFG"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    cohort = Cohort.objects.get(slug="before")
    assert cohort.programme.name == workshop.title
    assert sorted(u.username for u in cohort.programme.members.all()) == ["old_facilitator", "old_lead"]
    assert Group.objects.filter(name=roles.NATIONAL_LEADS).exists()


def test_a_projects_members_are_chosen_from_ones_own_programmes(client, lead, herts):
    facilitator_factory(username="colleague", first_name="Cara", last_name="Colleague")
    facilitator_factory(username="stranger", first_name="Sam", last_name="Stranger", programmes=[herts])
    page = client_for(client, lead).get(reverse("projects:project_create")).content.decode()
    assert "Cara Colleague" in page
    assert "Sam Stranger" not in page


# A programme's people, managed by its leads --------------------------------------------------


def people_url(programme):
    return reverse("workshops:programme_people", args=[programme.pk])


def test_a_lead_adds_a_facilitator_to_their_programme_by_email(client, lead, herts):
    newcomer = facilitator_factory(username="newcomer", email="dev.malhotra@nhs.net", programmes=[herts])
    programme = lead.programmes.get()
    response = client_for(client, lead).post(people_url(programme), {"email": "Dev.Malhotra@NHS.net"})
    assert response.status_code == 302
    assert programme.members.filter(pk=newcomer.pk).exists()
    assert "is now in BLMK inequalities programme" in client.get(response.url).content.decode()


def test_adding_someone_without_a_staff_account_says_what_to_do_and_keeps_the_address(client, lead):
    UserFactory(username="no_role", email="someone@nhs.net")
    page = client_for(client, lead).post(people_url(lead.programmes.get()), {"email": "someone@nhs.net"})
    body = page.content.decode()
    assert "Nobody with a facilitator’s or lead’s account has that email address" in body
    assert 'value="someone@nhs.net"' in body


def test_adding_someone_already_in_says_so(client, lead, facilitator):
    page = client_for(client, lead).post(people_url(lead.programmes.get()), {"email": facilitator.email})
    assert "is already in this programme" in page.content.decode()


def test_a_lead_takes_someone_out_and_they_no_longer_see_its_cohorts(client, lead, cohort, herts):
    colleague = lead_factory(username="colleague_lead")
    programme = lead.programmes.get()
    url = reverse("workshops:programme_member_remove", args=[programme.pk, colleague.pk])
    client_for(client, lead).post(url)
    assert not Cohort.objects.for_user(colleague).exists()


def test_the_last_lead_stays(client, lead, facilitator):
    programme = lead.programmes.get()
    url = reverse("workshops:programme_member_remove", args=[programme.pk, lead.pk])
    page = client_for(client, lead).post(url, follow=True).content.decode()
    assert "is the programme’s only lead: add another lead first" in page
    assert programme.members.filter(pk=lead.pk).exists()


def test_another_programmes_lead_can_neither_see_nor_change_its_people(client, lead, facilitator, herts):
    programme = lead.programmes.get()
    client_for(client, lead_factory(username="herts_lead", programmes=[herts]))
    assert client.get(people_url(programme)).status_code == 404
    assert client.post(people_url(programme), {"email": "x@nhs.net"}).status_code == 404
    url = reverse("workshops:programme_member_remove", args=[programme.pk, facilitator.pk])
    assert client.post(url).status_code == 404
    assert programme.members.filter(pk=facilitator.pk).exists()
