"""The charts: plotly figures as JSON, and plotly.js's own CSS kept out of inline styles."""

import ast
import re
from pathlib import Path

import plotly.io

from reports import charts, statistics

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "plotly"


def test_plotly_css_holds_every_rule_the_bundle_would_otherwise_inject_inline():
    bundle = (VENDOR / "plotly-basic.min.js").read_text()
    literal = re.search(r'=(\{"X,X div":.*?\});for\(', bundle, re.S).group(1)
    rules = ast.literal_eval(re.sub(r"([{,])([A-Za-z_]\w*):", r'\1"\2":', literal))
    css = (VENDOR / "plotly.css").read_text()
    for selector, style in rules.items():
        expanded = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        assert f"{expanded}{{{style}}}" in css
    assert ".no-inline-styles" in bundle, "plotly.js still skips its inline styles when told to"


def test_the_agreement_chart_puts_disagreement_left_of_zero_and_splits_neither():
    figure = charts.agreement_chart([("Understand what QI is", "After part 1", {2: 1, 3: 2, 4: 5, 5: 2})])
    by_name = {}
    for trace in figure["data"]:
        by_name.setdefault(trace["name"], []).append(list(trace["x"])[0])
    assert by_name["Disagree"] == [-10.0]
    assert sorted(by_name["Neither agree nor disagree"]) == [-10.0, 10.0]
    assert by_name["Agree"] == [50.0] and by_name["Strongly agree"] == [20.0]
    # plotly's tiny "none" template, not its default one (tens of kilobytes in every page)
    assert figure["layout"]["template"] == plotly.io.templates["none"].to_plotly_json()


def test_the_run_chart_marks_the_points_of_a_signal_with_a_shape_as_well_as_a_colour():
    points = [(f"Cohort {n}", value) for n, value in enumerate([50, 52, 55, 57, 60, 62, 64, 66, 68, 70])]
    chart = statistics.run_chart(points)
    figure = charts.run_chart(chart, [f"2024-{n + 1:02}-01" for n in range(10)])
    marked = [trace for trace in figure["data"] if trace["name"] == "Part of a shift or trend"]
    assert marked and marked[0]["marker"]["symbol"] == "diamond"
    assert any(trace["name"].startswith("Median") for trace in figure["data"])
