"""The kept totals (GroupTotal): counted from answers, changed with them, checked against them.

Every write that adds or removes scored answers, or the "about you" answers that put them in
groups, calls `totals_change` in its own transaction with what it added and removed
(docs/adr/0040). `differences` recounts everything from the answers, for the check_totals
command, the test suite and the fault drills.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F

from evaluations import scales
from evaluations.models import EVERYONE, RATINGS, Answer, GroupTotal, Item
from workshops.models import Cohort

Key = tuple[int, str, str]  # item id, characteristic, value (EVERYONE, EVERYONE for all who answered)


@dataclass
class Tally:
    answered: int = 0
    positive: int = 0
    gave: list = field(default_factory=lambda: [0] * len(RATINGS))  # how many gave 0 … 5

    def add(self, kind: str, number: int, n: int = 1) -> None:
        self.answered += n
        self.positive += n if number in scales.POSITIVE_ANSWERS.get(kind, ()) else 0
        self.gave[number] += n

    def columns(self) -> list[int]:
        return [self.answered, self.positive, *self.gave]


Tallies = dict[Key, Tally]


def tallied(answers: Iterable[tuple[int, str, int]], told: Iterable[tuple[str, str]]) -> Tallies:
    """One response's scored answers (item id, kind, number) counted for everyone and for each
    group it told us it is in (characteristic, value)."""
    tallies: Tallies = defaultdict(Tally)
    groups = [(EVERYONE, EVERYONE), *told]
    for item_id, kind, number in answers:
        for characteristic, value in groups:
            tallies[item_id, characteristic, value].add(kind, number)
    return tallies


def added_up(*parts: Tallies) -> Tallies:
    total: Tallies = defaultdict(Tally)
    for part in parts:
        for key, tally in part.items():
            into = total[key]
            into.answered += tally.answered
            into.positive += tally.positive
            into.gave = [a + b for a, b in zip(into.gave, tally.gave, strict=True)]
    return total


def counted(answers) -> Tallies:
    """These answers (a QuerySet) counted in the database, for everyone and by group: two queries."""
    tallies: Tallies = defaultdict(Tally)
    scored = answers.filter(number__isnull=False).order_by()
    for row in scored.values("item_id", "item__kind", "number").annotate(n=Count("pk")):
        tallies[row["item_id"], EVERYONE, EVERYONE].add(row["item__kind"], row["number"], row["n"])
    for row in (
        scored.filter(response__about_you__isnull=False)
        .values(
            "item_id",
            "item__kind",
            "number",
            characteristic=F("response__about_you__characteristic"),
            group=F("response__about_you__value"),
        )
        .annotate(n=Count("pk"))
    ):
        key = (row["item_id"], row["characteristic"], row["group"])
        tallies[key].add(row["item__kind"], row["number"], row["n"])
    return tallies


COLUMNS = ["answered", "positive", *(f"gave_{n}" for n in RATINGS)]
BATCH = 500  # rows per statement: 11 parameters each, well within SQLite's limit


def totals_change(*, added: Tallies, removed: Tallies | None = None) -> None:
    """Add `added` to the kept totals and take `removed` away, in the caller's transaction.

    Raw SQL, as the ORM cannot add to a row on conflict. First one INSERT … ON CONFLICT DO UPDATE
    adds, row by row in a fixed order, and so also locks every row this change touches (those
    only taken away from get nothing added): two submits at once queue on their first shared row
    and never deadlock. Then, only if something is taken away, one UPDATE subtracts from rows
    already locked. Subtracting in the upsert itself is not possible on PostgreSQL, which checks
    the proposed new row against the columns' CHECK (not negative) before it finds the conflict.
    Null counts (not known, see GroupTotal.gave_0) stay null.
    """
    removed = removed or {}
    keys = sorted(set(added) | set(removed))
    if not keys:
        return
    table = GroupTotal._meta.db_table
    names = ", ".join(COLUMNS)
    sums = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            rows = ", ".join(["(%s, %s, %s" + ", %s" * len(COLUMNS) + ")"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (item_id, characteristic, value, {names}) VALUES {rows} "  # noqa: S608
                f"ON CONFLICT (item_id, characteristic, value) DO UPDATE SET {sums}",
                [v for key in batch for v in (*key, *added.get(key, Tally()).columns())],
            )
        taken = sorted(removed)
        differences = ", ".join(f"{c} = {c} - d.column{n}" for n, c in enumerate(COLUMNS, start=4))
        for start in range(0, len(taken), BATCH):
            batch = taken[start : start + BATCH]
            rows = ", ".join(["(%s, %s, %s" + ", %s" * len(COLUMNS) + ")"] * len(batch))
            cursor.execute(
                f"UPDATE {table} SET {differences} FROM (VALUES {rows}) AS d "  # noqa: S608
                "WHERE item_id = d.column1 AND characteristic = d.column2 AND value = d.column3",
                [v for key in batch for v in (*key, *removed[key].columns())],
            )


def count_in(answers) -> None:
    """Add these answers (a QuerySet), already stored, to the totals: for bulk loads (the demo,
    the benchmark, data migrations) that insert answers without going through the services."""
    totals_change(added=counted(answers))


# Checking them -------------------------------------------------------------------------------


def purged_cohorts():
    """Cohorts whose "about you" answers a purge removed: their groups' totals can no longer be
    recounted (safeguards.services gives each purged participant a key starting "purged-")."""
    return Cohort.objects.filter(participants__key__startswith="purged-").distinct()


def differences(cohorts=None) -> list[str]:
    """Each kept total that differs from a recount of the answers, in plain words (all cohorts, or
    these). In purged cohorts only the rows of everyone can be recounted; their groups' rows must
    hold at least what the answers still there say."""
    answers = Answer.objects.all() if cohorts is None else Answer.objects.of_cohorts(cohorts)
    totals = GroupTotal.objects.all() if cohorts is None else GroupTotal.objects.of_cohorts(cohorts)
    recount = counted(answers)
    kept = {
        (row[0], row[1], row[2]): list(row[3:])
        for row in totals.values_list("item_id", "characteristic", "value", *COLUMNS)
    }
    purged = set(Item.objects.filter(survey__cohort__in=purged_cohorts()).values_list("pk", flat=True))
    found = []
    for key in sorted(set(kept) | set(recount)):
        item_id, characteristic, _ = key
        should = recount[key].columns() if key in recount else [0] * len(COLUMNS)
        have = kept.get(key, [0] * len(COLUMNS))
        if characteristic != EVERYONE and item_id in purged:
            wrong = any(h is not None and h < s for h, s in zip(have, should, strict=True))
        else:
            wrong = have != should
        if wrong:
            found.append((key, have, should))
    if not found:
        return []
    items = Item.objects.filter(pk__in={key[0] for key, _, _ in found}).select_related("survey__cohort")
    named = {item.pk: f"“{item.code}” in {item.survey.cohort}, {item.survey.title}" for item in items}
    return [
        f"{named.get(item_id, f'item {item_id}')}, "
        f"{f'{characteristic} {value}' if characteristic else 'everyone'}: kept {_said(have)}, "
        f"but the answers say {_said(should)}"
        for (item_id, characteristic, value), have, should in found
    ]


def _said(columns: list) -> str:
    answered, positive, *gave = columns
    given = ", ".join(f"{n} gave {v}" for v, n in enumerate(gave) if n)
    return f"{answered} answered, {positive} positively" + (f" ({given})" if given else "")
