"""Benchmark 1 (and 5): the end of a session, when every phone in the room submits in the same minute.

N phones (locust users, bench/locustfile.py) each open the join page, type the code, open the
survey and send their answers, all within 60 s (checked); one in ten taps Send twice at once and one
in twenty loses the first answer and sends again. Then the database is checked: one response per
phone, none duplicated, none half-stored. Targets: N = 1,000 on PostgreSQL with 0 errors, 0
lost, 0 duplicated and a submit p95 ≤ 150 ms; N = 200 on SQLite (the default) with 0 errors and
no "database is locked". After the PostgreSQL burst, benchmark 5 reads the workers' peak memory.

Both run against gunicorn with the production settings (DEBUG off, 5 workers: 2 × cores + 1) on
loopback, with the default rate limits: every phone comes from 127.0.0.1, as a room behind one
venue address would.

    .venv/bin/python -m bench.burst                   # both
    .venv/bin/python -m bench.burst postgresql        # or one: postgresql, sqlite
"""

import os
import sys
import tempfile
from pathlib import Path

from bench import memory
from bench.load import fresh_postgres, print_steps, run_locust, survey_counts
from bench.server import production_server

WORKERS = 5
SPAWN_SECONDS = 40  # every phone has opened the survey by then, and sent it within 8 s more
WINDOW_SECONDS = 60  # the whole room has joined, answered and been thanked within this
THINK_SECONDS = 8
RUNS = {
    # name: (phones, submit p95 target in ms or 0 for none)
    "postgresql": (1000, 150),
    "sqlite": (200, 0),
}


def burst(name: str, database_url: str, phones: int, p95_target: float) -> bool:
    label = "PostgreSQL" if name == "postgresql" else "SQLite"
    print(f"\nBenchmark 1: a burst of {phones} phones on {label} (gunicorn, {WORKERS} workers, DEBUG off)")
    with (
        tempfile.TemporaryDirectory() as tmp,
        production_server(
            database_url=database_url.format(tmp=tmp),
            workers=WORKERS,
            log_path=f"{tmp}/gunicorn.log",
            CACHE_URL=f"file://{tmp}/cache",
        ) as (process, base_url),
    ):
        before = survey_counts(process.env)
        exit_code, result = run_locust(
            base_url,
            ["Phone"],
            count=phones,
            spawn_rate=round(phones / SPAWN_SECONDS, 2),
            # Time enough for every phone to finish however slow the server: the burst's own
            # length is printed, and every phone must be answered for "0 lost" to hold.
            run_time=SPAWN_SECONDS + THINK_SECONDS + 300,
            BENCH_PHONES=phones,
            BENCH_THINK_SECONDS=THINK_SECONDS,
            BENCH_SUBMIT_P95_MS=p95_target,
        )
        after = survey_counts(process.env)
        locked = Path(f"{tmp}/gunicorn.log").read_text().count("database is locked")
        print_steps(result)
        stored = after["responses"] - before["responses"]
        people = after["participants"] - before["participants"]
        print(
            f"  Database: {stored} responses stored for {result['phones_finished']} phones "
            f"({people} participants), {after['duplicated']} duplicated, {after['half_stored']} half-stored; "
            f"“database is locked” {locked} times in the server's log"
        )
        print(
            f"  All {result['phones_finished']} phones had joined, answered and been thanked "
            f"{result['duration']:.0f} s after the first one opened the join page"
        )
        checks = {
            "0 errors": sum(step["failures"] for step in result["steps"].values()) == 0,
            "0 lost": result["phones_finished"] == phones and stored >= phones,
            "0 duplicated": stored <= phones and people == stored and not after["duplicated"],
            "0 half-stored": after["half_stored"] == 0,
            "totals equal a recount": after["totals_differ"] == 0,
            "no “database is locked”": locked == 0,
            f"within {WINDOW_SECONDS} s ({result['duration']:.0f} s)": result["duration"] <= WINDOW_SECONDS,
        }
        if p95_target:
            p95 = result["steps"].get("submit", {}).get("p95", 0)
            checks[f"submit p95 ≤ {p95_target} ms ({p95:.0f} ms)"] = p95 <= p95_target
        verdicts = [f"{check} {'✓' if ok else '✗ MISSED'}" for check, ok in checks.items()]
        print("  Targets: " + ", ".join(verdicts))
        ok = all(checks.values()) and exit_code == 0
        if name == "postgresql":
            ok &= memory.measure(process, base_url, process.env)
    return ok


def main(names: list[str]) -> int:
    ok = True
    for name in names or list(RUNS):
        phones, p95_target = RUNS[name]
        database = os.environ.get("BENCH_BURST_DATABASE", "qiequity_bench")  # another, on a shared machine
        url = fresh_postgres(database) if name == "postgresql" else "sqlite:///{tmp}/bench.sqlite3"
        ok &= burst(name, url, phones, p95_target)
    print(f"\nCommand: .venv/bin/python -m bench.burst {' '.join(names)}".rstrip())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
