"""The QI projects portfolio as a spreadsheet: a row per measure (a project without one has one row).

Read from projects' QuerySets only (docs/adr/0028, 0033); pandas is loaded when someone exports.
"""

import pandas as pd

from reports.files import to_file

TRENDS = {"narrowing": "Narrowing", "no clear change": "No clear change", "widening": "Widening", "": ""}


def portfolio_frame(projects) -> pd.DataFrame:
    rows = []
    for project in projects:
        common = {
            "Project": project.title,
            "Team": project.team,
            "Organisation": project.organisation,
            "Cohort": project.cohort.name if project.cohort else "",
            "Stage": project.stage.name,
            "Groups compared": project.grouping_label,
            "Latest data": project.last_period.strftime("%Y-%m") if project.last_period else "",
            "From the project ideas": " | ".join(c.text for c in project.commitments.all()),
        }
        measures = list(project.measures.all()) or [None]
        for measure in measures:
            rows.append(
                common
                | {
                    "Measure": measure.name if measure else "",
                    "Gap": TRENDS[measure.gap_trend] if measure else "",
                    "Best group got worse": ("yes" if measure.best_got_worse else "no") if measure else "",
                }
            )
    columns = [
        "Project",
        "Team",
        "Organisation",
        "Cohort",
        "Stage",
        "Groups compared",
        "Latest data",
        "Measure",
        "Gap",
        "Best group got worse",
        "From the project ideas",
    ]
    return pd.DataFrame(rows, columns=columns)


def portfolio_export(projects, *, file_format: str) -> bytes:
    return to_file(portfolio_frame(projects), file_format=file_format, sheet_name="QI projects")
