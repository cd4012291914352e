"""A measure's charts as plotly figures in plain dicts, drawn in the browser by static/js/charts.js.

Built without importing plotly (docs/adr/0033): the figure is a few lists and a layout, the
project page stays light, and the dependency stays in reports/. The same numbers are always in
the table beside each chart. Styles follow reports/charts.py: NHS blue points, a grey dashed
median, an orange diamond for a point in a shift or trend; change tests (PDSA cycles) are dashed
vertical lines with their label.
"""

import datetime

from projects.gaps import Figures
from reports import statistics

BLUE = "#005eb8"
GREY = "#4c6272"
SIGNAL = "#e66101"
TEXT = "#212b32"
FONT = {
    "family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    "color": TEXT,
    "size": 13,
}


def _layout(*, suffix: str, height: int, annotations: list[tuple[datetime.date, str]], **fields) -> dict:
    shapes = [
        {
            "type": "line",
            "x0": day.isoformat(),
            "x1": day.isoformat(),
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "line": {"color": GREY, "width": 1, "dash": "dot"},
        }
        for day, _ in annotations
    ]
    notes = [
        {
            "x": day.isoformat(),
            "yref": "paper",
            "y": 1,
            "text": label,
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
            "font": {"size": 11, "color": GREY},
        }
        for day, label in annotations
    ]
    return {
        "template": "none",
        "font": FONT,
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"type": "date", "gridcolor": "#eef1f2", "fixedrange": True},
        "yaxis": {"ticksuffix": suffix, "gridcolor": "#d8dde0", "fixedrange": True, "rangemode": "tozero"},
        "shapes": shapes,
        "annotations": notes,
        **fields,
    }


def group_run_chart(
    figures: Figures, group: str, *, annotations: list[tuple[datetime.date, str]] = ()
) -> dict:
    """One group's values month by month, its median line, and the points in a shift or trend."""
    chart = figures.charts[group]
    index = figures.groups.index(group)
    shown = [(row.period, row.cells[index].value, row.label) for row in figures.months]
    shown = [(period, value, label) for period, value, label in shown if value is not None]
    x = [period.isoformat() for period, _, _ in shown]
    y = [value for _, value, _ in shown]
    suffix = "%" if figures.kind == "proportion" else ""
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": y,
            "mode": "lines+markers",
            "name": group,
            "showlegend": False,  # the group's name is the chart's heading
            "line": {"color": BLUE, "width": 2},
            "marker": {"color": BLUE, "size": 7},
            "hovertemplate": f"%{{x|%b %Y}}: %{{y:.1f}}{suffix}<extra></extra>",
        }
    ]
    if chart.median is not None and x:
        traces.append(
            {
                "type": "scatter",
                "x": [x[0], x[-1]],
                "y": [float(chart.median)] * 2,
                "mode": "lines",
                "name": f"Median {statistics.format_number(chart.median)}{suffix}",
                "line": {"color": GREY, "width": 2, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    labels = [label for _, _, label in shown]
    marked = set()
    for signal in chart.signals:
        marked.update(range(labels.index(signal.first), labels.index(signal.last) + 1))
    if marked:
        marked_points = sorted(marked)
        traces.append(
            {
                "type": "scatter",
                "x": [x[n] for n in marked_points],
                "y": [y[n] for n in marked_points],
                "mode": "markers",
                "name": "Part of a shift or trend",
                "marker": {
                    "color": SIGNAL,
                    "size": 12,
                    "symbol": "diamond",
                    "line": {"color": TEXT, "width": 1},
                },
                "hoverinfo": "skip",
            }
        )
    return {"data": traces, "layout": _layout(suffix=suffix, height=260, annotations=list(annotations))}


def gap_chart(figures: Figures, *, annotations: list[tuple[datetime.date, str]] = ()) -> dict:
    """The gap between the best and the worst group each month, with its 95% interval when it has one."""
    rows = [row for row in figures.months if row.gap_points is not None]
    trace = {
        "type": "scatter",
        "x": [row.period.isoformat() for row in rows],
        "y": [float(row.gap_points) for row in rows],
        "mode": "lines+markers",
        "name": "Gap, best − worst",
        "line": {"color": TEXT, "width": 2},
        "marker": {"color": TEXT, "size": 7},
    }
    if figures.kind == "proportion" and rows:
        trace["error_y"] = {
            "type": "data",
            "symmetric": False,
            "array": [float(row.gap_high - row.gap_points) for row in rows],
            "arrayminus": [float(row.gap_points - row.gap_low) for row in rows],
            "color": GREY,
        }
    shapes = []
    if figures.baseline:
        start, end = figures.baseline
        end_of_baseline = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        shapes.append(
            {
                "type": "rect",
                "x0": start.isoformat(),
                "x1": end_of_baseline.isoformat(),
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "fillcolor": "#e8edee",
                "line": {"width": 0},
                "layer": "below",
            }
        )
    suffix = " pts" if figures.kind == "proportion" else ""
    layout = _layout(suffix=suffix, height=260, annotations=list(annotations))
    layout["shapes"] = shapes + layout["shapes"]
    return {"data": [trace], "layout": layout}
