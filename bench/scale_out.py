"""Benchmark 6: two app servers sharing one PostgreSQL database and one Redis, as qiequity scales out.

Two gunicorn instances on different ports, each with the production settings (DEBUG off, the
same SECRET_KEY, `CACHE_URL=redis://…`), on one PostgreSQL database and one Redis. 1,000 phones
(bench/locustfile.py's `Phone`) are split between them in turn, as a load balancer would; the
second tap of a double tap, and the resend after a dropped answer, go to the *other* instance.
Then the database is checked: 0 errors, 0 lost, 0 duplicated, 0 half-stored. Last, a rate limit
reached through one instance must refuse through the other: one phone posts the survey through
instance A until its limit, and its next post goes to instance B.

Redis is Debian's `redis-server` on 127.0.0.1:6379, started here if it is not running (as .ci/run
starts PostgreSQL); the benchmark uses its database BENCH_REDIS_DB (12) and empties only that one.

    .venv/bin/python -m bench.scale_out
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import fresh_postgres, print_steps, run_locust, survey_counts
from bench.server import production_env, production_server

PHONES = 1000
WORKERS = 2  # per instance: two instances of two workers on the machine's two cores
SPAWN_SECONDS = 40
THINK_SECONDS = 8
REDIS_PORT = 6379
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "12"))
DATABASE = "qiequity_bench_scale_out"
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", str(REDIS_PORT),
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_redis() -> str:
    """Redis's URL for the benchmark's own database, emptied; redis-server started if it was not running."""
    if not redis_up():
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is not installed: apt-get install redis-server")
        print("  starting redis-server on 127.0.0.1:6379")
        subprocess.run(REDIS_START, check=True, capture_output=True)
        for _ in range(50):
            if redis_up():
                break
            time.sleep(0.1)
        else:
            raise SystemExit("redis-server did not start (see /var/log/redis/ci.log)")
    import redis

    url = f"redis://127.0.0.1:{REDIS_PORT}/{REDIS_DB}"
    redis.Redis.from_url(url).flushdb()  # only the benchmark's own database
    return url


def form_of(session, url: str) -> dict:
    body = session.get(url).text
    carried = r'name="(csrfmiddlewaretoken|submission_token|participant_key)" value="([^"]*)"'
    return dict(re.findall(carried, body))


def limit_shared(first: str, second: str, limit: int) -> tuple[list[int], int]:
    """One phone posts the survey `limit` times through the first instance, then once through the second."""
    import requests

    phone = requests.Session()
    url = "/j/NEW7QC/survey/before/"
    data = form_of(phone, first + url)

    def post(base: str) -> int:
        answer = phone.post(base + url, data=data, headers={"Referer": base + url}, allow_redirects=False)
        return answer.status_code

    statuses = [post(first) for _ in range(limit)]
    return statuses, post(second)


def main() -> int:
    print(f"\nBenchmark 6: {PHONES} phones split between two app servers on one PostgreSQL and one Redis")
    cache_url = ensure_redis()
    database_url = fresh_postgres(DATABASE)
    shared = {"SECRET_KEY": secrets.token_urlsafe(50), "CACHE_URL": cache_url}
    limit = int(production_env(database_url).get("RATE_LIMIT_PER_RESPONDENT", "30"))
    with tempfile.TemporaryDirectory() as tmp:
        with (
            production_server(
                database_url=database_url, workers=WORKERS, log_path=f"{tmp}/a.log", **shared
            ) as (first, url_a),
            production_server(
                database_url=database_url, workers=WORKERS, log_path=f"{tmp}/b.log", prepared=True, **shared
            ) as (_, url_b),
        ):
            print(f"  instance A {url_a}, instance B {url_b}, each gunicorn with {WORKERS} workers")
            before = survey_counts(first.env)
            exit_code, result = run_locust(
                url_a,
                ["Phone"],
                count=PHONES,
                spawn_rate=round(PHONES / SPAWN_SECONDS, 2),
                run_time=SPAWN_SECONDS + THINK_SECONDS + 300,
                BENCH_PHONES=PHONES,
                BENCH_THINK_SECONDS=THINK_SECONDS,
                BENCH_HOSTS=f"{url_a},{url_b}",
            )
            after = survey_counts(first.env)
            print_steps(result)
            stored = after["responses"] - before["responses"]
            people = after["participants"] - before["participants"]
            print(
                f"  Database: {stored} responses stored for {result['phones_finished']} phones "
                f"({people} participants), {after['duplicated']} duplicated, "
                f"{after['half_stored']} half-stored"
            )
            print(f"  The room took {result['duration']:.0f} s; phones alternated between A and B")
            statuses, across = limit_shared(url_a, url_b, limit)
            print(
                f"  Rate limit across instances: {limit} posts by one phone through A answered "
                f"{sorted(set(statuses))}; its next post, through B, answered {across}"
            )
            errors = sum(step["failures"] for step in result["steps"].values())
            logs = "".join(Path(f"{tmp}/{name}.log").read_text() for name in ("a", "b"))
        checks = {
            "0 errors": errors == 0 and exit_code == 0,
            "0 lost": result["phones_finished"] == PHONES and stored >= PHONES,
            "0 duplicated": stored <= PHONES and people == stored and not after["duplicated"],
            "0 half-stored": after["half_stored"] == 0,
            "no traceback in either log": "Traceback" not in logs,
            "a limit reached on A refuses on B": set(statuses) == {302} and across == 429,
        }
    print("  Targets: " + ", ".join(f"{check} {'✓' if ok else '✗ MISSED'}" for check, ok in checks.items()))
    print("\nCommand: .venv/bin/python -m bench.scale_out")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
