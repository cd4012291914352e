"""A participant gets from the code on the screen to what is open, without logging in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_start_page_offers_the_code_box_to_anyone_not_staff(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Workshop code" in response.content


def test_staff_at_the_start_page_go_to_their_dashboard(facilitator_client):
    response = facilitator_client.get("/")
    assert response.url == reverse("workshops:dashboard")


def test_a_right_code_typed_loosely_leads_to_the_cohorts_page(client, cohort):
    response = client.get(
        reverse("workshops:join"), {"code": f"{cohort.join_code[:3].lower()} {cohort.join_code[3:]}"}
    )
    assert response.status_code == 302
    assert response.url == f"/j/{cohort.join_code}/"


def test_a_wrong_code_says_so_and_keeps_what_was_typed(client, cohort):
    response = client.get(reverse("workshops:join"), {"code": "zz top"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Join a workshop" in body
    assert "There is a problem" in body
    assert 'href="#id_code"' in body
    assert 'value="zz top"' in body
    assert body.count("We could not find a workshop with that code") == 2  # summary and field


def test_an_empty_code_asks_for_one(client):
    response = client.get(reverse("workshops:join"), {"code": ""})
    assert "Enter the workshop code from the screen" in response.content.decode()


def test_the_join_page_only_answers_get(client):
    assert client.post(reverse("workshops:join"), {"code": "X"}).status_code == 405


def test_the_landing_page_says_plainly_when_nothing_is_open(client, cohort):
    response = client.get(cohort.get_join_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing is open yet" in body
    assert cohort.workshop.title in body


def test_the_landing_page_of_a_cancelled_cohort_says_it_is_cancelled(client, cohort):
    cohort.is_cancelled = True
    cohort.save()
    response = client.get(cohort.get_join_url())
    assert "This workshop has been cancelled" in response.content.decode()


def test_the_landing_page_lists_what_the_apps_say_is_open(client, cohort, monkeypatch):
    from workshops import views
    from workshops.activities import Activity

    offered = [Activity("Evaluation", "Two minutes.", "/somewhere/", "Start the evaluation")]
    monkeypatch.setattr(views, "open_activities", lambda c, p=None: offered if c == cohort else [])
    body = client.get(cohort.get_join_url()).content.decode()
    assert 'href="/somewhere/"' in body
    assert "Start the evaluation" in body
    assert "Nothing is open yet" not in body


def test_an_unknown_code_in_a_link_gives_a_friendly_404(client):
    response = client.get("/j/AAAAAA/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_lower_case_code_in_a_link_still_works(client, cohort):
    assert client.get(f"/j/{cohort.join_code.lower()}/").status_code == 200


def test_the_privacy_page_says_what_is_kept_why_for_how_long_and_who_sees_it(client):
    body = client.get(reverse("workshops:privacy")).content.decode()
    for heading in ["What we collect", "Why, and on what basis", "Who sees it", "How long we keep it"]:
        assert f"<h2>{heading}</h2>" in body
    assert "fewer than 5" in body
    assert 'href="/privacy/"' in client.get("/").content.decode()


def test_the_privacy_page_names_the_controller_lawful_basis_contact_and_the_ico_from_settings(
    client, settings
):
    settings.PRIVACY_CONTROLLER = "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board"
    settings.PRIVACY_LAWFUL_BASIS = "our public task of training NHS staff"
    settings.PRIVACY_CONTACT = "blmkicb.dpo@nhs.net"
    body = client.get(reverse("workshops:privacy")).content.decode()
    assert "The data controller is NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board." in body
    assert "The law lets us use this information for our public task of training NHS staff." in body
    assert '<a href="mailto:blmkicb.dpo@nhs.net">blmkicb.dpo@nhs.net</a>' in body
    assert "right to complain to the Information Commissioner’s Office (ICO)" in body
    assert 'href="https://ico.org.uk/make-a-complaint/"' in body


def test_without_a_contact_the_privacy_page_sends_people_to_their_facilitator(client, settings):
    settings.PRIVACY_CONTACT = ""
    body = client.get(reverse("workshops:privacy")).content.decode()
    assert "mailto:" not in body
    assert "speak to your facilitator." in body
    assert "ico.org.uk" in body
