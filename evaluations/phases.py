"""A survey's phase: when in the cohort it is given, as a stable slug.

`before` (the baseline), `after-part-1`, `after-part-2`… (after each part but the last) and
`after` (after the whole workshop). Reports pair a cohort's surveys by these slugs.
"""

import re

BEFORE = "before"
AFTER = "after"
AFTER_PART_PREFIX = "after-part-"
PATTERN = re.compile(r"^(before|after|after-part-[1-9][0-9]?)$")

# A workshop's default surveys are kept per kind of phase: every after-part-N shares one.
TEMPLATE_PHASES = [
    (BEFORE, "Before the workshop"),
    ("after-part", "After each part but the last"),
    (AFTER, "After the workshop"),
]

AFTER_ORDER = 1000  # after every after-part-N


def part_number(phase: str) -> int | None:
    return int(phase.removeprefix(AFTER_PART_PREFIX)) if phase.startswith(AFTER_PART_PREFIX) else None


def order(phase: str) -> int:
    """Sorts before < after-part-1 < after-part-2 < … < after."""
    if phase == BEFORE:
        return 0
    if phase == AFTER:
        return AFTER_ORDER
    return part_number(phase) or AFTER_ORDER - 1


def title(phase: str) -> str:
    if phase == BEFORE:
        return "Before the workshop"
    if phase == AFTER:
        return "After the workshop"
    return f"After part {part_number(phase)}"


def template_phase(phase: str) -> str:
    """Which of the workshop's default surveys this phase copies."""
    return "after-part" if phase.startswith(AFTER_PART_PREFIX) else phase


def for_parts(parts: int) -> list[str]:
    """The phases of a cohort with this many parts: before, after each part but the last, after."""
    return [BEFORE, *(f"{AFTER_PART_PREFIX}{n}" for n in range(1, parts)), AFTER]
