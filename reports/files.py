"""Spreadsheet files for staff to download: CSV and XLSX from pandas frames, safe to open.

Shared by the commitments export and the evaluation reports' exports. pandas is heavy: only
the export code imports this module, when a file is asked for, so no participant's request
pays for it.
"""

import io

import pandas as pd
from django.http import HttpResponse

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def would_run(value) -> bool:
    """Whether a spreadsheet would run this cell as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe (for CSV)."""
    return "'" + value if would_run(value) else value


def to_csv(frame: pd.DataFrame) -> bytes:
    """Every cell and every header that a spreadsheet would run gets a leading apostrophe."""
    safe = frame.rename(columns=neutralise)
    for column in safe.select_dtypes(include=["object", "string"]).columns:
        safe[column] = safe[column].map(neutralise)
    # The byte order mark makes Excel read the file as UTF-8 (“smart quotes”, en dashes, names).
    return safe.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, *, sheet_name: str) -> bytes:
    """One sheet with a frozen header row and columns wide enough to read (up to a limit).

    Text a spreadsheet would run, headers included, is stored as text with the quote-prefix
    style: it shows as typed, without an apostrophe, and stays text if someone edits the cell.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name)
        sheet = writer.sheets[sheet_name]
        for row in sheet.iter_rows():
            for cell in row:
                if would_run(cell.value):
                    cell.data_type = "s"  # openpyxl took a leading "=" for a formula
                    cell.quotePrefix = True
        for column in sheet.columns:
            longest = max((len(str(cell.value or "")) for cell in column), default=10)
            sheet.column_dimensions[column[0].column_letter].width = min(max(longest, 10), 60) + 2
        sheet.freeze_panes = "A2"
    return buffer.getvalue()


def to_file(frame: pd.DataFrame, *, file_format: str, sheet_name: str) -> bytes:
    return to_csv(frame) if file_format == "csv" else to_xlsx(frame, sheet_name=sheet_name)


def file_response(body: bytes, *, file_format: str, filename: str) -> HttpResponse:
    """The file as a download named `filename`.`file_format`."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
