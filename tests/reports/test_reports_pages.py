"""The report pages and their downloads: who may see them, what they show, and what they cost."""

import csv
import io
import json

import pytest
from django.urls import reverse

from evaluations.models import Answer
from tests.evaluations.factories import respond, respond_many
from tests.factories import CohortFactory, SessionFactory
from tests.imports import top_level_modules_after
from workshops.models import Participant

pytestmark = pytest.mark.django_db


def report_url(cohort, **query):
    url = reverse("reports:cohort_report", args=[cohort.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def figures_url(cohort, file_format="csv"):
    return reverse("reports:report_figures", args=[cohort.slug, file_format])


def responses_url(cohort, file_format="csv"):
    return reverse("reports:report_responses", args=[cohort.slug, file_format])


def comments_url(cohort):
    return reverse("reports:report_comments", args=[cohort.slug])


def hide_url(cohort, answer, action="hide"):
    return reverse(f"reports:report_comment_{action}", args=[cohort.slug, answer.pk])


PROGRAMME = reverse("reports:programme_report")


@pytest.fixture
def answered(cohort, before, after):
    """A few people answered both surveys; some told us their role."""
    for n in range(6):
        person = Participant.objects.create(cohort=cohort)
        about = {"role": "pharmacist"}
        respond(before, {"aim-1": 2 + n % 3, "aim-2": 3, "aim-3": 2}, about=about, participant=person)
        respond(
            after,
            {"aim-1": 4, "aim-2": 5, "aim-3": 4, "recommend": 1, "overall": 5, "useful": 4},
            about=about,
            participant=person,
        )
    return respond(after, {"recommend": 1, "comments": "Thank you, it was great."})


# The cohort report -----------------------------------------------------------------------------


def test_the_cohorts_facilitator_reads_its_report(facilitator_client, cohort, answered):
    body = facilitator_client.get(report_url(cohort)).content.decode()
    assert "<h1>Luton Pharmacy Team</h1>" in body
    assert "100% would recommend (7 of 7)" in body
    assert "Thank you, it was great." in body
    assert 'data-chart="chart-agreement"' in body
    assert 'id="chart-agreement" type="application/json"' in body
    assert "vendor/plotly/plotly-basic.min.js" in body
    assert "Hide or restore comments" in body
    assert figures_url(cohort, "xlsx") in body, "a facilitator downloads their own cohort's figures"
    assert responses_url(cohort, "csv") not in body, "the raw responses are for programme leads"


def test_the_cohorts_facilitator_downloads_its_figures_with_plain_words(facilitator_client, cohort, answered):
    response = facilitator_client.get(figures_url(cohort))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "ci_low" not in rows[0] and "95% interval, lower" in rows[0], "headings in plain words"
    everyone = [row for row in rows if row["Group"] == "All respondents"]
    recommend = next(row for row in everyone if row["Question's short name"] == "recommend")
    assert (recommend["Answered"], recommend["Positive"]) == ("7", "7")


def test_the_report_opens_with_a_contents_list_of_its_sections(lead_client, cohort, answered):
    body = lead_client.get(report_url(cohort)).content.decode()
    start = body.index('aria-labelledby="contents-heading"')
    contents = body[start : body.index("</nav>", start)]
    for anchor in ("#headlines-heading", "#results-heading", "#equity-heading", "#methods-heading"):
        assert f'href="{anchor}"' in contents
        assert f'id="{anchor[1:]}"' in body


def test_a_lead_reads_every_cohorts_report_with_the_downloads(lead_client, cohort, answered):
    body = lead_client.get(report_url(cohort)).content.decode()
    assert "100% would recommend (7 of 7)" in body
    assert figures_url(cohort, "xlsx") in body and responses_url(cohort, "csv") in body
    assert "Hide or restore comments" not in body


def test_the_report_says_so_when_nobody_has_answered(facilitator_client, cohort, after):
    body = facilitator_client.get(report_url(cohort)).content.decode()
    assert "Nobody has answered this cohort's evaluations yet" in body
    assert "data-chart" not in body


def test_switching_the_characteristic_breaks_the_results_down_by_it(lead_client, cohort, after):
    respond_many(after, 5, {"aim-1": 4}, about={"role": "pharmacist", "age_band": "25-34"})
    respond_many(after, 5, {"aim-1": 2}, about={"role": "pharmacy-technician", "age_band": "35-44"})
    by_role = lead_client.get(report_url(cohort)).content.decode()
    assert "positive answers by staff group or role" in by_role
    by_age = lead_client.get(report_url(cohort, characteristic="age_band")).content.decode()
    assert "positive answers by age band" in by_age
    assert '<option value="age_band" selected>' in by_age
    assert "25 to 34</th><td>100% (5 of 5)" in by_age
    assert "A group with fewer than 5 answers is not shown" in by_age


def test_the_report_page_keeps_a_strict_content_security_policy(lead_client, cohort, answered):
    policy = lead_client.get(report_url(cohort))["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_cohort_page_links_to_its_report_and_leads_see_reports_in_the_menu(
    client, facilitator, lead, cohort
):
    client.force_login(facilitator)
    facilitator_page = client.get(cohort.get_absolute_url()).content.decode()
    assert f'href="{report_url(cohort)}"' in facilitator_page
    assert f'href="{PROGRAMME}"' not in facilitator_page
    client.force_login(lead)
    assert f'href="{PROGRAMME}"' in client.get(cohort.get_absolute_url()).content.decode()


# The programme report --------------------------------------------------------------------------


def test_a_lead_reads_the_programme_with_its_cohorts_run_charts_and_equity_view(lead_client, programme_demo):
    body = lead_client.get(PROGRAMME).content.decode()
    assert "BLMK Medicines Optimisation, Nov–Dec 2022" in body
    assert "Luton Community Pharmacy, Oct 2025" in body
    assert "Shift: 6 cohorts in a row below the median" in body
    assert 'data-chart="chart-run-aim-3"' in body
    assert "positive answers by staff group or role" in body


def test_the_programme_filters_by_date_and_organisation_and_keeps_them_when_the_breakdown_changes(
    lead_client, programme_demo
):
    query = {"date_from": "2024-01-01", "date_to": "2024-12-31", "characteristic": "age_band"}
    body = lead_client.get(PROGRAMME, query).content.decode()
    assert "Milton Keynes University Hospital Pharmacy, Feb 2024" in body
    assert "Luton GP Practice Pharmacists" not in body and "Bedford Hospital Pharmacy, Feb 2025" not in body
    assert '<input type="hidden" name="date_from" value="2024-01-01">' in body
    assert "positive answers by age band" in body
    trusts = lead_client.get(PROGRAMME, {"organisation": "Bedfordshire Hospitals NHS Foundation Trust"})
    names = trusts.content.decode()
    assert "Luton and Dunstable Hospital Pharmacy" in names and "Bedford Hospital Pharmacy" in names
    assert "Mental Health Pharmacy" not in names


def test_the_small_numbers_paragraph_is_said_once_with_a_short_reference_under_each_breakdown(
    lead_client, programme_demo
):
    body = lead_client.get(PROGRAMME, {"characteristic": "role"}).content.decode()
    assert body.count("A small group reads") == 1
    assert body.count('href="#small-numbers"') >= 2 and 'id="small-numbers"' in body


def test_a_lead_downloads_the_programme_report_with_the_pages_figures_and_filters(
    lead_client, programme_demo
):
    query = {"organisation": "BLMK ICB Medicines Optimisation team", "characteristic": "role"}
    page = lead_client.get(PROGRAMME, query).content.decode()
    assert "Contents" in page and '<details class="run-chart__numbers">' in page
    response = lead_client.get(reverse("reports:programme_figures", args=["csv"]), query)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "ci_low" not in rows[0] and "95% interval, lower" in rows[0]
    cohorts = {row["Cohort or group"] for row in rows if row["Part of the report"] == "Cohorts"}
    assert "BLMK Medicines Optimisation, Nov–Dec 2022" in cohorts
    assert "Luton GP Practice Pharmacists, Feb–Mar 2023" not in cohorts, "the filter holds"
    recommend = next(
        row
        for row in rows
        if row["Cohort or group"] == "BLMK Medicines Optimisation, Nov–Dec 2022"
        and row["Question"] == "Would recommend"
    )
    assert (recommend["Positive"], recommend["Answered"], recommend["Percent positive"]) == (
        "18",
        "19",
        "94.7",
    )
    for row in rows:
        if row["Part of the report"] != "Cohorts" and row["Note"]:
            assert row["Answered"] == row["Positive"] == row["Percent positive"] == "", (
                "hidden means no figure"
            )
    xlsx = lead_client.get(reverse("reports:programme_figures", args=["xlsx"]), query)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_a_date_range_that_ends_before_it_starts_is_shown_as_an_error(lead_client, programme_demo):
    body = lead_client.get(PROGRAMME, {"date_from": "2025-01-01", "date_to": "2024-01-01"}).content.decode()
    assert "<title>Error: Programme report" in body
    assert "The end of the date range must be on or after its start" in body
    assert "Luton GP Practice Pharmacists" in body, "the whole programme is shown meanwhile"


# Hiding a comment ------------------------------------------------------------------------------


def test_a_facilitator_hides_a_comment_from_the_report_and_restores_it(
    facilitator_client, facilitator, cohort, answered
):
    comment = answered.answers.get(item__code="comments")
    assert "Thank you, it was great." in facilitator_client.get(comments_url(cohort)).content.decode()
    response = facilitator_client.post(hide_url(cohort, comment))
    assert response.url == comments_url(cohort)
    comment.refresh_from_db()
    assert comment.is_hidden_from_report and comment.hidden_from_report_by == facilitator
    body = facilitator_client.get(report_url(cohort)).content.decode()
    assert "Thank you, it was great." not in body
    assert "1 comment is hidden from this report by a facilitator" in body
    facilitator_client.post(hide_url(cohort, comment, "restore"))
    comment.refresh_from_db()
    assert not comment.is_hidden_from_report
    assert "Thank you, it was great." in facilitator_client.get(report_url(cohort)).content.decode()


def test_only_comments_can_be_hidden(facilitator_client, cohort, answered):
    rating = Answer.objects.filter(item__code="overall").first()
    assert facilitator_client.post(hide_url(cohort, rating)).status_code == 404


def test_a_lead_cannot_hide_comments_and_nobody_hides_one_with_a_get(
    client, lead, facilitator, cohort, answered
):
    comment = answered.answers.get(item__code="comments")
    client.force_login(lead)
    assert client.get(comments_url(cohort)).status_code == 403
    assert client.post(hide_url(cohort, comment)).status_code == 403
    client.force_login(facilitator)
    assert client.get(hide_url(cohort, comment)).status_code == 405
    comment.refresh_from_db()
    assert not comment.is_hidden_from_report


# Who may see what ------------------------------------------------------------------------------

COHORT_PAGES = [report_url, comments_url, figures_url]
LEAD_PAGES = [
    responses_url,
    lambda c: responses_url(c, "xlsx"),
]


@pytest.mark.parametrize("url", [*COHORT_PAGES, *LEAD_PAGES, lambda c: PROGRAMME])
def test_every_report_page_sends_anonymous_visitors_to_log_in_and_refuses_outsiders(
    url, client, cohort, outsider
):
    assert client.get(url(cohort)).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url(cohort)).status_code == 403


@pytest.mark.parametrize("url", COHORT_PAGES)
def test_a_facilitator_of_another_cohort_cannot_find_its_report(url, other_facilitator_client, cohort):
    assert other_facilitator_client.get(url(cohort)).status_code == 404


@pytest.mark.parametrize("url", [*LEAD_PAGES, lambda c: PROGRAMME])
def test_downloads_and_the_programme_are_for_programme_leads_only(
    url, client, facilitator, other_facilitator, cohort, answered
):
    for person in (facilitator, other_facilitator):
        client.force_login(person)
        assert client.get(url(cohort)).status_code == 403


def test_a_participant_with_the_cohorts_cookie_reaches_no_report(client, cohort, answered):
    landing = client.get(cohort.get_join_url())
    assert landing.status_code == 200
    for url in [
        report_url(cohort),
        figures_url(cohort),
        responses_url(cohort),
        PROGRAMME,
        comments_url(cohort),
    ]:
        assert client.get(url).url.startswith(reverse("login"))
    comment = answered.answers.get(item__code="comments")
    client.post(hide_url(cohort, comment))
    comment.refresh_from_db()
    assert not comment.is_hidden_from_report


@pytest.mark.parametrize("url", [report_url, figures_url, responses_url, lambda c: PROGRAMME])
def test_report_pages_answer_only_get(url, lead_client, cohort):
    assert lead_client.post(url(cohort)).status_code == 405


def test_an_unknown_file_type_is_not_found(lead_client, cohort):
    assert lead_client.get(figures_url(cohort, "pdf")).status_code == 404


# What they cost --------------------------------------------------------------------------------


def _people(cohort, before, after, count):
    for n in range(count):
        person = Participant.objects.create(cohort=cohort)
        about = {"role": ["pharmacist", "pharmacy-technician"][n % 2], "age_band": "35-44"}
        respond(before, {"aim-1": 1 + n % 5, "aim-2": 3, "aim-3": 2}, about=about, participant=person)
        respond(
            after,
            {"aim-1": 4, "recommend": n % 2, "overall": 5, "comments": f"Comment {n}"},
            participant=person,
        )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, groups, cohort; the report's eight (the eighth: its QI projects' tally);
        # sessions (a lead manages none: no query)
        (report_url, 13),
        # session, user, groups, cohort; the report's eight
        (figures_url, 12),
        (lambda c: figures_url(c, "xlsx"), 12),
        # session, user, groups, cohort; responses, answers
        (responses_url, 6),
        (lambda c: responses_url(c, "xlsx"), 6),
    ],
)
def test_each_cohort_report_page_costs_the_same_queries_for_few_answers_or_many(
    url, queries, lead_client, cohort, before, after, django_assert_num_queries
):
    for count in (3, 30):
        _people(cohort, before, after, count)
        with django_assert_num_queries(queries):
            assert lead_client.get(url(cohort)).status_code == 200


def test_the_programme_page_costs_the_same_queries_for_few_cohorts_or_many(
    lead_client, cohort, django_assert_num_queries
):
    # session, user, groups; organisations, workshops, the programmes to choose from; the report's
    # seven (the seventh: QI projects); people trained from the registers: the cohorts' parts, and
    # each person's parts attended
    from evaluations import services

    for count in (2, 15):
        for n in range(count):
            other = CohortFactory(workshop=cohort.workshop, organisation=f"Team {n % 4}")
            SessionFactory(cohort=other, part=1)
            survey = services.survey_add(cohort=other, phase="after")
            respond_many(survey, 2, {"aim-3": 4}, about={"role": "pharmacist"})
        with django_assert_num_queries(15):
            assert lead_client.get(PROGRAMME, {"characteristic": "role"}).status_code == 200


# The participant's path pays for none of it ----------------------------------------------------


def test_pandas_and_plotly_are_not_loaded_on_a_participants_path():
    loaded = top_level_modules_after(
        "import qiequity.urls, evaluations.views, reports.views, reports.cohort, reports.programme;"
        "from django.urls import resolve; resolve('/j/ABCDEF/survey/after/')"
    )
    assert "pandas" not in loaded and "plotly" not in loaded


def test_the_chart_data_is_json_the_page_script_reads(lead_client, cohort, answered):
    body = lead_client.get(report_url(cohort)).content.decode()
    start = body.index('<script id="chart-agreement" type="application/json">') + len(
        '<script id="chart-agreement" type="application/json">'
    )
    figure = json.loads(body[start : body.index("</script>", start)])
    assert {trace["name"] for trace in figure["data"]} >= {"Strongly agree", "Strongly disagree"}
    assert figure["layout"]["barmode"] == "relative"
