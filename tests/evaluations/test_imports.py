"""Paper and Microsoft Forms responses imported from CSV or XLSX: all of the file or none of it."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from evaluations import imports, services
from evaluations.imports import ImportRefused
from evaluations.models import AboutYouAnswer, Answer, Response, ResponseImport

pytestmark = pytest.mark.django_db

AIM_1 = "I understand what inequality and equity are, and how they apply to my work"
AIM_3 = "I have gained an understanding of how to apply QI to tackle inequity in my work"
RECOMMEND = "I would recommend this training to a colleague"
OVERALL = "Overall, how would you rate the workshop?"
COMMENTS = "What did you think?"
USE_AGREEMENT = (
    "use one of Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree, "
    "or a number from 1 to 5."
)


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


PAPER = [
    [AIM_1, AIM_3, RECOMMEND, OVERALL, COMMENTS],
    ["Strongly agree", "Agree", "Yes", "5", "Very practical"],
    ["4", "neither agree nor disagree ", "No", "3", ""],
    ["", "", "", "", ""],
    ["agree", "", "yes", "4", ""],
]


def do_import(survey, rows, name="paper.csv", **kwargs):
    content = as_xlsx(rows) if name.endswith(".xlsx") else as_csv(rows)
    return services.responses_import(survey=survey, file_name=name, content=content, **kwargs)


def answers_of(survey) -> list[dict]:
    return [
        {a.item.code: a.number if a.number is not None else a.text for a in r.answers.all()}
        for r in survey.responses.order_by("pk")
    ]


def test_a_csv_of_paper_forms_becomes_one_response_per_row_with_blank_rows_skipped(survey):
    record = do_import(survey, PAPER)
    assert record.row_count == 3
    assert answers_of(survey) == [
        {"aim-1": 5, "aim-3": 4, "recommend": 1, "overall": 5, "comments": "Very practical"},
        {"aim-1": 4, "aim-3": 3, "recommend": 0, "overall": 3},
        {"aim-1": 4, "recommend": 1, "overall": 4},
    ]
    assert set(Response.objects.values_list("source", "participant", "response_import")) == {
        ("import", None, record.pk)
    }


def test_a_microsoft_forms_export_is_read_and_its_extra_columns_ignored_and_reported(survey):
    started = datetime.datetime(2022, 12, 1, 12, 14, 5)
    rows = [
        ["ID", "Start time", "Completion time", "Email", "Name", f"  {AIM_3.upper()} ", RECOMMEND, OVERALL],
        [1, started, started, "anonymous", None, "Strongly agree", "Yes", 5],
        [2, started, started, "anonymous", None, "Disagree", "No", 2.0],
    ]
    record = do_import(survey, rows, name="Evaluation(1-2).xlsx")
    assert record.ignored_columns == ["ID", "Start time", "Completion time", "Email", "Name"]
    assert answers_of(survey) == [
        {"aim-3": 5, "recommend": 1, "overall": 5},
        {"aim-3": 2, "recommend": 0, "overall": 2},
    ]


def test_one_bad_cell_imports_nothing_and_names_its_row_and_column(survey):
    rows = [row[:] for row in PAPER]
    rows[2][1] = "Agreee"
    with pytest.raises(ImportRefused) as refused:
        do_import(survey, rows)
    assert refused.value.problems == [
        f"Row 3 (respondent 2), column B “{AIM_3}”: "
        f"“Agreee” is not an answer to this question: {USE_AGREEMENT}"
    ]
    assert not Response.objects.exists()
    assert not ResponseImport.objects.exists()


def test_every_problem_is_listed_at_once(survey):
    rows = [
        [AIM_1, "What was the best bit?", RECOMMEND, OVERALL, COMMENTS],
        ["6", "", "Maybe", "ten", "x" * 2001],
    ]
    with pytest.raises(ImportRefused) as refused:
        do_import(survey, rows)
    problems = refused.value.problems
    assert problems[0].startswith(
        "Column B “What was the best bit?” does not match any question of this survey."
    )
    assert problems[1:] == [
        f"Row 2 (respondent 1), column A “{AIM_1}”: “6” is not an answer to this question: {USE_AGREEMENT}",
        f"Row 2 (respondent 1), column C “{RECOMMEND}”: “Maybe” is not an answer to this question: "
        "use Yes or No.",
        f"Row 2 (respondent 1), column D “{OVERALL}”: “ten” is not a rating: use a number from 1 to 5.",
        f"Row 2 (respondent 1), column E “{COMMENTS}”: the answer has 2,001 characters; the most is 2,000.",
    ]
    assert not Answer.objects.exists()


def test_a_column_given_twice_is_refused(survey):
    with pytest.raises(ImportRefused, match="Columns A and B are both"):
        do_import(survey, [[AIM_1, AIM_1], ["4", "5"]])


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([["ID", "Email"], ["1", "a@b"]], "No column matches a question of this survey."),
        ([[AIM_1]], "The file has no responses below its header row."),
        ([], "The file is empty."),
    ],
)
def test_a_file_with_nothing_to_import_says_why(survey, rows, problem):
    with pytest.raises(ImportRefused) as refused:
        do_import(survey, rows)
    assert problem in refused.value.problems


def test_a_file_that_is_not_a_workbook_says_so(survey):
    with pytest.raises(ImportRefused, match="could not be read as an Excel workbook"):
        services.responses_import(survey=survey, file_name="results.xlsx", content=b"not a zip")


def test_a_windows_excel_csv_and_semicolons_are_read(survey):
    content = f"{AIM_1};{COMMENTS}\r\n5;Très bien, merci\r\n".encode("cp1252")
    services.responses_import(survey=survey, file_name="paper.csv", content=content)
    assert answers_of(survey) == [{"aim-1": 5, "comments": "Très bien, merci"}]


def test_about_you_columns_are_matched_by_their_question_and_read_by_their_options(survey):
    survey.characteristics = ["role", "ethnic_group"]
    survey.save()
    rows = [
        [AIM_1, "Which staff group or role is closest to yours?", "Ethnic group"],
        ["4", "Pharmacist", "Prefer not to say"],
    ]
    do_import(survey, rows)
    assert dict(AboutYouAnswer.objects.values_list("characteristic", "value")) == {
        "role": "pharmacist",
        "ethnic_group": "prefer-not-to-say",
    }


def test_importing_the_same_file_twice_is_refused(survey):
    do_import(survey, PAPER)
    with pytest.raises(ImportRefused) as refused:
        do_import(survey, PAPER)
    assert refused.value.already_imported
    assert "“paper.csv” was already imported into this survey on" in refused.value.problems[0]
    assert "(3 responses)" in refused.value.problems[0]
    assert Response.objects.count() == 3


def test_the_same_contents_under_another_name_are_the_same_file(survey):
    do_import(survey, PAPER, name="paper.csv")
    with pytest.raises(ImportRefused, match="already imported"):
        do_import(survey, PAPER, name="paper (copy).csv")


def test_replacing_an_import_swaps_its_responses_for_the_files(survey):
    do_import(survey, PAPER)
    corrected = [row[:] for row in PAPER]
    corrected[1][0] = "Disagree"
    do_import(survey, corrected, replace=True)
    assert Response.objects.count() == 3
    assert ResponseImport.objects.count() == 1
    assert answers_of(survey)[0]["aim-1"] == 2


def test_a_bad_replacement_keeps_the_earlier_import(survey):
    do_import(survey, PAPER)
    broken = [row[:] for row in PAPER]
    broken[1][0] = "Perhaps"
    with pytest.raises(ImportRefused):
        do_import(survey, broken, replace=True)
    assert Response.objects.count() == 3
    assert answers_of(survey)[0]["aim-1"] == 5


def test_imported_responses_freeze_the_questions_too(survey):
    do_import(survey, PAPER)
    assert survey.questions_are_frozen()


def test_columns_are_lettered_as_in_a_spreadsheet():
    assert [imports.column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


# The web page ---------------------------------------------------------------------------------


def upload(rows, name="paper.csv"):
    content = as_xlsx(rows) if name.endswith(".xlsx") else as_csv(rows)
    return SimpleUploadedFile(name, content)


def import_url(survey):
    return reverse("evaluations:responses_import", args=[survey.cohort.slug, survey.phase])


def test_a_facilitator_imports_a_file_from_the_web_page(facilitator_client, survey, facilitator):
    rows = [["ID", *PAPER[0]], *[[str(n), *row] for n, row in enumerate(PAPER[1:], start=1)]]
    response = facilitator_client.post(import_url(survey), {"file": upload(rows, "forms.xlsx")}, follow=True)
    body = response.content.decode()
    assert "Imported 3 responses from “forms.xlsx”. Ignored columns: ID." in body
    assert ResponseImport.objects.get().imported_by == facilitator
    assert "forms.xlsx" in facilitator_client.get(survey.get_absolute_url()).content.decode()


def test_the_web_page_lists_every_problem_and_imports_nothing(facilitator_client, survey):
    rows = [row[:] for row in PAPER]
    rows[1][2] = "Perhaps"
    rows[2][3] = "9"
    body = facilitator_client.post(import_url(survey), {"file": upload(rows)}).content.decode()
    assert "<title>Error: Import responses" in body
    assert "The file has 2 problems, so nothing was imported" in body
    assert "Row 2 (respondent 1), column C" in body and "Row 3 (respondent 2), column D" in body
    assert "the header is row 1" in body
    assert not Response.objects.exists()


def test_the_web_page_refuses_the_same_file_twice_unless_asked_to_replace(facilitator_client, survey):
    facilitator_client.post(import_url(survey), {"file": upload(PAPER)})
    body = facilitator_client.post(import_url(survey), {"file": upload(PAPER)}).content.decode()
    assert "was already imported into this survey" in body
    assert Response.objects.count() == 3
    facilitator_client.post(import_url(survey), {"file": upload(PAPER), "replace": "on"})
    assert Response.objects.count() == 3
    assert ResponseImport.objects.count() == 1


def test_the_web_page_refuses_other_kinds_of_file(facilitator_client, survey):
    body = facilitator_client.post(
        import_url(survey), {"file": SimpleUploadedFile("notes.docx", b"...")}
    ).content.decode()
    assert "The file must be a CSV or an Excel workbook (.xlsx)" in body


def test_a_lead_cannot_import(lead_client, survey):
    assert lead_client.post(import_url(survey), {"file": upload(PAPER)}).status_code == 403
    assert not Response.objects.exists()


# The command ----------------------------------------------------------------------------------


def test_the_command_imports_a_file(survey, tmp_path, capsys):
    path = tmp_path / "paper.xlsx"
    path.write_bytes(as_xlsx([["Name", *PAPER[0]], ["A. Person", *PAPER[1]]]))
    call_command("import_responses", survey.cohort.slug, "after", str(path))
    out = capsys.readouterr().out
    assert "Imported 1 responses into “After the workshop” of Luton Pharmacy Team." in out
    assert "Ignored columns: Name." in out
    assert Response.objects.count() == 1


def test_the_command_lists_every_problem_and_imports_nothing(survey, tmp_path):
    path = tmp_path / "paper.csv"
    rows = [row[:] for row in PAPER]
    rows[3][0] = "Strongly"
    path.write_bytes(as_csv(rows))
    with pytest.raises(CommandError) as error:
        call_command("import_responses", survey.cohort.slug, "after", str(path))
    assert "Nothing was imported: the file has 1 problem(s)." in str(error.value)
    assert "the header is row 1" in str(error.value)
    assert f"Row 4 (respondent 3), column A “{AIM_1}”: “Strongly”" in str(error.value)
    assert not Response.objects.exists()


def test_the_command_refuses_a_second_import_unless_told_to_replace(survey, tmp_path):
    path = tmp_path / "paper.csv"
    path.write_bytes(as_csv(PAPER))
    call_command("import_responses", survey.cohort.slug, "after", str(path))
    with pytest.raises(CommandError, match="Use --replace"):
        call_command("import_responses", survey.cohort.slug, "after", str(path))
    call_command("import_responses", survey.cohort.slug, "after", str(path), "--replace")
    assert Response.objects.count() == 3


def test_the_command_names_an_unknown_survey_or_file(survey, tmp_path):
    with pytest.raises(CommandError, match="No survey “after-part-4” in a cohort “luton-pharmacy”"):
        call_command("import_responses", "luton-pharmacy", "after-part-4", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_responses", "luton-pharmacy", "after", str(tmp_path / "missing.csv"))
