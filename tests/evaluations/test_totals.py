"""The kept totals equal a recount of the answers, whatever happens to the answers and in what order."""

import contextlib
import csv
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from evaluations import characteristics, services, totals
from evaluations.imports import ImportRefused
from evaluations.models import Answer, GroupTotal, Item
from safeguards.services import cohort_personal_data_purge
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

ASKED = ["role", "ethnic_group"]
PHONES = 4


def kept() -> list[tuple]:
    return list(GroupTotal.objects.order_by("item_id", "characteristic", "value").values_list())


def values_for(kind: str):
    numbers = {"yes_no": [0, 1], "free_text": ["", "Useful", "Named someone"]}.get(kind, [1, 2, 3, 4, 5])
    return st.sampled_from([None, *numbers])


def told():
    options = {slug: [""] + [value for value, _ in characteristics.get(slug).options[:2]] for slug in ASKED}
    return st.fixed_dictionaries({slug: st.sampled_from(values) for slug, values in options.items()})


KINDS = {"aim-1": "agreement", "aim-2": "agreement", "recommend": "yes_no", "overall": "rating"}
ANSWERS = st.fixed_dictionaries(
    {code: values_for(kind) for code, kind in (*KINDS.items(), ("comments", "free_text"))}
)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(0, PHONES - 1), ANSWERS, told()),
        st.tuples(st.just("resend"), st.integers(0, PHONES - 1), ANSWERS, told()),
        st.tuples(
            st.just("import"),
            st.integers(0, 1),
            st.lists(st.tuples(ANSWERS, told()), max_size=4),
            st.booleans(),
        ),
        st.tuples(st.just("hide"), st.integers(0, 5)),
        st.tuples(st.just("purge")),
    ),
    min_size=1,
    max_size=10,
)


class Room:
    """One cohort's "after" survey, and the phones and files that answer it."""

    def __init__(self):
        cohort = CohortFactory()
        survey = services.survey_add(cohort=cohort, phase="after")
        survey.characteristics = ASKED
        survey.save()
        self.survey = services.survey_open(survey=survey)
        self.items = {item.code: item for item in self.survey.items.all()}
        self.participants: dict[int, object] = {}
        self.forms: dict[int, str] = {}
        self.sent = 0

    def submit(self, phone: int, answers: dict, about: dict, *, again: bool = False):
        if again and phone in self.forms:
            token = self.forms[phone]  # the same form sent twice: nothing changes
        else:
            self.sent += 1
            token = self.forms[phone] = f"form-{phone}-{self.sent}"
        submitted = services.response_submit(
            survey=self.survey,
            participant=self.participants.get(phone),
            token=token,
            answers={self.items[code]: value for code, value in answers.items() if code in self.items},
            about_you=about,
        )
        self.participants[phone] = submitted.participant

    def import_file(self, number: int, rows: list, replace: bool):
        codes = [code for code in (*KINDS, "comments") if code in self.items]
        table = [[self.items[code].text for code in codes] + [characteristics.get(s).question for s in ASKED]]
        for answers, about in rows:
            cells = []
            for code in codes:
                value = answers.get(code)
                if self.items[code].kind == "yes_no" and value is not None:
                    value = "Yes" if value else "No"
                cells.append("" if value is None else str(value))
            table.append(cells + [about.get(slug, "") for slug in ASKED])
        out = io.StringIO()
        csv.writer(out).writerows(table)
        # All or nothing: a refused file (the same file again, or nothing in it) changes nothing.
        with contextlib.suppress(ImportRefused):
            services.responses_import(
                survey=self.survey,
                file_name=f"paper-{number}.csv",
                content=out.getvalue().encode(),
                replace=replace,
            )

    def hide(self, n: int):
        comments = list(Answer.objects.of_cohorts(self.survey.cohort).comments().order_by("pk"))
        if comments:
            before = kept()
            services.comment_hide(answer=comments[n % len(comments)], user=None)
            assert kept() == before  # the totals count scored answers only

    def purge(self):
        before = kept()
        cohort_personal_data_purge(cohort=self.survey.cohort)
        assert kept() == before


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
@example(
    steps=[
        (
            "submit",
            0,
            {"aim-1": 5, "recommend": 1, "overall": 2, "comments": "Useful"},
            {"role": "pharmacist"},
        ),
        ("resend", 0, {"aim-1": 1}, {}),
        ("submit", 0, {"aim-1": 2, "aim-2": 4}, {"role": "", "ethnic_group": "white"}),
        ("import", 0, [({"aim-1": 4, "recommend": 0}, {"role": "pharmacist"})] * 3, False),
        ("import", 0, [({"aim-1": 2, "overall": 5}, {"ethnic_group": "white"})], True),
        ("hide", 0),
        ("purge",),
        ("submit", 1, {"aim-1": 5, "overall": 4}, {"role": "pharmacist"}),
        ("submit", 0, {"aim-1": 3}, {"role": "pharmacist"}),
    ]
)
def test_the_kept_totals_equal_a_recount_after_any_submits_resends_imports_hides_and_purges(steps):
    with transaction.atomic():
        room = Room()
        for step in steps:
            match step:
                case ("submit", phone, answers, about):
                    room.submit(phone, answers, about)
                case ("resend", phone, answers, about):
                    room.submit(phone, answers, about, again=True)
                case ("import", number, rows, replace):
                    room.import_file(number, rows, replace)
                case ("hide", n):
                    room.hide(n)
                case ("purge",):
                    room.purge()
            assert totals.differences() == [], step
        transaction.set_rollback(True)


def test_a_phone_answering_again_moves_its_answer_and_its_group(survey, items):
    survey.characteristics = ["role"]
    survey.save()
    first = services.response_submit(
        survey=survey,
        participant=None,
        token="a",
        answers={items["aim-1"]: 2},
        about_you={"role": "pharmacist"},
    )
    services.response_submit(
        survey=survey,
        participant=first.participant,
        token="b",
        answers={items["aim-1"]: 5},
        about_you={"role": "other"},
    )
    rows = GroupTotal.objects.filter(item=items["aim-1"]).values_list(
        "characteristic", "value", "answered", "positive", "gave_2", "gave_5"
    )
    assert list(rows) == [
        ("", "", 1, 1, 0, 1),
        ("role", "other", 1, 1, 0, 1),
        ("role", "pharmacist", 0, 0, 0, 0),
    ]


def test_counting_everything_again_gives_the_totals_kept_as_answers_came(programme_demo):
    """What the data migration and bulk loads do, counting in bulk, is what the submits did one by one."""
    live = kept()
    GroupTotal.objects.all().delete()
    totals.count_in(Answer.objects.all())
    assert [row[1:] for row in kept()] == [row[1:] for row in live]


def test_the_demos_blmk_programme_report_reads_its_figures_from_the_totals(programme_demo):
    assert totals.differences() == []
    assert GroupTotal.objects.everyone().exists() and GroupTotal.objects.groups().exists()


@pytest.mark.totals_unchecked
def test_check_totals_names_each_total_that_differs_and_exits_1(survey, items):
    services.response_submit(
        survey=survey, participant=None, token="a", answers={items["aim-1"]: 4}, about_you={}
    )
    out = io.StringIO()
    call_command("check_totals", stdout=out)
    assert "equal a recount" in out.getvalue()
    GroupTotal.objects.filter(item=items["aim-1"]).update(answered=3)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_totals", stdout=out, stderr=err)
    assert exited.value.code == 1
    assert (
        f"“aim-1” in {survey.cohort}, {survey.title}, everyone: kept 3 answered, 1 positively (1 gave 4), "
        "but the answers say 1 answered, 1 positively (1 gave 4)"
    ) in out.getvalue()
    assert "1 kept total(s) differ" in err.getvalue()


# Two phones at once, on a database that lets them (PostgreSQL) -----------------------------------


@pytest.mark.django_db(transaction=True)
def test_phones_submitting_and_answering_again_at_once_keep_the_totals_right():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that lets two threads write at once (PostgreSQL)")
    cohort = CohortFactory()
    survey = services.survey_add(cohort=cohort, phase="after")
    survey.characteristics = ASKED
    survey.save()
    survey = services.survey_open(survey=survey)
    items = [item for item in survey.items.all() if item.kind != Item.Kind.FREE_TEXT]
    phones = 8
    first = [
        services.response_submit(
            survey=survey, participant=None, token=f"first-{n}", answers=dict.fromkeys(items, 1), about_you={}
        ).participant
        for n in range(phones)
    ]
    barrier = threading.Barrier(phones * 2)
    errors = []

    def answer(n: int, again: bool):
        try:
            roles = ["pharmacist", "other", ""]
            about = {"role": roles[n % 3], "ethnic_group": "white" if n % 2 else ""}
            values = {
                item: (n % 2 if item.kind == "yes_no" else 1 + n % 5)
                for item in reversed(items)
                if n % 4 or item.pk % 2
            }
            barrier.wait()
            services.response_submit(
                survey=survey,
                participant=first[n] if again else None,
                token=f"{'again' if again else 'new'}-{n}",
                answers=values,
                about_you=about,
            )
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(n, again)) for n in range(phones) for again in (False, True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert survey.responses.count() == 2 * phones
    assert totals.differences() == []
