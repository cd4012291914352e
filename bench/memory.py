"""Benchmark 5: the peak memory (RSS) of a gunicorn worker after the burst and after a report.

Called by bench/burst.py with the server the PostgreSQL burst ran on, so "after the burst" is
after 1,000 phones. Then a programme lead logs in and opens the demo BLMK cohort's report (URL
name `reports:cohort_report`), and the peak is read again. Target: at most 250 MB per worker,
after both.
"""

import re

from bench.load import peak_rss_mb, worker_pids
from bench.server import manage

BUDGET_MB = 250
REPORT_COHORT = "blmk-medicines-optimisation-2022"
REVERSE_SCRIPT = """
from django.urls import NoReverseMatch, reverse
try:
    print(reverse("reports:cohort_report", args=[{slug!r}]))
except NoReverseMatch:
    try:
        reverse("reports:cohort_report")
        print("?")  # it exists, but not with a cohort's slug as its one argument
    except NoReverseMatch as error:
        print("?" if "with no arguments not found" in str(error) else "")
"""


def report_url(env: dict) -> str:
    return manage(env, "shell", "--no-imports", "-c", REVERSE_SCRIPT.format(slug=REPORT_COHORT)).strip()


def serve_report(base_url: str, path: str, password: str) -> int:
    """Log in as the demo's programme lead and open the report, on every worker; the last status."""
    import requests

    status = 0
    for _ in range(6):  # gunicorn hands each new connection to whichever worker is free
        session = requests.Session()
        login = session.get(base_url + "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        session.post(
            base_url + "/accounts/login/",
            data={"username": "lead", "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": base_url + "/accounts/login/"},
        )
        status = session.get(base_url + path).status_code
    return status


def measure(process, base_url: str, env: dict) -> bool:
    print("\nBenchmark 5: peak memory (RSS) of each gunicorn worker")
    after_burst = [peak_rss_mb(pid) for pid in worker_pids(process)]
    print(f"  after the burst:          {', '.join(f'{mb:.0f} MB' for mb in after_burst)}")
    peaks = after_burst
    path = report_url(env)
    if path and path != "?":
        status = serve_report(base_url, path, env.get("DEMO_PASSWORD") or "qiequity-demo")
        peaks = [peak_rss_mb(pid) for pid in worker_pids(process)]
        print(f"  after serving {path} (HTTP {status}): {', '.join(f'{mb:.0f} MB' for mb in peaks)}")
    else:
        why = (
            "reports:cohort_report does not take a cohort's slug (update bench/memory.py)"
            if path == "?"
            else "there is no cohort report page yet (URL name reports:cohort_report)"
        )
        print(f"  after serving a report:   NOT MEASURED — {why}")
    within = max(peaks) <= BUDGET_MB and bool(path and path != "?")
    print(f"  Target: ≤ {BUDGET_MB} MB per worker: {max(peaks):.0f} MB {'✓' if within else '✗ MISSED'}")
    return within
