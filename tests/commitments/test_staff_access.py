"""Every staff page of the commitments app: who may look, and with which method."""

import pytest
from django.urls import reverse

from tests.commitments.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

COHORT_PAGES = ["commitments:cohort_commitments", "commitments:wall", "commitments:wall_feed"]
COHORT_PAGES += ["commitments:wall_print", "reports:commitments_export"]


def cohort_page(name, cohort):
    return reverse(name, args=[cohort.slug])


@pytest.mark.parametrize("name", COHORT_PAGES)
def test_the_cohorts_pages_refuse_anyone_who_may_not_see_the_cohort(
    name, client, cohort, outsider, other_facilitator
):
    url = cohort_page(name, cohort)
    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", COHORT_PAGES)
def test_the_cohorts_facilitator_and_any_lead_may_look(name, client, cohort, facilitator, lead):
    for user in (facilitator, lead):
        client.force_login(user)
        assert client.get(cohort_page(name, cohort)).status_code == 200


@pytest.mark.parametrize("name", COHORT_PAGES)
def test_the_cohorts_pages_answer_only_get(name, facilitator_client, cohort):
    assert facilitator_client.post(cohort_page(name, cohort)).status_code == 405


def test_the_typo_page_refuses_the_wrong_people_even_to_look(
    client, cohort, lead, outsider, other_facilitator
):
    url = reverse("commitments:fix", args=[cohort.slug, CommitmentFactory(cohort=cohort).pk])
    assert client.get(url).url.startswith(reverse("login"))
    for user, refused in [(lead, 403), (outsider, 403), (other_facilitator, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == refused


def test_an_unknown_cohort_is_a_404_for_a_lead(lead_client):
    assert lead_client.get("/cohorts/no-such-cohort/wall/").status_code == 404
