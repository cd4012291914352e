"""No small group can be worked out from every figure a lead can see, across pages, filters and files.

Hypothesis makes small programmes (2 to 6 cohorts in 1 to 3 organisations on different dates,
random group sizes 0 to 9 of one characteristic in "Before" and "After", random answers). For each
it reads, through the real views, exports and command, every cohort report, the programme report
under every filter the form allows (one per selection of cohorts), the figures files and the
command's JSON; it writes each
figure shown as a linear equation over the unknown cells (answered and positive per cohort, survey
and group) and checks with exact arithmetic that no cell of a group with 1 to 4 answers is fixed
by them (docs/adr/0029).
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from evaluations import characteristics, services, totals
from evaluations.models import AboutYouAnswer, Answer, Response
from reports.exports import KEYS_BY_HEADING
from tests.factories import CohortFactory, SessionFactory, WorkshopFactory
from tests.reports.disclosure import counts, determined, tables

pytestmark = pytest.mark.django_db

ETHNIC_GROUP = characteristics.get("ethnic_group")
GROUPS = ("white", "mixed", "asian")
LABEL_GROUP = {ETHNIC_GROUP.label_for(g): g for g in GROUPS}
PHASES = ("before", "after")
TITLE_PHASE = {"Before the workshop": "before", "After the workshop": "after"}
AIM = "aim-1"
AIM_TITLE = "Understand what inequality and equity are"
FIRST_DAY = datetime.date(2026, 1, 5)
PROGRAMME = reverse("reports:programme_report")


@dataclass(frozen=True)
class Made:
    name: str
    organisation: str
    date: datetime.date
    cells: dict  # (phase, group) → (positive, answered)


@st.composite
def programmes(draw) -> list[Made]:
    n = draw(st.integers(2, 6))
    organisations = draw(st.integers(1, 3))
    days = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n, unique=True))
    made = []
    for k in range(n):
        organisation = f"Org {'ABC'[draw(st.integers(0, organisations - 1))]}"
        cells = {}
        for phase, group in product(PHASES, GROUPS):
            answered = draw(st.integers(0, 9))
            cells[phase, group] = (draw(st.integers(0, answered)), answered)
        made.append(Made(f"Cohort {k}", organisation, FIRST_DAY + datetime.timedelta(days[k]), cells))
    return made


def build(programme: list[Made]) -> None:
    workshop = WorkshopFactory()
    for made in programme:
        cohort = CohortFactory(
            workshop=workshop,
            name=made.name,
            slug=made.name.lower().replace(" ", "-"),
            organisation=made.organisation,
        )
        SessionFactory(cohort=cohort, part=1, date=made.date)
        for phase in PHASES:
            survey = services.survey_add(cohort=cohort, phase=phase)
            item = survey.items.get(code=AIM)
            said = [
                (group, 5 if n < positive else 2)
                for group in GROUPS
                for positive, answered in [made.cells[phase, group]]
                for n in range(answered)
            ]
            responses = Response.objects.bulk_create([Response(survey=survey) for _ in said])
            Answer.objects.bulk_create(
                [
                    Answer(response=r, item=item, number=value)
                    for r, (_, value) in zip(responses, said, strict=True)
                ]
            )
            AboutYouAnswer.objects.bulk_create(
                [
                    AboutYouAnswer(response=r, characteristic="ethnic_group", value=group)
                    for r, (group, _) in zip(responses, said, strict=True)
                ]
            )
            totals.count_in(Answer.objects.filter(item__survey=survey))  # as bulk loads must


class Adversary:
    """Every figure seen, as equations over x (answered) and y (positive) of each (cohort, phase, group)."""

    def __init__(self, programme: list[Made]):
        self.truth = {
            (m.name, phase, group): m.cells[phase, group] for m in programme for phase, group in m.cells
        }
        self.cells = list(self.truth)
        self.index = {cell: n for n, cell in enumerate(self.cells)}
        self.equations: list[tuple[dict, int, str]] = []
        self.shown: set = set()  # cells whose own cohort report shows their figures

    def x(self, cell) -> int:
        return self.index[cell]

    def y(self, cell) -> int:
        return len(self.cells) + self.index[cell]

    def add(self, cells, which: str, value: int, where: str) -> None:
        cells = list(cells)
        position = 1 if which == "x" else 0
        true = sum(self.truth[cell][position] for cell in cells)
        assert true == value, f"{where}: read {value}, but the data say {true} ({which} of {cells})"
        variables = {(self.x if which == "x" else self.y)(cell): Fraction(1) for cell in cells}
        self.equations.append((variables, value, where))

    def add_counts(self, cells, shown: tuple[int, int], where: str) -> None:
        positive, answered = shown
        cells = list(cells)
        self.add(cells, "x", answered, where)
        self.add(cells, "y", positive, where)

    def everyone(self, cohort: str, phase: str) -> list:
        return [(cohort, phase, group) for group in GROUPS]

    def pooled(
        self,
        cohorts: list[str],
        phase: str,
        group: str,
        shown: tuple[int, int],
        where: str,
        *,
        published: bool,
    ) -> None:
        """A pooled figure: the sum over the cohorts, or, where the page says it pools only what each
        cohort's own report shows (ADR 29), over those cohorts' cells."""
        cells = [(c, phase, group) for c in cohorts]
        if published:
            cells = [cell for cell in cells if cell in self.shown]
        self.add_counts(cells, shown, where)

    def left_out(self, cohorts: list[str], phase: str, answered: int, where: str) -> None:
        every = [(c, phase, group) for c in cohorts for group in GROUPS]
        self.add([cell for cell in every if cell not in self.shown], "x", answered, where)

    def leaks(self) -> list[str]:
        fixed = determined(variables for variables, _, _ in self.equations)
        found = []
        for cell, (positive, answered) in self.truth.items():
            if 1 <= answered <= 4:
                for name, variable in (("answered", self.x(cell)), ("positive", self.y(cell))):
                    if variable in fixed:
                        found.append(f"{cell} {name} ({positive} of {answered}) can be worked out")
        return found


# Reading what a lead sees --------------------------------------------------------------------


def read_cohort_page(adversary: Adversary, cohort: str, html: str) -> None:
    where = f"report of {cohort}"
    for table in tables(html):
        if table.caption.startswith("Responses to each survey"):
            for row in table.body:
                if row[1][1].isdigit():
                    adversary.add(
                        adversary.everyone(cohort, TITLE_PHASE[row[0][1]]), "x", int(row[1][1]), where
                    )
        elif re.fullmatch(r"(.+): \d+ responses?", table.caption):
            phase = TITLE_PHASE[table.caption.split(":")[0]]
            if (match := re.search(r": (\d+) responses?$", table.caption)) is not None:
                adversary.add(adversary.everyone(cohort, phase), "x", int(match[1]), where)
            for row in table.body:
                if row[0][1].startswith(AIM_TITLE) and (shown := counts(row[2][1])) is not None:
                    adversary.add_counts(adversary.everyone(cohort, phase), shown, where)
        elif table.caption.startswith("The numbers in the chart: how many gave each answer"):
            question = ""
            for row in table.body:
                if row[0][0] == "th":
                    question, row = row[0][1], row[1:]
                if not question.startswith(AIM_TITLE):
                    continue
                everyone = adversary.everyone(cohort, TITLE_PHASE[row[0][1]])
                disagree, strongly_agree, answered = row[2][1], row[5][1], row[6][1]
                if strongly_agree.split(" ")[0].isdigit():
                    adversary.add(everyone, "y", int(strongly_agree.split(" ")[0]), where)
                if answered.isdigit():
                    adversary.add(everyone, "x", int(answered), where)
                    if disagree.split(" ")[0].isdigit():
                        # those who disagreed are those who answered less those who agreed
                        variables = {adversary.x(c): Fraction(1) for c in everyone}
                        variables.update({adversary.y(c): Fraction(-1) for c in everyone})
                        adversary.equations.append((variables, int(disagree.split(" ")[0]), where))
        elif table.caption == "Questions asked in more than one survey":
            for row in table.body:
                if row[0][0] == "th":
                    question, row = row[0][1], row[1:]
                if not question.startswith(AIM_TITLE):
                    continue
                for title, text in ((row[0][1], row[2][1]), (row[1][1], row[3][1])):
                    if (shown := counts(text)) is not None:
                        adversary.add_counts(adversary.everyone(cohort, TITLE_PHASE[title]), shown, where)
        elif table.caption.startswith(AIM_TITLE) and table.caption.endswith("by ethnic group"):
            phases = [TITLE_PHASE[title] for title in table.head[0][1:]]
            listed = set()
            for row in table.body:
                group = LABEL_GROUP[row[0][1]]
                listed.add(group)
                for phase, (_, text) in zip(phases, row[1:], strict=True):
                    if (shown := counts(text)) is not None:
                        adversary.add_counts([(cohort, phase, group)], shown, where)
                        adversary.shown.add((cohort, phase, group))
            for group, phase in product(set(GROUPS) - listed, phases):
                adversary.add_counts([(cohort, phase, group)], (0, 0), f"{where}: {group} not listed")
                adversary.shown.add((cohort, phase, group))


def read_figures(adversary: Adversary, cohort: str, rows: list[dict], where: str) -> None:
    listed: dict[str, set] = {}
    for row in rows:
        if row["code"] != AIM:
            continue
        answered, positive = row["answered"], row["positive"]
        if answered in (None, "") or positive in (None, ""):
            if row["group"] != "All respondents":
                listed.setdefault(row["survey"], set()).add(LABEL_GROUP[row["group"]])
            continue
        shown = (int(float(positive)), int(float(answered)))
        if row["group"] == "All respondents":
            adversary.add_counts(adversary.everyone(cohort, row["survey"]), shown, where)
        elif row["characteristic"] == "ethnic_group":
            group = LABEL_GROUP[row["group"]]
            listed.setdefault(row["survey"], set()).add(group)
            adversary.add_counts([(cohort, row["survey"], group)], shown, where)
    for phase, groups in listed.items():
        for group in set(GROUPS) - groups:
            adversary.add_counts([(cohort, phase, group)], (0, 0), f"{where}: {group} not listed")


def read_programme_page(adversary: Adversary, html: str, where: str) -> list[str]:
    found = tables(html)
    published = "whose own report shows that group" in html  # the page says what it pools
    cohorts = []
    for table in found:
        if table.caption.startswith("Each cohort's headline results"):
            column = next(n for n, title in enumerate(table.head[0]) if title.startswith(AIM_TITLE))
            for row in table.body:
                cohort = re.match(r"Cohort \d+", row[0][1])[0]
                cohorts.append(cohort)
                if row[1][1].isdigit():
                    adversary.add(adversary.everyone(cohort, "after"), "x", int(row[1][1]), where)
                if (shown := counts(row[column][1])) is not None:
                    adversary.add_counts(adversary.everyone(cohort, "after"), shown, where)
    if (match := re.search(r"; (\d+) responses? to “After the workshop”", html)) is not None:
        cells = [cell for c in cohorts for cell in adversary.everyone(c, "after")]
        adversary.add(cells, "x", int(match[1]), where)
    seen = {phase: set() for phase in PHASES}
    for table in found:
        if table.heading.startswith(AIM_TITLE) and table.caption.startswith("The numbers in the chart"):
            for row in table.body:
                if (shown := counts(row[1][1])) is not None:
                    adversary.add_counts(adversary.everyone(row[0][1], "after"), shown, where)
        elif table.caption.startswith(AIM_TITLE) and table.caption.endswith("by ethnic group"):
            phases = [TITLE_PHASE[title] for title in table.head[0][1:]]
            for row in table.body:
                group = LABEL_GROUP[row[0][1]]
                for phase, (_, text) in zip(phases, row[1:], strict=True):
                    seen[phase].add(group)
                    if (shown := counts(text)) is not None:
                        adversary.pooled(cohorts, phase, group, shown, where, published=published)
            for row in table.foot:
                if row[0][1].startswith("Answers left out"):
                    for phase, (_, text) in zip(phases, row[1:], strict=True):
                        if text.isdigit():
                            adversary.left_out(cohorts, phase, int(text), where)
    for phase in PHASES:
        for group in set(GROUPS) - seen[phase]:
            adversary.pooled(
                cohorts, phase, group, (0, 0), f"{where}: {group} not shown in {phase}", published=published
            )
    return cohorts


def filters(programme: list[Made]):
    """Every filter the form allows, each with the cohorts it should select.

    Only the first filter of each selection is yielded: the report is a function of the cohorts
    it covers (the page's list of cohorts is checked against the selection), so another filter
    selecting the same cohorts shows the same figures, and reading it again would only add time.
    """
    dates = sorted({m.date for m in programme})
    organisations = sorted({m.organisation for m in programme})
    seen = set()
    for date_from, date_to, organisation in product([None, *dates], [None, *dates], [None, *organisations]):
        if date_from and date_to and date_to < date_from:
            continue
        selected = frozenset(
            m.name
            for m in programme
            if (not date_from or m.date >= date_from)
            and (not date_to or m.date <= date_to)
            and (not organisation or m.organisation == organisation)
        )
        if selected in seen:
            continue
        seen.add(selected)
        query = {
            name: str(value)
            for name, value in (
                ("date_from", date_from),
                ("date_to", date_to),
                ("organisation", organisation),
            )
            if value
        }
        yield query, selected


def by_key(row: dict) -> dict:
    """A spreadsheet row (plain headings) by the figures' short keys, as the command gives them."""
    return {KEYS_BY_HEADING[heading]: value for heading, value in row.items()}


def everything_a_lead_sees(client, programme: list[Made]) -> Adversary:
    adversary = Adversary(programme)
    for made in programme:
        slug = made.name.lower().replace(" ", "-")
        page = client.get(reverse("reports:cohort_report", args=[slug]))
        read_cohort_page(adversary, made.name, page.content.decode())
        csv_file = client.get(reverse("reports:report_figures", args=[slug, "csv"])).content
        sheet_rows = csv.DictReader(io.StringIO(csv_file.decode("utf-8-sig")))
        read_figures(adversary, made.name, [by_key(row) for row in sheet_rows], "CSV")
        xlsx_file = client.get(reverse("reports:report_figures", args=[slug, "xlsx"])).content
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx_file)).active
        header, *values = list(sheet.values)
        rows = [by_key(dict(zip(header, v, strict=True))) for v in values]
        read_figures(adversary, made.name, rows, "XLSX")
        out = io.StringIO()
        call_command("cohort_report", slug, "--format", "json", stdout=out)
        read_figures(adversary, made.name, json.loads(out.getvalue())["figures"], "command JSON")
    for query, selected in filters(programme):
        page = client.get(PROGRAMME, query)
        assert page.status_code == 200
        listed = read_programme_page(adversary, page.content.decode(), f"programme {query}")
        assert set(listed) == selected, f"programme {query} lists {listed}"
    return adversary


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(programme=programmes())
def test_no_group_with_1_to_4_answers_can_be_worked_out_from_everything_a_lead_sees(lead_client, programme):
    with transaction.atomic():
        build(programme)
        adversary = everything_a_lead_sees(lead_client, programme)
        transaction.set_rollback(True)
    assert not adversary.leaks(), "\n".join(adversary.leaks())
