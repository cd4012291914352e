"""A measure's monthly data by group from CSV or XLSX: every cell checked, all of the file or none of it."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from projects.models import DataPoint
from tests.projects.factories import MeasureFactory, ProjectFactory, points

pytestmark = pytest.mark.django_db

WORST, BEST = "1 (most deprived)", "5 (least deprived)"


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def measure(cohort):
    return MeasureFactory(project=ProjectFactory(cohort=cohort))


def upload(client, measure, name, content):
    url = reverse("projects:measure_import", args=[measure.project.pk, measure.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_a_csv_of_months_by_group_is_imported_and_the_badge_follows(facilitator_client, measure):
    rows = [
        ["Month", "Group", "Patients switched", "Patients eligible"],
        ["2026-01", WORST, 20, 100],
        ["2026-01", BEST, 50, 100],
        ["Feb 2026", "1 (MOST deprived)", 55, 100],
        ["02/2026", BEST, 60, 100],
        ["", "", "", ""],
    ]
    response = upload(facilitator_client, measure, "uptake.csv", as_csv(rows))
    assert response.status_code == 302 and response.url == measure.get_absolute_url()
    stored = sorted(DataPoint.objects.values_list("period", "group", "numerator", "denominator"))
    assert stored[0] == (datetime.date(2026, 1, 1), WORST, 20, 100) and len(stored) == 4
    measure.refresh_from_db()
    assert measure.gap_trend == "narrowing"


def test_an_xlsx_with_dates_for_months_replaces_the_months_already_entered(facilitator_client, measure):
    points(measure, {0: {WORST: (1, 100)}})
    rows = [["month", "group", "numerator", "denominator"], [datetime.datetime(2026, 1, 1), WORST, 30, 100]]
    upload(facilitator_client, measure, "uptake.xlsx", as_xlsx(rows))
    assert list(DataPoint.objects.values_list("numerator", flat=True)) == [30]


def test_every_bad_cell_is_listed_by_row_and_column_and_nothing_is_imported(facilitator_client, measure):
    rows = [
        ["Month", "Group", "Numerator", "Denominator"],
        ["2026-01", WORST, 20, 100],
        ["January", "Quintile 9", "x", 100],
        ["2026-02", BEST, 120, 100],
        ["2026-01", WORST, 21, 100],
    ]
    page = upload(facilitator_client, measure, "uptake.csv", as_csv(rows)).content.decode()
    assert "The file has 5 problems, so nothing was imported" in page
    assert "Row 3, column A “Month”: “January” is not a month; write it like 2026-11" in page
    assert "Row 3, column B “Group”: “Quintile 9” is not one of the groups" in page
    assert "Row 3, column C “Numerator”: “x” is not a whole number, 0 or more" in page
    assert "Row 4, column C “Numerator”: 120 is more than the denominator, 100" in page
    assert "Row 5: January 2026 for “1 (most deprived)” is already in row 2" in page
    assert not DataPoint.objects.exists()


def test_a_file_without_the_columns_says_which_are_missing(facilitator_client, measure):
    page = upload(facilitator_client, measure, "uptake.csv", as_csv([["Month", "Group", "Switched"]])).content
    assert "has no column “Numerator”, “Denominator”" in page.decode()


def test_a_file_past_the_row_limit_is_refused_by_the_shared_reader(facilitator_client, measure, settings):
    rows = [["Month", "Group", "Numerator", "Denominator"]] + [["2026-01", WORST, 1, 10]] * 2001
    page = upload(facilitator_client, measure, "big.csv", as_csv(rows)).content.decode()
    assert "more than 2,000 rows" in page and not DataPoint.objects.exists()


def test_a_file_of_another_kind_is_refused(facilitator_client, measure):
    page = upload(facilitator_client, measure, "uptake.txt", b"Month,Group").content.decode()
    assert "must be a CSV or an Excel workbook" in page
