"""`python manage.py cohort_report SLUG --format json|csv` prints the report's figures for scripts."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from evaluations import services

pytestmark = pytest.mark.django_db
FIELDS = ["survey", "item", "label", "kind", "answered", "positive", "percent", "ci_low", "ci_high"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("cohort_report", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_every_survey_and_item_of_the_blmk_cohort_with_its_figures(programme_demo):
    document = json.loads(run("blmk-medicines-optimisation-2022", "--format", "json"))
    everyone = [row for row in document["figures"] if row["group"] == "All respondents"]
    assert all(set(FIELDS) <= set(row) for row in everyone)
    published = {
        (row["survey"], row["label"]): (row["positive"], row["answered"], row["percent"]) for row in everyone
    }
    assert published["after-part-1", "understand what inequality and equity are"] == (15, 15, 100.0)
    assert published["after-part-1", "understand what QI is"] == (15, 15, 100.0)
    assert published["after-part-1", "understand how to apply QI to tackle inequity"] == (13, 15, 86.7)
    assert published["after", "gained an understanding of how to apply QI to tackle inequity"] == (
        16,
        17,
        94.1,
    )
    assert published["after", "would recommend"] == (18, 19, 94.7)
    recommend = next(row for row in everyone if row["label"] == "would recommend")
    assert (recommend["kind"], recommend["ci_low"], recommend["ci_high"]) == ("yes_no", 75.4, 99.1)
    assert recommend["item"] == "I would recommend this training to a colleague"
    assert {row["survey"] for row in everyone} == {"before", "after-part-1", "after"}
    assert "Amazing achievement to cover so much, so clearly, in only two sessions." in [
        comment["text"] for comment in document["comments"]
    ]


def test_the_csv_has_the_same_figures_one_row_per_survey_item_and_group(programme_demo):
    rows = list(csv.DictReader(io.StringIO(run("blmk-medicines-optimisation-2022", "--format", "csv"))))
    (recommend,) = [r for r in rows if r["code"] == "recommend" and r["group"] == "All respondents"]
    assert [recommend[field] for field in FIELDS] == [
        "after",
        "I would recommend this training to a colleague",
        "would recommend",
        "yes_no",
        "19",
        "18",
        "94.7",
        "75.4",
        "99.1",
    ]
    assert {r["characteristic"] for r in rows} == {"", "role", "ethnic_group", "age_band"}


def test_a_comment_hidden_from_the_report_is_not_printed(programme_demo):
    from evaluations.models import Answer

    comment = Answer.objects.get(text__startswith="Amazing achievement")
    services.comment_hide(answer=comment, user=None)
    document = json.loads(run("blmk-medicines-optimisation-2022"))
    assert "Amazing achievement" not in json.dumps(document)
    comments = next(row for row in document["figures"] if row["code"] == "comments")
    assert comments["answered"] == 7


def test_an_unknown_cohort_is_an_error():
    with pytest.raises(CommandError, match="No cohort “nowhere”"):
        run("nowhere")
