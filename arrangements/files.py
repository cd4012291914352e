"""Which uploaded files a session's materials may be, judged by what is in them, and how they are served.

A file's name can say anything: its first bytes (and, for Office files, the parts inside the zip)
must agree with its extension. Nothing that a browser would run (HTML, SVG, scripts) is accepted,
and every file goes back out as an attachment under a name we make, never the one it came with.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.text import slugify

MAX_MATERIAL_BYTES = 5 * 1024 * 1024  # under settings.MAX_REQUEST_BYTES, so the form can say so


@dataclass(frozen=True)
class Kind:
    name: str  # in words, for the page
    content_type: str


PDF = Kind("PDF", "application/pdf")
PPTX = Kind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
DOCX = Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
PPT = Kind("PowerPoint", "application/vnd.ms-powerpoint")
DOC = Kind("Word", "application/msword")
PNG = Kind("PNG image", "image/png")
JPEG = Kind("JPEG image", "image/jpeg")
GIF = Kind("GIF image", "image/gif")
WEBP = Kind("WebP image", "image/webp")

BY_EXTENSION = {
    ".pdf": PDF,
    ".pptx": PPTX,
    ".docx": DOCX,
    ".ppt": PPT,
    ".doc": DOC,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".gif": GIF,
    ".webp": WEBP,
}
ALLOWED_IN_WORDS = "a PDF, a PowerPoint or Word file, or an image (PNG, JPEG, GIF or WebP)"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .ppt and .doc files


class FileRefused(ValueError):
    """The file is not one we accept; the message says why in plain words."""


def _office_part(content: bytes) -> str | None:
    """ "ppt" or "word" for an Office Open XML file (a zip with its content types), else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("ppt/") for name in names):
        return "ppt"
    if any(name.startswith("word/") for name in names):
        return "word"
    return None


def detect(content: bytes) -> Kind | None:
    """What the file is, from its content alone."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(OLE_SIGNATURE):
        return None  # an old .ppt or .doc: decided by its extension in `check`
    if content.startswith(b"PK\x03\x04"):
        return {"ppt": PPTX, "word": DOCX}.get(_office_part(content) or "")
    return None


def check(file_name: str, content: bytes) -> Kind:
    """The file's kind if we accept it, or FileRefused saying what is wrong."""
    if not content:
        raise FileRefused("The file is empty. Choose another")
    if len(content) > MAX_MATERIAL_BYTES:
        raise FileRefused(f"The file must be smaller than {MAX_MATERIAL_BYTES // (1024 * 1024)} MB")
    extension = PurePath(file_name).suffix.lower()
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise FileRefused(f"The file must be {ALLOWED_IN_WORDS}")
    if claimed in (PPT, DOC):
        if content.startswith(OLE_SIGNATURE):
            return claimed
        raise FileRefused(f"The file is not the {claimed.name} file its name says. Choose another")
    found = detect(content)
    if found != claimed:
        raise FileRefused(f"The file is not the {claimed.name} file its name says. Choose another")
    return claimed


def safe_download_name(title: str, stored_name: str) -> str:
    """The name a download is saved as: the material's title in safe characters, with its extension."""
    extension = PurePath(stored_name).suffix.lower()
    if extension not in BY_EXTENSION:
        extension = ""
    return f"{slugify(title)[:80] or 'material'}{extension}"
