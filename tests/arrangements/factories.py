import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from arrangements.models import WorkshopRequest
from tests.factories import ProgrammeFactory


class WorkshopRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopRequest

    programme = factory.SubFactory(ProgrammeFactory)
    team = "Luton Community Nursing"
    organisation = "Cambridgeshire Community Services NHS Trust"
    contact_name = "Daniel Mensah"
    contact_email = "daniel.mensah@nhs.net"
    group_size = 24
    work = "District nurses visiting housebound patients."
    submission_token = factory.Sequence(lambda n: f"token-{n}")


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office_bytes(part: str) -> bytes:
    """A minimal Office Open XML file: a zip with its content types and a `part/` folder (ppt or word)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<doc/>")
    return buffer.getvalue()


def pdf_upload(name: str = "slides.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
