"""No breakdown shows a group small enough to identify people: not on the page, not in any file."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.exports import KEYS_BY_HEADING
from reports.statistics import PROTECTS_LABEL, SUPPRESSED_LABEL
from tests.evaluations.factories import respond, respond_many
from workshops.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_technicians(cohort, after):
    """12 pharmacists, 7 nurses and 4 pharmacy technicians, the technicians 3 of 4 agreeing.

    The technicians are too few to show; the nurses, the next smallest group, are hidden with them
    so that the technicians cannot be worked out from the total.
    """
    respond_many(after, 12, {"aim-1": 5, "recommend": 1}, about={"role": "pharmacist", "age_band": "35-44"})
    respond_many(
        after, 7, {"aim-1": 2, "recommend": 0}, about={"role": "nurse-or-midwife", "age_band": "35-44"}
    )
    respond_many(
        after, 3, {"aim-1": 4, "recommend": 1}, about={"role": "pharmacy-technician", "age_band": "35-44"}
    )
    respond(after, {"aim-1": 1, "recommend": 0}, about={"role": "pharmacy-technician", "age_band": "35-44"})
    return after


def rows_for(rows, group):
    return [row for row in rows if row["group"] == group]


def test_the_page_shows_neither_the_small_group_nor_the_one_hidden_to_protect_it(
    lead_client, cohort, four_technicians
):
    body = lead_client.get(reverse("reports:cohort_report", args=[cohort.slug])).content.decode()
    assert "Pharmacist</th><td>100% (12 of 12)" in body
    assert f'Pharmacy technician</th><td class="suppressed">{SUPPRESSED_LABEL}' in body
    assert f'Nurse or midwife</th><td class="suppressed">{PROTECTS_LABEL}' in body
    for leak in ("of 4)", "of 7)", "75%", "(3 of", "0% (0 of 7)"):
        assert leak not in body
    assert "A group with fewer than 5 answers is not shown" in body
    # and with no second group to compare, no gap is claimed
    assert "No gap can be shown" in body


def test_the_json_of_the_command_carries_no_figures_for_hidden_groups(cohort, four_technicians, capsys):
    call_command("cohort_report", cohort.slug, "--format", "json")
    figures = json.loads(capsys.readouterr().out)["figures"]
    for group, label in (("Pharmacy technician", SUPPRESSED_LABEL), ("Nurse or midwife", PROTECTS_LABEL)):
        rows = rows_for(figures, group)
        assert rows, f"{group} is listed as hidden"
        for row in rows:
            assert [row[k] for k in ("answered", "positive", "percent", "ci_low", "ci_high")] == [None] * 5
            assert row["note"] == label
    assert all(row["answered"] != 4 for row in figures if row["group"] != "All respondents")
    (pharmacists,) = [row for row in rows_for(figures, "Pharmacist") if row["code"] == "aim-1"]
    assert (pharmacists["answered"], pharmacists["positive"], pharmacists["percent"]) == (12, 12, 100.0)


def by_key(row: dict) -> dict:
    """A spreadsheet row (plain headings) by the figures' short keys."""
    return {KEYS_BY_HEADING[heading]: value for heading, value in row.items()}


def test_the_csv_download_carries_no_figures_for_hidden_groups(lead_client, cohort, four_technicians):
    response = lead_client.get(reverse("reports:report_figures", args=[cohort.slug, "csv"]))
    rows = [by_key(row) for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))]
    for row in rows_for(rows, "Pharmacy technician") + rows_for(rows, "Nurse or midwife"):
        assert [row[k] for k in ("answered", "positive", "percent", "ci_low", "ci_high")] == [""] * 5
        assert row["note"] == (SUPPRESSED_LABEL if row["group"] == "Pharmacy technician" else PROTECTS_LABEL)
    assert not [row for row in rows if row["group"] != "All respondents" and row["answered"] in ("4", "7")]


def test_the_xlsx_download_carries_no_figures_for_hidden_groups(lead_client, cohort, four_technicians):
    response = lead_client.get(reverse("reports:report_figures", args=[cohort.slug, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [KEYS_BY_HEADING[cell.value] for cell in sheet[1]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    hidden = rows_for(rows, "Pharmacy technician") + rows_for(rows, "Nurse or midwife")
    assert hidden
    for row in hidden:
        assert [row[k] for k in ("answered", "positive", "percent", "ci_low", "ci_high")] == [None] * 5
    assert {row["answered"] for row in rows if row["group"] != "All respondents"} <= {12, 23, None}


def test_the_raw_responses_have_no_respondent_key_and_no_about_you_answers(lead_client, cohort, after):
    person = Participant.objects.create(cohort=cohort)
    respond(
        after,
        {"aim-1": 5, "recommend": 1, "comments": "=SUM(A1:A9)"},
        about={"role": "pharmacist"},
        participant=person,
    )
    response = lead_client.get(reverse("reports:report_responses", args=[cohort.slug, "csv"]))
    text = response.content.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Survey"] == "After the workshop" and row["Phase"] == "after"
    assert row["Understand what inequality and equity are"] == "Strongly agree"
    assert row["Would recommend"] == "Yes"
    assert row["Comments"] == "'=SUM(A1:A9)", "a formula typed on a phone is made inert"
    assert person.key not in text
    assert "pharmacist" not in text.lower() and "role" not in text.lower()


def test_the_raw_responses_leave_out_a_hidden_comment(lead_client, facilitator, cohort, after):
    from evaluations import services

    named = respond(after, {"aim-1": 4, "comments": "Jo Bloggs in pharmacy was unhelpful."})
    services.comment_hide(answer=named.answers.get(item__code="comments"), user=facilitator)
    response = lead_client.get(reverse("reports:report_responses", args=[cohort.slug, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Jo Bloggs in pharmacy was unhelpful." not in values
    assert "Agree" in values
