"""A cohort's commitments as CSV or XLSX: no email addresses unless asked, no formulas ever."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from commitments.models import Commitment
from reports.files import neutralise
from tests.commitments.factories import CommitmentFactory, note_for
from tests.imports import top_level_modules_after

pytestmark = pytest.mark.django_db


def export_url(cohort):
    return reverse("reports:commitments_export", args=[cohort.slug])


@pytest.fixture
def cards(cohort, lead, frozen_now):
    first = CommitmentFactory(
        cohort=cohort, text="Audit reviews by deprivation quintile", email="aisha@example.nhs.uk"
    )
    note_for(first, author=lead, note="Search agreed.", status_from="committed", status_to="in_progress")
    CommitmentFactory(cohort=cohort, text='=HYPERLINK("http://evil.example","click me")', display_name="@Sam")
    return first


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf"), "a byte order mark, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1234", "'+44 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Audit = good", "Audit = good"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_is_made_inert(typed, stored):
    assert neutralise(typed) == stored


def test_numbers_and_dates_are_left_alone():
    assert neutralise(-2) == -2


def test_the_export_page_offers_the_formats_and_the_email_choice(lead_client, cohort):
    body = lead_client.get(export_url(cohort)).content.decode()
    assert "Excel workbook (.xlsx)" in body
    assert "Include participants’ email addresses" in body


def test_the_csv_has_one_row_per_commitment_without_emails_by_default(lead_client, cohort, cards):
    response = lead_client.get(export_url(cohort), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="luton-pharmacy-commitments.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 2
    assert "Email" not in rows[0]
    assert b"aisha@example.nhs.uk" not in response.content
    first = rows[0]
    assert first["Commitment"] == "Audit reviews by deprivation quintile"
    assert first["Status"] == "Committed"
    assert first["Follow-up due"] == "2027-01-20"
    assert first["Follow-up notes"] == "2026-11-20, Tom Okafor (Committed → In progress): Search agreed."


def test_the_csv_has_the_emails_when_the_lead_ticks_the_box(lead_client, cohort, cards):
    rows = read_csv(lead_client.get(export_url(cohort), {"format": "csv", "include_emails": "on"}))
    assert rows[0]["Email"] == "aisha@example.nhs.uk"


def test_formulas_typed_on_a_phone_are_inert_in_the_csv(lead_client, cohort, cards):
    rows = read_csv(lead_client.get(export_url(cohort), {"format": "csv"}))
    assert rows[1]["Commitment"] == '\'=HYPERLINK("http://evil.example","click me")'
    assert rows[1]["Name on the wall"] == "'@Sam"


def test_the_xlsx_opens_with_text_cells_and_no_formulas(lead_client, cohort, cards):
    response = lead_client.get(export_url(cohort), {"format": "xlsx", "include_emails": "on"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert rows[0]["Email"] == "aisha@example.nhs.uk"
    assert rows[1]["Commitment"].startswith("=HYPERLINK")  # shown as typed, stored as text
    assert any(cell.quotePrefix for cell in sheet[3])
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_empty_cohort_exports_the_header_row(lead_client, cohort):
    rows = lead_client.get(export_url(cohort), {"format": "csv"}).content.decode("utf-8-sig")
    assert rows.startswith("Cohort,Written,Kind,Commitment")


def test_an_unknown_format_shows_the_form_with_the_problem(lead_client, cohort):
    body = lead_client.get(export_url(cohort), {"format": "pdf"}).content.decode()
    assert "<title>Error: Export commitments" in body


def test_the_cohorts_facilitator_exports_too(facilitator_client, cohort, cards):
    response = facilitator_client.get(export_url(cohort), {"format": "csv"})
    assert response.status_code == 200
    assert [row["Commitment"] for row in read_csv(response)] == [
        "Audit reviews by deprivation quintile",
        '\'=HYPERLINK("http://evil.example","click me")',
    ]


def test_the_export_refuses_everyone_else(client, cohort, cards, outsider, other_facilitator):
    query = {"format": "csv", "include_emails": "on"}
    assert client.get(export_url(cohort), query).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(export_url(cohort), query).status_code == 403
    client.force_login(other_facilitator)
    assert client.get(export_url(cohort), query).status_code == 404


def test_the_export_answers_only_get(lead_client, cohort):
    assert lead_client.post(export_url(cohort)).status_code == 405


def test_pandas_is_not_loaded_on_a_participants_path():
    loaded = top_level_modules_after(
        "import commitments.views, commitments.urls, commitments.services, commitments.forms"
    )
    assert "pandas" not in loaded and "openpyxl" not in loaded


def test_the_export_costs_the_same_queries_for_few_commitments_or_many(
    lead_client, lead, cohort, django_assert_num_queries
):
    # session, user, groups, cohort, commitments, their notes, the notes' authors
    for n in (2, 30):
        for _ in range(n):
            note_for(CommitmentFactory(cohort=cohort), author=lead)
        with django_assert_num_queries(7):
            response = lead_client.get(export_url(cohort), {"format": "xlsx"})
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row == 1 + Commitment.objects.filter(cohort=cohort).count()
