"""A session's agenda and materials: what may be uploaded, who gets the files, when participants see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from arrangements import files, services
from arrangements.models import AgendaItem, Material
from tests.arrangements.factories import PDF_BYTES, PNG_BYTES, office_bytes, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def add_url(cohort):
    return reverse("arrangements:material_add", args=[cohort.slug, 1])


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("slides.pdf", PDF_BYTES, files.PDF),
        ("slides.pptx", office_bytes("ppt"), files.PPTX),
        ("handout.docx", office_bytes("word"), files.DOCX),
        ("old.ppt", files.OLE_SIGNATURE + b"\x00" * 100, files.PPT),
        ("photo.PNG", PNG_BYTES, files.PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, files.JPEG),
    ],
)
def test_pdf_powerpoint_word_and_images_are_accepted_by_their_content(name, content, kind):
    assert files.check(name, content) == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "must be a PDF, a PowerPoint or Word file"),
        ("drawing.svg", b"<svg onload=alert(1)>", "must be a PDF, a PowerPoint or Word file"),
        ("fake.pdf", b"<html>not a pdf</html>", "is not the PDF file its name says"),
        ("fake.pptx", office_bytes("word"), "is not the PowerPoint file its name says"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "is not the Word file its name says"),
        ("fake.png", PDF_BYTES, "is not the PNG image file its name says"),
        ("empty.pdf", b"", "The file is empty"),
        ("huge.pdf", b"%PDF-" + b"0" * files.MAX_MATERIAL_BYTES, "smaller than 5 MB"),
    ],
)
def test_other_files_and_files_whose_content_is_not_what_their_name_says_are_refused(name, content, message):
    with pytest.raises(files.FileRefused, match=message):
        files.check(name, content)


def test_a_facilitator_uploads_a_pdf_and_it_is_stored_under_a_random_name(facilitator_client, cohort):
    upload = SimpleUploadedFile("../../etc/My Slides.pdf", PDF_BYTES)
    response = facilitator_client.post(add_url(cohort), {"title": "Part 1 slides", "file": upload})
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "application/pdf"
    assert material.file.name.startswith("materials/") and "Slides" not in material.file.name


def test_a_refused_upload_keeps_the_title_and_says_why(facilitator_client, cohort):
    upload = SimpleUploadedFile("notes.exe", b"MZ\x90\x00")
    response = facilitator_client.post(add_url(cohort), {"title": "Notes", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "The file must be a PDF, a PowerPoint or Word file" in page and 'value="Notes"' in page
    assert not Material.objects.exists()


def test_a_material_is_a_file_or_a_link_but_not_neither(facilitator_client, cohort):
    page = facilitator_client.post(add_url(cohort), {"title": "Nothing"}).content.decode()
    assert "Choose a file or give a link" in page
    facilitator_client.post(add_url(cohort), {"title": "Video", "link": "https://www.england.nhs.uk/"})
    assert Material.objects.get().is_link


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_files_are_served_as_attachments_with_safe_names_only_to_those_allowed(
    facilitator, lead, other_facilitator, cohort
):
    session = cohort.sessions.get(part=1)
    material = services.material_add(
        session=session, title='Slides "part 1"; <b>', upload=pdf_upload(), kind=files.PDF
    )
    staff_url = reverse("arrangements:material_download", args=[cohort.slug, 1, material.pk])
    for client in (signed_in(facilitator), signed_in(lead)):
        response = client.get(staff_url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="slides-part-1-b.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES
    assert signed_in(other_facilitator).get(staff_url).status_code == 404
    participant_url = reverse("arrangements:participant_material", args=[cohort.join_code, 1, material.pk])
    assert Client().get(participant_url).status_code == 404  # not released yet
    services.session_release(session=session, released=True)
    response = Client().get(participant_url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_participants_see_the_agenda_and_materials_only_once_released(facilitator_client, cohort):
    session = cohort.sessions.get(part=1)
    facilitator_client.post(
        reverse("arrangements:agenda_item_add", args=[cohort.slug, 1]),
        {"starts_at": "09:30", "ends_at": "10:00", "title": "Welcome"},
    )
    assert AgendaItem.objects.get().title == "Welcome"
    landing = cohort.get_join_url()
    page = reverse("arrangements:participant_sessions", args=[cohort.join_code])
    assert "Agenda and materials" not in Client().get(landing).content.decode()
    assert "Welcome" not in Client().get(page).content.decode()
    facilitator_client.post(reverse("arrangements:session_release", args=[cohort.slug, 1]), {"release": "1"})
    assert hasattr(session, "release") or session.__class__.objects.get(pk=session.pk).release
    assert "See the agenda and materials" in Client().get(landing).content.decode()
    assert "Welcome" in Client().get(page).content.decode()


def test_an_agenda_item_must_end_after_it_starts(facilitator_client, cohort):
    url = reverse("arrangements:agenda_item_add", args=[cohort.slug, 1])
    page = facilitator_client.post(url, {"starts_at": "10:00", "ends_at": "09:00", "title": "Oops"}).content
    assert "The end time must be after the start time" in page.decode()
    assert not AgendaItem.objects.exists()


def test_a_facilitator_records_a_design_group_meeting_shown_on_the_cohort_page(facilitator_client, cohort):
    url = reverse("arrangements:design_meeting_create", args=[cohort.slug])
    data = {"date": "2026-10-01", "attendees": "Two pharmacists", "decisions": "Use our inhaler data"}
    assert facilitator_client.post(url, data).status_code == 302
    page = facilitator_client.get(cohort.get_absolute_url()).content.decode()
    assert "Use our inhaler data" in page and "Two pharmacists" in page


def test_a_duplicated_cohort_keeps_each_sessions_agenda(facilitator):
    import datetime

    from arrangements.models import AgendaItem
    from tests.factories import CohortFactory, SessionFactory
    from workshops import services as workshops_services

    source = CohortFactory(facilitators=[facilitator])
    for part in (1, 2):
        session = SessionFactory(cohort=source, part=part, date=datetime.date(2026, 12, part))
        AgendaItem.objects.create(
            session=session, starts_at=datetime.time(9, 30), title=f"Welcome to part {part}"
        )
    copy = workshops_services.cohort_duplicate(
        source=source,
        name="Again in 2027",
        dates={1: datetime.date(2027, 3, 1), 2: datetime.date(2027, 3, 15)},
        user=facilitator,
    )
    agenda = AgendaItem.objects.filter(session__cohort=copy).order_by("session__part")
    assert [(item.session.part, item.title) for item in agenda] == [
        (1, "Welcome to part 1"),
        (2, "Welcome to part 2"),
    ]
    assert AgendaItem.objects.filter(session__cohort=source).count() == 2
