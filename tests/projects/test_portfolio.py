"""The portfolio of QI projects: its filters, and its export as CSV and XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_the_portfolio_filters_by_cohort_organisation_and_stage(lead_client, cohort, projects):
    url = reverse("projects:project_list")
    listed = lead_client.get(url, {"cohort": cohort.slug}).content.decode()
    assert "Switch uptake" in listed and "From scratch" in listed and "Another cohort" not in listed
    listed = lead_client.get(url, {"organisation": "Bedford PCN"}).content.decode()
    assert "From scratch" in listed and "Switch uptake" not in listed
    listed = lead_client.get(url, {"stage": "testing"}).content.decode()
    assert "From scratch" in listed and "Switch uptake" not in listed
    listed = lead_client.get(url).content.decode()
    assert "Gap narrowing" in listed and "“Switch uptake by quintile”" in listed and "Jan 2026" not in listed
    assert "Feb 2026" in listed  # the latest data point


def test_a_facilitator_sees_only_their_cohorts_projects_in_the_portfolio(facilitator_client, projects):
    listed = facilitator_client.get(reverse("projects:project_list")).content.decode()
    assert "Switch uptake" in listed and "Another cohort" not in listed


def test_the_portfolio_exports_as_csv_a_row_per_measure_with_the_filters(lead_client, cohort, projects):
    response = lead_client.get(reverse("reports:projects_export", args=["csv"]), {"cohort": cohort.slug})
    assert response["Content-Disposition"] == 'attachment; filename="qi-projects.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["Project"], row["Measure"], row["Gap"]) for row in rows] == [
        ("From scratch", "", ""),
        ("Switch uptake", "Uptake", "Narrowing"),
        ("Switch uptake", "Reviews", ""),
    ]
    assert (
        rows[1]["From the project ideas"] == "Switch uptake by quintile"
        and rows[1]["Latest data"] == "2026-02"
    )


def test_the_portfolio_exports_as_xlsx(lead_client, projects):
    response = lead_client.get(reverse("reports:projects_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Project" and sheet.max_row == 5


def test_an_unknown_export_format_is_not_found(lead_client):
    assert lead_client.get(reverse("reports:projects_export", args=["pdf"])).status_code == 404
