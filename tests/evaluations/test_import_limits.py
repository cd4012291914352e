"""No file the upload limit lets in can take a worker's memory or time: rows and columns are
counted while the file is read, and a file past a limit is refused with a sentence naming it."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from evaluations import imports, services
from evaluations.imports import ImportRefused
from evaluations.models import Answer, Response

pytestmark = pytest.mark.django_db

AIM_1 = "I understand what inequality and equity are, and how they apply to my work"
AIM_1_CELL = f'"{AIM_1}"'  # quoted in a CSV: the question has a comma
COMMENTS = "What did you think?"
MEMORY_BUDGET = 50 * 1024 * 1024  # far below a worker's 250 MB, whatever the file


def xlsx(
    rows, *, dimension: str | None = None, extra: dict[str, bytes] | None = None, workbook=None
) -> bytes:
    """A workbook of `rows`, optionally claiming another size, or carrying extra parts."""
    workbook = workbook or Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    if dimension is None and not extra:
        return out.getvalue()
    rewritten = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            data = source.read(part.filename)
            if dimension and part.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
            target.writestr(part, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return rewritten.getvalue()


def import_measured(survey, name: str, content: bytes):
    """Import the file; return what happened, the peak memory it took and how long."""
    assert len(content) <= 5 * 1024 * 1024, "the upload limit would refuse it before this"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = services.responses_import(survey=survey, file_name=name, content=content)
    except ImportRefused as refused:
        outcome = refused
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, peak, seconds


def test_a_csv_of_100000_valid_rows_is_refused_quickly_naming_the_limit(survey):
    content = ("\n".join([AIM_1_CELL] + ["Agree"] * 100_000) + "\n").encode()
    refused, peak, seconds = import_measured(survey, "big.csv", content)
    assert isinstance(refused, ImportRefused)
    assert refused.problems == [imports.TOO_MANY_ROWS]
    assert "more than 2,000 rows" in refused.problems[0]
    assert peak < MEMORY_BUDGET and seconds < 5
    assert not Response.objects.exists()


def test_a_csv_whose_header_ends_in_100000_commas_is_read_as_its_real_columns(survey):
    content = (AIM_1_CELL + "," * 100_000 + "\n" + "Agree\n" * 1_500).encode()
    record, peak, seconds = import_measured(survey, "commas.csv", content)
    assert record.row_count == 1_500
    assert peak < MEMORY_BUDGET and seconds < 30


def test_a_csv_with_100000_columns_is_refused_naming_the_limit(survey):
    content = (",".join(["x"] * 100_000) + "\n" + "1\n" * 45_000).encode()
    refused, peak, _ = import_measured(survey, "wide.csv", content)
    assert refused.problems == [
        "Row 1 has 100,000 columns; the most a file may have is 200. "
        "Delete the columns that are not answers and import it again."
    ]
    assert peak < MEMORY_BUDGET


def test_a_workbook_claiming_every_cell_of_the_sheet_is_read_for_the_cells_it_has(survey):
    content = xlsx([[AIM_1, COMMENTS], ["Agree", "Clear"], ["Disagree", ""]], dimension="A1:XFD1048576")
    record, peak, seconds = import_measured(survey, "claims.xlsx", content)
    assert record.row_count == 2
    assert Answer.objects.count() == 3
    assert peak < MEMORY_BUDGET and seconds < 5


def test_a_workbook_with_a_cell_in_its_last_column_is_refused_naming_the_limit(survey):
    workbook = Workbook()
    workbook.active.append([AIM_1])
    workbook.active["XFD2"] = "far away"
    out = io.BytesIO()
    workbook.save(out)
    refused, peak, _ = import_measured(survey, "far.xlsx", out.getvalue())
    assert refused.problems[0].startswith("Row 2 has 16,384 columns; the most a file may have is 200.")
    assert peak < MEMORY_BUDGET


def test_a_workbook_with_too_many_rows_is_refused_naming_the_limit(survey):
    refused, peak, _ = import_measured(survey, "long.xlsx", xlsx([[AIM_1]] + [["Agree"]] * 2_001))
    assert refused.problems == [imports.TOO_MANY_ROWS]
    assert peak < MEMORY_BUDGET


def test_a_workbook_claiming_every_cell_with_a_row_far_down_is_refused_without_reading_the_gap(survey):
    workbook = Workbook()
    workbook.active["A1048576"] = "Agree"
    content = xlsx([[AIM_1]], workbook=workbook, dimension="A1:XFD1048576")
    refused, peak, seconds = import_measured(survey, "gap.xlsx", content)
    assert refused.problems == [imports.TOO_MANY_ROWS]
    assert peak < MEMORY_BUDGET and seconds < 5


def test_a_workbook_that_unpacks_to_more_than_50_mb_is_refused_unread(survey):
    bomb = xlsx([[AIM_1], ["Agree"]], extra={"xl/media/padding.bin": b"\0" * (60 * 1024 * 1024)})
    refused, peak, _ = import_measured(survey, "bomb.xlsx", bomb)
    assert refused.problems == [
        "The workbook unpacks to 60 MB; the most we read is 50 MB. Save only the sheet of "
        "responses, without pictures or formatting, and import it again."
    ]
    assert peak < MEMORY_BUDGET + 5 * 1024 * 1024  # the file itself is in memory


def test_2000_rows_are_imported_in_one_go(survey):
    content = ("\n".join([f"{AIM_1_CELL},{COMMENTS}"] + ["Agree,Practical"] * 2_000) + "\n").encode()
    record, peak, seconds = import_measured(survey, "full.csv", content)
    assert record.row_count == 2_000
    assert Answer.objects.count() == 4_000
    assert peak < MEMORY_BUDGET * 2


def test_the_import_page_says_the_limit_in_plain_words(facilitator_client, survey):
    content = ("\n".join([AIM_1_CELL] + ["Agree"] * 100_000) + "\n").encode()
    url = reverse("evaluations:responses_import", args=[survey.cohort.slug, survey.phase])
    response = facilitator_client.post(url, {"file": SimpleUploadedFile("big.csv", content)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "the most one import takes is 2,000" in body
    assert not Response.objects.exists()
