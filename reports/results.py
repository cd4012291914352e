"""What one survey's items add up to, and how the same question moved from one survey to the next."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from evaluations import characteristics as fixed_lists
from evaluations import phases
from evaluations.models import (
    Item,
    ItemKind,
    Survey,
)
from reports import statistics

SCORED_KINDS = (ItemKind.AGREEMENT, ItemKind.RATING, ItemKind.YES_NO)
POSITIVE_MEANS = {
    ItemKind.AGREEMENT: "agree or strongly agree",
    ItemKind.RATING: "4 or 5 out of 5",
    ItemKind.YES_NO: "yes",
}
# The programme's headline items are those of the workshop's default "after" survey.
HEADLINE_PHASE = phases.AFTER


def group_label(characteristic: fixed_lists.Characteristic, value: str) -> str:
    """The name a group goes by in a breakdown.

    The one place where the stored slug `prefer-not-to-say` becomes the statistics module's
    "Prefer not to say", the group that is shown (when big enough) but never compared.
    """
    if value == fixed_lists.PREFER_NOT_TO_SAY:
        return statistics.PREFER_NOT_TO_SAY
    return characteristic.label_for(value)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# What one item's answers add up to ------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """One item of one survey: its positive share, and for ratings the mean and distribution."""

    code: str
    text: str
    label: str
    kind: str
    position: int
    counts: Mapping[int, int]  # stored value → how many gave it
    share: statistics.Share | None = None  # None for free text
    ratings: statistics.Ratings | None = None  # ratings only
    comments: int = 0  # free text only: the comments shown in the report
    low_label: str = ""  # ratings only: what 1 and 5 mean
    high_label: str = ""

    @property
    def hidden(self) -> bool:
        """1 to 4 answered: no figure of it is shown (docs/adr/0029)."""
        return self.share is not None and self.share.hidden

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def title(self) -> str:
        return sentence_case(self.label)

    @property
    def distribution(self) -> tuple[statistics.RatingCount, ...]:
        """How many gave each answer from 1 to 5, and their percentage of those who answered."""
        return statistics.distribution(self.counts)

    @property
    def mean_text(self) -> str:
        mean = self.ratings.mean if self.ratings else None
        return "—" if mean is None else statistics.format_number(mean)

    @property
    def positive_means(self) -> str:
        return POSITIVE_MEANS.get(self.kind, "")

    @property
    def headline(self) -> str:
        """One sentence from the report label: "94.7% would recommend (18 of 19)"."""
        if self.ratings is not None and self.ratings.mean is not None:
            return (
                f"{self.title}: {statistics.format_number(self.ratings.mean)} out of 5 on average "
                f"({self.ratings.answered} answered)"
            )
        if self.share is None or self.share.percent is None:
            return ""
        percent = statistics.format_percent(self.share.percent)
        return f"{percent} {self.label} ({self.share.positive} of {self.share.answered})"


def item_result(item: Item, counts: Mapping[int, int], *, comments: int = 0) -> ItemResult:
    answered = {value: n for value, n in counts.items() if value is not None}
    fields = {
        "code": item.code,
        "text": item.text,
        "label": item.report_label,
        "kind": item.kind,
        "position": item.position,
        "counts": answered,
        "low_label": item.low_label,
        "high_label": item.high_label,
    }
    if item.kind == ItemKind.FREE_TEXT:
        return ItemResult(**fields, comments=comments)
    share = statistics.share_of_answers(item.kind, answered)
    if share.answered and share.answered < statistics.SMALL_NUMBER:
        # Neither the counts of each answer nor the mean of so few: they would say how each answered.
        return ItemResult(
            **{**fields, "counts": {}}, share=statistics.reported_share(share.positive, share.answered)
        )
    ratings = statistics.rating_summary(answered) if item.kind == ItemKind.RATING else None
    return ItemResult(**fields, share=share, ratings=ratings)


@dataclass(frozen=True)
class SurveyResult:
    survey: Survey
    items: tuple[ItemResult, ...]

    @property
    def title(self) -> str:
        return self.survey.title

    @property
    def phase(self) -> str:
        return self.survey.phase

    @property
    def response_count(self) -> int:
        return self.survey.response_count_now()

    @property
    def response_rate(self) -> int | None:
        return self.survey.response_rate()

    @property
    def scored(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.is_scored)

    @property
    def agreement(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.kind == ItemKind.AGREEMENT)

    @property
    def ratings(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.kind == ItemKind.RATING)

    @property
    def headlines(self) -> tuple[str, ...]:
        return tuple(item.headline for item in self.scored if item.headline)

    def item(self, code: str) -> ItemResult | None:
        return next((item for item in self.items if item.code == code), None)


# Before and after -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The same question in two surveys: the change of its share, and how paired answers moved."""

    question: str  # the question's label where first asked
    label: str  # its label in the later survey
    earlier: str  # survey titles
    later: str
    change: statistics.Change
    movement: statistics.Movement


def comparisons(
    surveys: list[SurveyResult], movements: Mapping[tuple[int, int, str], Mapping[tuple[int, int], int]]
) -> tuple[Comparison, ...]:
    """Each item asked in more than one survey: every survey against the one before, and first against last.

    `movements` holds, per (earlier survey id, later survey id, item code), how many people gave
    each (earlier value, later value) pair.
    """
    asked: dict[str, list[tuple[SurveyResult, ItemResult]]] = defaultdict(list)
    for survey in surveys:
        for item in survey.scored:
            asked[item.code].append((survey, item))
    rows = []
    for code, answers in asked.items():
        if len(answers) < 2 or len({item.kind for _, item in answers}) > 1:
            continue  # asked once, or asked differently: nothing to compare
        steps = list(zip(answers, answers[1:], strict=False))
        if len(answers) > 2:
            steps.append((answers[0], answers[-1]))
        for (earlier, earlier_item), (later, later_item) in steps:
            pairs = movements.get((earlier.survey.pk, later.survey.pk, code), {})
            rows.append(
                Comparison(
                    question=answers[0][1].title,
                    label=later_item.title,
                    earlier=earlier.title,
                    later=later.title,
                    change=statistics.share_change(earlier_item.share, later_item.share),
                    movement=statistics.paired_movement_from_counts(pairs),
                )
            )
    return tuple(rows)
