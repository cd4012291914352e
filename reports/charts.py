"""The report charts as plotly figures, drawn in the browser by static/js/charts.js.

Each function returns `fig.to_plotly_json()` for the template's `json_script`; the same numbers
are always in a table beside the chart, so a chart adds a picture, never a figure the page
lacks. Only the report views import this module (plotly is heavy).

Colours: ColorBrewer's 5-class "RdBu", which stays distinguishable for the common kinds of
colour blindness, with a mid grey in the middle so "Neither" shows on white; run charts use NHS
blue, a grey dashed median and an orange diamond (a shape, not only a colour) for points in a
signal.
"""

import plotly.graph_objects as go

from evaluations.models import AGREEMENT_SCALE
from reports import statistics

AGREEMENT_COLOURS = ("#ca0020", "#f4a582", "#bababa", "#92c5de", "#0571b0")
BLUE = "#005eb8"
GREY = "#4c6272"
SIGNAL = "#e66101"
TEXT = "#212b32"
FONT = {
    "family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    "color": TEXT,
    "size": 13,
}


def _layout(**fields) -> dict:
    return {
        "template": "none",
        "font": FONT,
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        **fields,
    }


def agreement_chart(rows: list[tuple[str, str, dict[int, int]]], *, narrow: bool = False) -> dict:
    """A diverging stacked bar per row: disagreement to the left of zero, agreement to the right.

    `rows` are (question, survey, answer value → count) for agreement items, top to bottom, each
    question's surveys together. Percentages are of those who answered; "Neither agree nor
    disagree" is split half each side of zero. `narrow` is the same chart for a phone's width:
    labels wrapped short and a smaller font, so every bar fits a 360 px screen.
    """
    question_width, survey_width = (14, 12) if narrow else (28, 40)
    labels = [
        [_wrap(question, question_width) for question, _, _ in rows],
        [_wrap(survey, survey_width) for _, survey, _ in rows],
    ]
    percents = []
    for _, _, counts in rows:
        answered = sum(counts.values()) or 1
        percents.append({value: 100 * counts.get(value, 0) / answered for value, _ in AGREEMENT_SCALE})
    strongly_disagree, disagree, neither, agree, strongly_agree = AGREEMENT_SCALE

    def bar(value, name, colour, *, sign=1, half=False, legend=True):
        shares = [p[value] / (2 if half else 1) for p in percents]
        return go.Bar(
            y=labels,
            x=[sign * share for share in shares],
            customdata=[round(p[value], 1) for p in percents],
            name=name,
            orientation="h",
            marker={"color": colour, "line": {"color": "#fff", "width": 1}},
            hovertemplate=f"{name}: %{{customdata}}%<extra></extra>",
            legendgroup=str(value),
            showlegend=legend,
            legendrank=value,
        )

    traces = [
        bar(neither[0], neither[1], AGREEMENT_COLOURS[2], sign=-1, half=True, legend=False),
        bar(disagree[0], disagree[1], AGREEMENT_COLOURS[1], sign=-1),
        bar(strongly_disagree[0], strongly_disagree[1], AGREEMENT_COLOURS[0], sign=-1),
        bar(neither[0], neither[1], AGREEMENT_COLOURS[2], half=True),
        bar(agree[0], agree[1], AGREEMENT_COLOURS[3]),
        bar(strongly_agree[0], strongly_agree[1], AGREEMENT_COLOURS[4]),
    ]
    ticks = [-100, -50, 0, 50, 100]
    figure = go.Figure(
        traces,
        _layout(
            barmode="relative",
            height=(140 if narrow else 120) + (48 if narrow else 40) * len(rows),
            margin={"l": 4, "r": 16, "t": 60 if narrow else 40, "b": 40}
            if narrow
            else {"l": 10, "r": 30, "t": 40, "b": 40},
            **({"font": {**FONT, "size": 11}} if narrow else {}),
            xaxis={
                "range": [-103, 103],
                "tickvals": ticks,
                "ticktext": [f"{abs(tick)}%" for tick in ticks],
                "zeroline": True,
                "zerolinecolor": TEXT,
                "gridcolor": "#d8dde0",
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            bargap=0.35,
        ),
    )
    return figure.to_plotly_json()


def _wrap(text: str, width: int = 28) -> str:
    """Break a long label over lines (plotly's <br>) so the axis does not eat the chart."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def run_chart(chart: statistics.RunChart, dates: list) -> dict:
    """Each cohort's value in date order with the median line; points in a signal marked.

    `dates` are the cohorts' first session dates, in the order of `chart.points`.
    """
    labels = [label for label, _ in chart.points]
    values = [float(value) for _, value in chart.points]
    in_signal = set()
    for signal in chart.signals:
        first, last = labels.index(signal.first), labels.index(signal.last)
        in_signal.update(range(first, last + 1))
    traces = [
        go.Scatter(
            x=dates,
            y=values,
            text=labels,
            mode="lines+markers",
            name="Cohort",
            line={"color": BLUE, "width": 2},
            marker={"color": BLUE, "size": 8},
            hovertemplate="%{text}: %{y:.1f}%<extra></extra>",
        )
    ]
    if chart.median is not None:
        traces.append(
            go.Scatter(
                x=[dates[0], dates[-1]],
                y=[float(chart.median)] * 2,
                mode="lines",
                name=f"Median {statistics.format_percent(chart.median)}",
                line={"color": GREY, "width": 2, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    if in_signal:
        marked = sorted(in_signal)
        traces.append(
            go.Scatter(
                x=[dates[n] for n in marked],
                y=[values[n] for n in marked],
                text=[labels[n] for n in marked],
                mode="markers",
                name="Part of a shift or trend",
                marker={
                    "color": SIGNAL,
                    "size": 13,
                    "symbol": "diamond",
                    "line": {"color": TEXT, "width": 1},
                },
                hovertemplate="%{text}: %{y:.1f}%<extra></extra>",
            )
        )
    low = min([*values, float(chart.median or 0)])
    figure = go.Figure(
        traces,
        _layout(
            height=320,
            margin={"l": 50, "r": 10, "t": 40, "b": 40},
            xaxis={"type": "date", "gridcolor": "#eef1f2", "fixedrange": True},
            yaxis={
                "range": [max(0, low - 10), 102],
                "ticksuffix": "%",
                "gridcolor": "#d8dde0",
                "fixedrange": True,
            },
        ),
    )
    return figure.to_plotly_json()
