"""Benchmark 3: the reports at the size of a large programme, and what a report page weighs.

Builds, with bulk inserts into a fresh database (PostgreSQL, as in production, then the SQLite
default), a programme of 500 cohorts; in each, 30
people answer the 10 items of the workshop's default surveys (3 before, 7 after: 150,000
answers), two in three of them telling us their role and ethnic group. Then prints the time to
build the programme report and one cohort report (the figures, then the whole page with its
charts), and their query counts against a programme of 5 cohorts: counting happens in the
database, so the counts must not grow. Targets: programme ≤ 1 s, cohort ≤ 200 ms.

With the 500 cohorts come 200 QI projects (5 with the 5 cohorts), each with two measures and a
year of monthly data for five groups (24,000 data points), a change idea and two PDSA cycles:
the lead's portfolio page and one project page are timed the same way, and served by gunicorn.
Targets: portfolio page ≤ 300 ms served, a project page ≤ 150 ms served.

Then serves the demo as production does (gunicorn, DEBUG off, whitenoise) and weighs the report
pages as a browser downloads them: HTML, CSS and scripts, compressed, as bench.page_weight does.
Target: under 0.5 MB in all.

Each database is timed in a process of its own (Django is set up once per process).

    .venv/bin/python -m bench.reports                 # both databases, then the page weight
    .venv/bin/python -m bench.reports postgresql      # or one: postgresql, sqlite
    BENCH_REPORTS_COHORTS=5000 .venv/bin/python -m bench.reports postgresql   # national scale

The programme report reads the totals kept with every answer (docs/adr/0040), which the build
counts in bulk after its inserts, as the data migration does.
"""

import http.cookiejar
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import warnings

COHORTS = int(os.environ.get("BENCH_REPORTS_COHORTS", "500"))  # 5000: the national scale of issue 15
CHUNK = 500  # cohorts built per round of bulk inserts, so 5,000 need no more memory than 500
SMALL = 5
PROJECTS = 200
PORTFOLIO_TARGET, PROJECT_TARGET = 0.3, 0.15
PEOPLE = 30
PROGRAMME_TARGET, COHORT_TARGET = 1.0, 0.2
WEIGHT_BUDGET = 500 * 1024
REPORT_PAGES = ["/reports/", "/cohorts/blmk-medicines-optimisation-2022/report/"]


DATABASES = ("postgresql", "sqlite")
BENCH_LEAD_PASSWORD = "bench-lead-password"  # noqa: S105 (an account in a throwaway database)
SERVED_PAGES = {
    "programme page": "/reports/?characteristic=role",
    "cohort page": "/cohorts/bench-000/report/",
    "portfolio page": "/projects/",
    "project page": "/projects/1/",
}
SERVED_TARGETS = {"portfolio page": PORTFOLIO_TARGET, "project page": PROJECT_TARGET}


def setup_django(database_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="qiequity.settings",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="testserver",
        DEBUG="false",
        LOG_LEVEL="ERROR",
    )
    import django
    from django.conf import settings

    django.setup()
    # No collectstatic here: find static files in the apps, as the test suite does.
    warnings.filterwarnings("ignore", message="No directory at")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(first: int, count: int, rng: random.Random) -> None:
    """Cohorts first … first + count − 1, each with its sessions, surveys and 30 people's answers."""
    import datetime

    from django.utils import timezone

    from evaluations import totals
    from evaluations.models import AboutYouAnswer, Answer, Item, ItemTemplate, Response, Survey
    from workshops.models import JOIN_CODE_ALPHABET, Cohort, Participant, Programme, Session, Workshop

    workshop = Workshop.objects.get()
    programme, _ = Programme.objects.get_or_create(name="Bench programme")
    templates = {}
    for template in ItemTemplate.objects.filter(survey_template__workshop=workshop).select_related(
        "survey_template"
    ):
        templates.setdefault(template.survey_template.phase, []).append(template)
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            workshop=workshop,
            programme=programme,
            name=f"Bench cohort {n:03}",
            slug=f"bench-{n:03}",
            organisation=f"Organisation {n % 12}",
            join_code="".join(JOIN_CODE_ALPHABET[(n // 25**i) % 25] for i in range(6)),
            expected_participants=PEOPLE,
        )
        for n in range(first, first + count)
    )
    start = datetime.date(2023, 1, 1)
    Session.objects.bulk_create(
        Session(
            cohort=cohort,
            part=part,
            date=start + datetime.timedelta(days=3 * (first + n) + 14 * (part - 1)),
            starts_at=datetime.time(9, 30),
            ends_at=datetime.time(12, 30),
        )
        for n, cohort in enumerate(cohorts)
        for part in (1, 2)
    )
    surveys = Survey.objects.bulk_create(
        Survey(cohort=cohort, phase=phase, phase_order=order, title=phase, status=Survey.Status.CLOSED)
        for cohort in cohorts
        for phase, order in (("before", 0), ("after", 1000))
    )
    fields = ["position", "kind", "text", "report_label", "low_label", "high_label", "code"]
    items = Item.objects.bulk_create(
        Item(survey=survey, **{name: getattr(t, name) for name in fields})
        for survey in surveys
        for t in templates[survey.phase]
    )
    by_survey = {}
    for item in items:
        by_survey.setdefault(item.survey_id, []).append(item)
    people = Participant.objects.bulk_create(
        Participant(cohort=cohort, key=f"bench-{cohort.slug}-{n}")
        for cohort in cohorts
        for n in range(PEOPLE)
    )
    now = timezone.now()
    # Surveys come in pairs (before, after) per cohort, people in thirties per cohort, in the same order.
    responses = Response.objects.bulk_create(
        Response(
            survey=survey, participant=person, submission_token=f"{survey.pk}-{person.pk}", created_at=now
        )
        for n, survey in enumerate(surveys)
        for person in people[n // 2 * PEOPLE : (n // 2 + 1) * PEOPLE]
    )
    answers, about = [], []
    roles = ["pharmacist", "pharmacist", "pharmacy-technician", "nurse-or-midwife", "other"]
    for response in responses:
        for item in by_survey[response.survey_id]:
            if item.kind == "free_text":
                answers.append(Answer(response=response, item=item, text="Useful, thank you."))
            elif item.kind == "yes_no":
                answers.append(Answer(response=response, item=item, number=int(rng.random() < 0.9)))
            else:
                answers.append(Answer(response=response, item=item, number=rng.choice([2, 3, 4, 4, 5, 5])))
        if rng.random() < 2 / 3:
            about.append(AboutYouAnswer(response=response, characteristic="role", value=rng.choice(roles)))
            about.append(
                AboutYouAnswer(
                    response=response,
                    characteristic="ethnic_group",
                    value=rng.choice(["white", "asian", "black"]),
                )
            )
    Answer.objects.bulk_create(answers, batch_size=5000)
    AboutYouAnswer.objects.bulk_create(about, batch_size=5000)
    totals.count_in(Answer.objects.filter(item__survey__cohort__in=cohorts))  # in bulk, as a migration does


def build_projects(first: int, count: int, rng: random.Random) -> None:
    """Projects first … first + count − 1, each with two measures of 12 months × 5 groups."""
    import datetime

    from projects import services
    from projects.models import ChangeIdea, DataPoint, Measure, PDSACycle, Project, Stage
    from workshops.models import Cohort

    stages = list(Stage.objects.all())
    cohorts = list(Cohort.objects.order_by("pk")[:count])
    projects = Project.objects.bulk_create(
        Project(
            title=f"Bench project {n:03}",
            cohort=cohorts[(n - first) % len(cohorts)],
            team=f"Team {n % 40}",
            organisation=f"Organisation {n % 12}",
            stage=stages[n % len(stages)],
        )
        for n in range(first, first + count)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            project=project, name=name, numerator_label="patients", denominator_label="eligible", order=order
        )
        for project in projects
        for order, name in enumerate(("Uptake", "Reviews"))
    )
    groups = Project.objects.first().groups
    months = [datetime.date(2025 + (m + 10) // 12, (m + 10) % 12 + 1, 1) for m in range(12)]
    points = []
    for measure in measures:
        for m, month in enumerate(months):
            for g, group in enumerate(groups):
                eligible = rng.randint(3, 120)
                share = 0.2 + 0.05 * g + 0.02 * m * (g == 0)
                points.append(
                    DataPoint(
                        measure=measure,
                        period=month,
                        group=group,
                        numerator=sum(rng.random() < share for _ in range(eligible)),
                        denominator=eligible,
                    )
                )
    DataPoint.objects.bulk_create(points, batch_size=5000)
    ideas = ChangeIdea.objects.bulk_create(ChangeIdea(project=p, title="Text reminders") for p in projects)
    PDSACycle.objects.bulk_create(
        PDSACycle(change_idea=idea, started_on=months[n], plan="Uptake rises in quintile 1")
        for idea in ideas
        for n in (3, 7)
    )
    for measure in measures:
        measure.project = next(p for p in projects if p.pk == measure.project_id)
        services.measure_refresh_trend(measure=measure)


def measure(function, repeat: int = 3) -> tuple[float, int]:
    """The best of `repeat` runs' time, and the queries of one run."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            best = min(best, time.perf_counter() - started)
    return best, len(queries.captured_queries)


def timings() -> list[tuple[str, dict]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from projects.models import Project
    from reports.cohort import cohort_report
    from reports.programme import programme_report
    from workshops import roles
    from workshops.models import Cohort, Programme, Workshop

    lead = get_user_model().objects.create_user("bench-lead", password=BENCH_LEAD_PASSWORD)
    lead.groups.add(Group.objects.get(name=roles.PROGRAMME_LEADS))
    client = Client()
    client.force_login(lead)
    workshop = Workshop.objects.get()
    rng = random.Random(2026)  # noqa: S311 (made-up answers, the same every run)
    results = []
    for size, first, projects in ((SMALL, 0, SMALL), (COHORTS, SMALL, PROJECTS)):
        started = time.perf_counter()
        for start in range(first, size, CHUNK):
            build(start, min(CHUNK, size - start), rng)
        done = Project.objects.count()
        build_projects(done, projects - done, rng)
        # The planner's statistics, as autovacuum keeps them while a programme grows over years: without
        # them, right after millions of bulk inserts, PostgreSQL plans for a few rows and loops.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        lead.programmes.add(*Programme.objects.all())  # the lead of the programme just built
        cohort = Cohort.objects.get(slug="bench-000")
        project = Project.objects.order_by("pk").first()
        figures = {
            "programme report": measure(
                lambda: programme_report(workshop, Cohort.objects.all(), characteristic="role")
            ),
            "programme page": measure(lambda: client.get("/reports/?characteristic=role")),
            "cohort report": measure(lambda cohort=cohort: cohort_report(cohort)),
            "cohort page": measure(lambda: client.get("/cohorts/bench-000/report/")),
            "portfolio page": measure(lambda: client.get("/projects/")),
            "project page": measure(lambda project=project: client.get(project.get_absolute_url())),
        }
        label = (
            f"{Cohort.objects.count()} cohorts, {Project.objects.count()} projects (built in {built:.1f} s)"
        )
        results.append((label, figures))
    return results


def report_timings(results, database: str) -> bool:
    (small_label, small), (large_label, large) = results
    print(f"\nReports on {database}: {large_label} against {small_label}")
    print(f"  {'':<18} {'time':>9} {'queries':>8}   {'time':>9} {'queries':>8}")
    ok = True
    for name in large:
        (small_time, small_queries), (large_time, large_queries) = small[name], large[name]
        print(
            f"  {name:<18} {small_time * 1000:7.0f} ms {small_queries:>8}   "
            f"{large_time * 1000:7.0f} ms {large_queries:>8}"
        )
        ok &= small_queries == large_queries
    programme, cohort = large["programme report"][0], large["cohort report"][0]
    within = programme <= PROGRAMME_TARGET and cohort <= COHORT_TARGET
    print(
        f"  Targets: programme report ≤ {PROGRAMME_TARGET:.0f} s ({programme:.2f} s), cohort report "
        f"≤ {COHORT_TARGET * 1000:.0f} ms ({cohort * 1000:.0f} ms): {'met' if within else 'MISSED'}; "
        f"queries {'the same' if ok else 'GROW'} at both sizes."
    )
    return ok and within


# Page weight, against the demo served as production serves it -----------------------------------


def log_in(base_url: str, username: str, password: str) -> str:
    """A session cookie for the account, from the login form (the CSRF token included)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base_url + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(base_url + "/accounts/login/", data=data.encode()))  # noqa: S310
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def page_weights() -> bool:
    from bench.page_weight import print_rows, weigh
    from bench.server import production_server

    with (
        tempfile.TemporaryDirectory() as tmp,
        production_server(database_url=f"sqlite:///{tmp}/weight.sqlite3") as (server, base_url),
    ):
        cookies = log_in(base_url, "lead", os.environ.get("DEMO_PASSWORD") or "qiequity-demo")
        pages = [weigh(base_url, path, cookies) for path in REPORT_PAGES]
    ok = True
    for page in pages:
        total = sum(size for _, size, _ in page["rows"])
        within = total <= WEIGHT_BUDGET
        ok &= within
        print(
            f"\n{page['path']}: {total / 1024:.1f} KB in {len(page['rows'])} requests "
            f"({'within' if within else 'OVER'} the budget of {WEIGHT_BUDGET // 1024} KB)"
        )
        print_rows(page)
    return ok


def served_timings(database_url: str) -> bool:
    """The 500-cohort report pages as a lead's browser gets them from gunicorn (production settings)."""
    from bench.server import production_server

    with production_server(database_url=database_url, demo=False) as (server, base_url):
        cookies = log_in(base_url, "bench-lead", BENCH_LEAD_PASSWORD)
        figures = {}
        for name, path in SERVED_PAGES.items():
            best = float("inf")
            for _ in range(3):
                request = urllib.request.Request(base_url + path, headers={"Cookie": cookies})  # noqa: S310
                started = time.perf_counter()
                with urllib.request.urlopen(request) as response:  # noqa: S310 (our own server)
                    response.read()
                    status = response.status
                best = min(best, time.perf_counter() - started)
            figures[name] = (best, status)
    print(
        "  Served by gunicorn (DEBUG off, whole response, best of 3): "
        + ", ".join(
            f"{name} {seconds * 1000:.0f} ms (HTTP {status})" for name, (seconds, status) in figures.items()
        )
    )
    within = all(figures[name][0] <= target for name, target in SERVED_TARGETS.items())
    print(
        f"  Targets served: portfolio page ≤ {PORTFOLIO_TARGET * 1000:.0f} ms, a project page ≤ "
        f"{PROJECT_TARGET * 1000:.0f} ms: {'met' if within else 'MISSED'}"
    )
    return all(status == 200 for _, status in figures.values()) and within


def time_reports(database: str) -> bool:
    """Build the programme in a fresh database of this kind and time the reports (this process)."""
    from bench.load import fresh_postgres

    with tempfile.TemporaryDirectory() as tmp:
        url = (
            fresh_postgres(os.environ.get("BENCH_REPORTS_DATABASE", "qiequity_bench_reports"))
            if database == "postgresql"
            else f"sqlite:///{tmp}/b.sqlite3"
        )
        setup_django(url)
        from django.db import connections

        timed = report_timings(timings(), database)
        connections.close_all()
        return served_timings(url) and timed


def main(names: list[str]) -> int:
    if names[:1] == ["--time"]:  # the child process that times one database
        return 0 if time_reports(names[1]) else 1
    ok = True
    for database in [name for name in names if name in DATABASES] or DATABASES:
        ok &= subprocess.run([sys.executable, "-m", "bench.reports", "--time", database]).returncode == 0
    ok &= page_weights()
    print(f"\nCommand: .venv/bin/python -m bench.reports {' '.join(names)}".rstrip())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
