"""A cohort report's figures and its raw responses, as pandas frames for CSV, XLSX and scripts.

The figures frame is what the report page shows, one row per survey item and group, with the
same suppression: a hidden group's row says so and carries no figures. The responses frame is
one row per response and one column per question, without the respondent's key, without their
"About you" answers, and without comments a facilitator hid from the report. Only the export
views and the `cohort_report` command import this module (pandas is heavy).
"""

from decimal import Decimal

import pandas as pd
from django.db.models import F

from evaluations.models import AGREEMENT_SCALE, YES_NO_SCALE, Answer, ItemKind, Response
from reports import statistics
from reports.cohort import CohortReport
from reports.results import ItemResult, SurveyResult, sentence_case
from workshops.models import Cohort

ALL_RESPONDENTS = "All respondents"
FIGURE_COLUMNS = [
    "survey",
    "survey_title",
    "code",
    "item",
    "label",
    "kind",
    "characteristic",
    "group",
    "answered",
    "positive",
    "percent",
    "ci_low",
    "ci_high",
    "mean",
    "note",
]
COUNT_COLUMNS = ["answered", "positive"]
NUMBER_COLUMNS = ["percent", "ci_low", "ci_high", "mean"]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _share_fields(share: statistics.Share | None) -> dict:
    if share is None:
        return {"answered": None, "positive": None, "percent": None, "ci_low": None, "ci_high": None}
    return {
        "answered": share.answered,
        "positive": share.positive,
        "percent": _number(share.percent),
        "ci_low": _number(share.ci_low),
        "ci_high": _number(share.ci_high),
    }


def _item_fields(survey: SurveyResult, item: ItemResult) -> dict:
    return {
        "survey": survey.phase,
        "survey_title": survey.title,
        "code": item.code,
        "item": item.text,
        "label": item.label,
        "kind": item.kind,
    }


def figure_rows(report: CohortReport) -> list[dict]:
    """Every survey item for all respondents, then broken down by each characteristic people told us."""
    breakdowns = [report.equity_for(c.slug) for c in report.equity.available]
    rows = []
    for survey in report.surveys:
        for item in survey.items:
            fields = _item_fields(survey, item)
            if item.kind == ItemKind.FREE_TEXT:
                rows.append(
                    {**fields, "group": ALL_RESPONDENTS, "answered": item.comments, "note": "comments"}
                )
                continue
            mean = _number(item.ratings.mean) if item.ratings else None
            note = statistics.SUPPRESSED_LABEL if item.hidden else ""
            rows.append(
                {**fields, "group": ALL_RESPONDENTS, **_share_fields(item.share), "mean": mean, "note": note}
            )
            for view in breakdowns:
                for equity_item in view.items:
                    if equity_item.code != item.code:
                        continue
                    for column in equity_item.columns:
                        if column.key != survey.survey.pk:
                            continue
                        for group in column.gap.groups:
                            rows.append(
                                {
                                    **fields,
                                    "characteristic": view.characteristic.slug,
                                    "group": group.group,
                                    **_share_fields(group.share),
                                    "note": group.text if group.share is None else "",
                                }
                            )
    return rows


def figures_frame(report: CohortReport) -> pd.DataFrame:
    """The figures as a frame (reports.files makes text a spreadsheet would run inert)."""
    rows = [{column: row.get(column) for column in FIGURE_COLUMNS} for row in figure_rows(report)]
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    frame[COUNT_COLUMNS] = frame[COUNT_COLUMNS].astype("Int64")
    frame[NUMBER_COLUMNS] = frame[NUMBER_COLUMNS].astype("Float64")
    frame[["characteristic", "note"]] = frame[["characteristic", "note"]].fillna("")
    return frame


# The figures' columns in a spreadsheet, in plain words; the `cohort_report` command keeps the
# short keys, which scripts read.
PLAIN_HEADINGS = {
    "survey": "Survey",
    "survey_title": "Survey title",
    "code": "Question's short name",
    "item": "Question",
    "label": "Question in the report",
    "kind": "How it is answered",
    "characteristic": "Broken down by",
    "group": "Group",
    "answered": "Answered",
    "positive": "Positive",
    "percent": "Percent positive",
    "ci_low": "95% interval, lower",
    "ci_high": "95% interval, upper",
    "mean": "Mean rating",
    "note": "Note",
}
KEYS_BY_HEADING = {heading: key for key, heading in PLAIN_HEADINGS.items()}


def figures_sheet(report: CohortReport) -> pd.DataFrame:
    """The figures for a spreadsheet: the same rows, with headings in plain words."""
    return figures_frame(report).rename(columns=PLAIN_HEADINGS)


LABELS = {ItemKind.AGREEMENT: dict(AGREEMENT_SCALE), ItemKind.YES_NO: dict(YES_NO_SCALE)}


def responses_frame(cohort: Cohort) -> pd.DataFrame:
    """One row per response, one column per question (headed by its report label), in two queries.

    Rows are in survey order, and within a survey in the order of their random submission token,
    so the order people answered in cannot be used to put a name to a row.
    """
    responses = list(
        Response.objects.of_cohorts(cohort)
        .order_by("survey__phase_order", "submission_token")
        .values("pk", "source", "survey__phase", "survey__title")
    )
    headers: dict[str, str] = {}
    cells: dict[int, dict[str, object]] = {row["pk"]: {} for row in responses}
    answers = (
        Answer.objects.of_cohorts(cohort)
        .order_by("item__survey__phase_order", "item__position")
        .values_list("response_id", "number", "text", "hidden_from_report_at", "item__code", "item__kind")
        .annotate(label=F("item__report_label"))
    )
    for response_id, number, text, hidden_at, code, kind, label in answers:
        if code not in headers:
            header = sentence_case(label)
            headers[code] = f"{header} ({code})" if header in headers.values() else header
        if kind == ItemKind.FREE_TEXT:
            value = "" if hidden_at else text
        else:
            value = LABELS.get(kind, {}).get(number, number)
        cells[response_id][headers[code]] = value
    sources = dict(Response.Source.choices)
    rows = [
        {
            "Survey": row["survey__title"],
            "Phase": row["survey__phase"],
            "Source": sources.get(row["source"], row["source"]),
            **cells[row["pk"]],
        }
        for row in responses
    ]
    return pd.DataFrame(rows, columns=["Survey", "Phase", "Source", *headers.values()])


# The programme report's figures, with plain headings: what the page shows, as rows.
PROGRAMME_COLUMNS = [
    "Part of the report",
    "Cohort or group",
    "First session",
    "Organisation or team",
    "Survey",
    "Question",
    "Answered",
    "Positive",
    "Percent positive",
    "95% interval, lower",
    "95% interval, upper",
    "Note",
]


def _plain_share(share: statistics.Share | None) -> dict:
    fields = _share_fields(share)
    return {
        "Answered": fields["answered"],
        "Positive": fields["positive"],
        "Percent positive": fields["percent"],
        "95% interval, lower": fields["ci_low"],
        "95% interval, upper": fields["ci_high"],
    }


def programme_rows(report) -> list[dict]:
    """Each cohort's headline results, then the equity view's groups, as the page shows them."""
    rows = []
    for row, cells in report.table:
        for item, share in cells:
            rows.append(
                {
                    "Part of the report": "Cohorts",
                    "Cohort or group": row.cohort.name,
                    "First session": row.cohort.first_date,
                    "Organisation or team": row.cohort.organisation,
                    "Survey": "After the workshop",
                    "Question": item.title,
                    **_plain_share(share if share.answered else None),
                    "Note": "" if share.answered else "no answers",
                }
            )
    equity = report.equity
    if equity.characteristic is not None:
        part = f"By {equity.characteristic.label.lower()}"
        for equity_item in equity.items:
            for column in equity_item.columns:
                for group in column.gap.groups:
                    rows.append(
                        {
                            "Part of the report": part,
                            "Cohort or group": group.group,
                            "Survey": column.title,
                            "Question": equity_item.title,
                            **_plain_share(group.share),
                            "Note": statistics.SUPPRESSED_LABEL if group.share is None else "",
                        }
                    )
    return rows


def programme_frame(report) -> pd.DataFrame:
    rows = [{column: row.get(column) for column in PROGRAMME_COLUMNS} for row in programme_rows(report)]
    frame = pd.DataFrame(rows, columns=PROGRAMME_COLUMNS)
    frame[["Answered", "Positive"]] = frame[["Answered", "Positive"]].astype("Int64")
    numbers = ["Percent positive", "95% interval, lower", "95% interval, upper"]
    frame[numbers] = frame[numbers].astype("Float64")
    return frame
