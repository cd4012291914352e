"""How items are answered and which answers count as positive: plain data, no Django.

The one definition shared by the kept totals (`evaluations.totals`) and the
reports' pure statistics (`reports.statistics`), so a share is counted the same way in both.
"""

from collections.abc import Mapping
from enum import StrEnum


class ItemKind(StrEnum):
    AGREEMENT = "agreement"  # stored 1 = Strongly disagree … 5 = Strongly agree
    RATING = "rating"  # stored 1–5
    YES_NO = "yes_no"  # stored 1 = Yes, 0 = No
    FREE_TEXT = "free_text"


POSITIVE_ANSWERS: Mapping[str, frozenset[int]] = {
    ItemKind.AGREEMENT: frozenset({4, 5}),  # Agree, Strongly agree
    ItemKind.RATING: frozenset({4, 5}),
    ItemKind.YES_NO: frozenset({1}),  # Yes
}


def positive_answers(kind: str) -> frozenset[int]:
    """The stored answer values that count as positive for an item kind; free text has none."""
    try:
        return POSITIVE_ANSWERS[kind]
    except KeyError:
        raise ValueError(f"{kind!r} items have no positive share") from None
