"""How the report templates print gaps and their changes (the figures come from statistics.py)."""

from django import template

from reports import statistics

register = template.Library()


@register.simple_tag
def suppressed_label() -> str:
    return statistics.SUPPRESSED_LABEL


@register.simple_tag
def protects_label() -> str:
    return statistics.PROTECTS_LABEL


@register.filter
def gap_text(gap: statistics.Gap) -> str:
    """ "30 points (95% CI +1.2 to +52.3): Pharmacist highest, Pharmacy technician lowest", or why not."""
    if gap.points is None:
        return "No gap can be shown: fewer than two groups are shown"
    assert gap.best is not None and gap.worst is not None
    return (
        f"{statistics.format_number(gap.points)} points "
        f"({statistics.format_points_interval(gap.ci_low, gap.ci_high)}): "
        f"{gap.best.group} highest, {gap.worst.group} lowest"
    )


@register.filter
def gap_change_text(change: statistics.GapChange) -> str:
    """The change of the gap in a sentence, or why it cannot be shown."""
    if change.trend is None:
        side = "the earlier survey" if change.earlier.points is None else "the later survey"
        return f"no change of the gap can be shown, as {side} has no gap"
    return change.text.split(": ", 1)[1]  # without the trend's name, shown in its tag


@register.filter
def percent(value) -> str:
    """A percentage as the product prints it everywhere: "86.7%", "100%"."""
    return "" if value is None else statistics.format_percent(value)
