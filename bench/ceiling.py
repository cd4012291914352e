"""Benchmark 2: how many submits per second the app takes at saturation, beside a floor endpoint.

In one run against the same server (gunicorn, production settings, 5 workers, PostgreSQL), locust
users post as fast as they can for a while: first the real submit (each time as a new phone: a new
participant, a response and its answers, through the rate limits), then the floor endpoint
(bench/floor.py: the same middleware, one insert, a redirect). The ratio says how much the app
itself costs on top of the stack. Target: the real submit reaches at least half the floor's rate.

The per-address rate limit is raised for this run only: every request comes from 127.0.0.1, and
thousands of posts a minute from one address is exactly what it exists to stop.

    .venv/bin/python -m bench.ceiling
"""

import sys
import tempfile

from bench.load import fresh_postgres, print_steps, run_locust, survey_counts
from bench.server import production_server

WORKERS = 5
USERS = 24
SECONDS = 20
TARGET_RATIO = 0.5


def saturate(base_url: str, user_class: str, **bench_env) -> dict:
    _, result = run_locust(
        base_url, [user_class], count=USERS, spawn_rate=USERS, run_time=SECONDS, **bench_env
    )
    return result


def main() -> int:
    database_url = fresh_postgres("qiequity_bench_ceiling")
    print(f"\nBenchmark 2: the submit's ceiling beside the floor endpoint (PostgreSQL, {WORKERS} workers)")
    with (
        tempfile.TemporaryDirectory() as tmp,
        production_server(
            database_url=database_url,
            workers=WORKERS,
            log_path=f"{tmp}/gunicorn.log",
            CACHE_URL=f"file://{tmp}/cache",
            BENCH_FLOOR_ENDPOINT="true",
            RATE_LIMIT_PER_ADDRESS="100000000",
        ) as (process, base_url),
    ):
        cohort_id = survey_counts(process.env)["cohort_id"]
        submit = saturate(base_url, "SubmitFlood")
        floor = saturate(base_url, "FloorFlood", BENCH_COHORT_ID=cohort_id)
    rows = {"steps": {**submit["steps"], **floor["steps"]}}
    rows |= {key: submit[key] + floor[key] for key in ("total_requests", "total_rps", "duration")}
    rows["errors"] = submit["errors"] | floor["errors"]
    print_steps(rows)
    submit_rate = submit["steps"]["ceiling: submit"]["rps"]
    floor_rate = floor["steps"]["ceiling: floor"]["rps"]
    ratio = submit_rate / floor_rate
    failures = sum(step["failures"] for step in rows["steps"].values())
    ok = ratio >= TARGET_RATIO and failures == 0
    print(
        f"  Submit: {submit_rate:.0f}/s, floor: {floor_rate:.0f}/s, ratio {ratio:.2f} "
        f"(target ≥ {TARGET_RATIO}) {'✓' if ratio >= TARGET_RATIO else '✗ MISSED'}; {failures} failed"
    )
    print("Command: .venv/bin/python -m bench.ceiling")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
