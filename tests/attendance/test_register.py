"""The register: expected people, marking who came, signing in on a phone, certificates, people trained."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from attendance import services, trained
from attendance.models import Attendance, Attendee
from tests.factories import CohortFactory, SessionFactory
from workshops import participants

pytestmark = pytest.mark.django_db


def csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("names.csv", text.encode(), content_type="text/csv")


def test_nothing_in_the_register_can_be_joined_to_a_participant_or_an_answer():
    for model in (Attendee, Attendance):
        related = {f.related_model._meta.label for f in model._meta.get_fields() if f.is_relation}
        assert related <= {
            "workshops.Cohort",
            "workshops.Session",
            "attendance.Attendee",
            "attendance.Attendance",
        }


def test_an_import_with_one_bad_row_imports_nothing_and_names_the_row(facilitator_client, cohort):
    url = reverse("attendance:attendee_import", args=[cohort.slug])
    data = "Name,Email\nAnn Lee,ann.lee@nhs.net\n,nobody@nhs.net\nBo Chen,not-an-email\nann  lee,\n"
    page = facilitator_client.post(url, {"file": csv(data)}).content.decode()
    assert "Nothing was imported" in page
    assert "Row 3: the name is empty" in page
    assert "Row 4: “not-an-email” is not an email address" in page
    assert "Row 5: “ann lee” is already in row 2" in page
    assert not Attendee.objects.exists()


def test_a_good_import_puts_everyone_on_the_register(facilitator_client, cohort):
    url = reverse("attendance:attendee_import", args=[cohort.slug])
    response = facilitator_client.post(url, {"file": csv("Name,Email\nAnn Lee,ann.lee@nhs.net\nBo Chen,\n")})
    assert response.status_code == 302
    assert list(cohort.attendees.values_list("name", "email")) == [
        ("Ann Lee", "ann.lee@nhs.net"),
        ("Bo Chen", ""),
    ]


def test_a_person_already_on_the_register_is_not_added_twice(facilitator_client, cohort):
    url = reverse("attendance:attendee_add", args=[cohort.slug])
    facilitator_client.post(url, {"name": "Ann Lee", "email": ""})
    page = facilitator_client.post(url, {"name": " ann   LEE ", "email": ""}).content.decode()
    assert "“ann LEE” is already on the register" in page and cohort.attendees.count() == 1


def test_the_facilitator_ticks_who_came_and_a_lead_may_only_look(facilitator, lead, cohort):
    ann = Attendee.objects.create(cohort=cohort, name="Ann Lee")
    bo = Attendee.objects.create(cohort=cohort, name="Bo Chen")
    url = reverse("attendance:session_register", args=[cohort.slug, 1])
    client = Client()
    client.force_login(facilitator)
    assert client.post(url, {"present": [ann.pk, bo.pk]}).status_code == 302
    assert client.post(url, {"present": [ann.pk]}).status_code == 302
    assert list(Attendance.objects.values_list("attendee__name", flat=True)) == ["Ann Lee"]
    looker = Client()
    looker.force_login(lead)
    assert looker.get(url).status_code == 200
    assert looker.post(url, {"present": []}).status_code == 403
    assert Attendance.objects.count() == 1


@pytest.fixture
def sign_in_open(cohort, frozen_now):
    session = cohort.sessions.get(part=1)  # 25 November 2026: today on the frozen clock
    return services.sign_in_open(session=session, is_open=True)


def test_a_participant_signs_the_register_with_the_code_and_a_double_tap_records_once(cohort, sign_in_open):
    Attendee.objects.create(cohort=cohort, name="Ann Lee")
    phone = Client()
    assert "Sign the register" in phone.get(cohort.get_join_url()).content.decode()
    url = reverse("attendance:sign_in", args=[cohort.join_code])
    data = {"name": "ann lee", "email": "ann.lee@nhs.net", "code": sign_in_open.code.lower()}
    for _ in range(2):
        response = phone.post(url, data)
        assert response.status_code == 302
    person = Attendee.objects.get()
    assert person.email == "ann.lee@nhs.net" and person.attendances.count() == 1
    assert not any(participants.is_participant_cookie(name) for name in phone.cookies)


def test_a_wrong_code_is_refused_in_plain_words_and_keeps_the_name(cohort, sign_in_open):
    url = reverse("attendance:sign_in", args=[cohort.join_code])
    page = Client().post(url, {"name": "Bo Chen", "code": "ZZZZ"}).content.decode()
    assert "That is not this session’s register code" in page and 'value="Bo Chen"' in page
    assert not Attendee.objects.exists()


def test_someone_not_on_the_list_is_added_when_they_sign_in(cohort, sign_in_open):
    url = reverse("attendance:sign_in", args=[cohort.join_code])
    Client().post(url, {"name": "Cara Diaz", "code": sign_in_open.code})
    assert Attendee.objects.get().source == Attendee.Source.SIGNED_IN


def test_each_session_has_its_own_code_and_sign_in_closes(cohort, frozen_now):
    first = services.sign_in_open(session=cohort.sessions.get(part=1), is_open=True)
    second = services.sign_in_open(session=cohort.sessions.get(part=2), is_open=True)
    assert first.code != second.code or first.session_id != second.session_id
    services.sign_in_open(session=first.session, is_open=False)
    page = Client().get(reverse("attendance:sign_in", args=[cohort.join_code])).content.decode()
    assert "The register is not open" in page  # part 2's sign-in is open, but part 2 is not today


def attend(cohort, names_by_part):
    people = {}
    for part, names in names_by_part.items():
        session = cohort.sessions.get(part=part)
        for name in names:
            person = people.get(name) or Attendee.objects.create(
                cohort=cohort, name=name, email=f"{name.split()[0].lower()}@nhs.net"
            )
            people[name] = person
            Attendance.objects.create(attendee=person, session=session)
    return people


def test_certificates_are_a_pdf_with_name_workshop_dates_hours_aims_and_facilitator(
    facilitator_client, cohort
):
    attend(cohort, {1: ["Ann Lee", "Bo Chen"], 2: ["Ann Lee"]})
    response = facilitator_client.get(reverse("attendance:certificates_pdf", args=[cohort.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificates-luton-pharmacy.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    ann = " ".join(reader.pages[0].extract_text().split())
    assert "Certificate of attendance" in ann and "Ann Lee" in ann
    assert "Using QI to Tackle Inequity" in ann
    assert "25 November 2026" in ann and "9 December 2026" in ann
    assert "Hours of learning: 6 hours" in ann
    assert "what inequality and equity are" in ann.lower() or "Learning aims" in ann
    assert "Priya Shah" in ann
    bo = " ".join(reader.pages[1].extract_text().split())
    assert "Bo Chen" in bo and "3 hours" in bo and "9 December 2026" not in bo


def test_certificates_are_emailed_once_to_those_who_gave_an_email(facilitator_client, cohort, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    attend(cohort, {1: ["Ann Lee", "Bo Chen"]})
    Attendee.objects.filter(name="Bo Chen").update(email="")
    Attendee.objects.create(cohort=cohort, name="Did Not Come", email="absent@nhs.net")
    url = reverse("attendance:certificates_email", args=[cohort.slug])
    facilitator_client.post(url)
    facilitator_client.post(url)
    assert [m.to for m in mail.outbox] == [["ann@nhs.net"]]
    name, content, kind = mail.outbox[0].attachments[0]
    assert name == "certificate-ann-lee.pdf" and kind == "application/pdf"
    assert "Ann Lee" in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_people_trained_count_at_least_one_part_and_every_part(cohort):
    attend(cohort, {1: ["Ann Lee", "Bo Chen"], 2: ["Ann Lee", "Cara Diaz"]})
    Attendee.objects.create(cohort=cohort, name="Never Came")
    counts = trained.cohort_trained(cohort)
    assert (counts.expected, counts.parts, counts.at_least_one, counts.all_parts) == (4, 2, 3, 1)


def test_the_cohort_page_shows_people_trained(facilitator_client, cohort):
    attend(cohort, {1: ["Ann Lee"], 2: ["Ann Lee"]})
    page = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert "Register and certificates" in page and "came to both parts" in page


def test_the_programme_report_says_how_many_staff_from_how_many_teams_were_trained(lead_client, cohort):
    attend(cohort, {1: ["Ann Lee", "Bo Chen"], 2: ["Ann Lee"]})
    other = CohortFactory(workshop=cohort.workshop, organisation="Bedford PCN")
    SessionFactory(cohort=other, part=1)
    attend(other, {1: ["Cara Diaz"]})
    page = lead_client.get(reverse("reports:programme_report")).content.decode()
    assert "3 staff from 2 teams trained" in page and "2 came to every part" in page
    assert "Bedford PCN" in page
