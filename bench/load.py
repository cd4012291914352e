"""What the load benchmarks share: a fresh PostgreSQL database, locust, and the database checks."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.server import ROOT, manage

LOCUSTFILE = ROOT / "bench" / "locustfile.py"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def fresh_postgres(name: str) -> str:
    """An empty PostgreSQL database of this name (dropped first if it exists); its URL."""
    import psycopg2

    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{POSTGRES}/{name}"


def run_locust(
    base_url: str, users: list[str], *, count: int, spawn_rate: float, run_time: int, **bench_env
) -> tuple[int, dict]:
    """Run locust headless with these user classes; its exit code and the figures it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        result_path = Path(tmp) / "result.json"
        env = dict(os.environ, BENCH_RESULT=str(result_path), **{k: str(v) for k, v in bench_env.items()})
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            base_url,
            "--users",
            str(count),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            f"{run_time}s",
            "--stop-timeout",
            "10",
            "--only-summary",
            "--loglevel",
            "WARNING",
            *users,
        ]
        finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if not result_path.exists():
            raise RuntimeError(f"locust wrote no results:\n{finished.stdout}\n{finished.stderr}")
        return finished.returncode, json.loads(result_path.read_text())


COUNT_SCRIPT = """
import json
from django.db.models import Count
from evaluations.models import Response, Survey
from evaluations.totals import differences
from workshops.models import Participant
survey = Survey.objects.get(cohort__join_code={code!r}, phase={phase!r})
responses = Response.objects.filter(survey=survey)
items = survey.items.count()
print(json.dumps({{
    "cohort_id": survey.cohort_id,
    "responses": responses.count(),
    "participants": Participant.objects.filter(cohort=survey.cohort).count(),
    "duplicated": responses.values("participant").annotate(n=Count("pk")).filter(n__gt=1).count(),
    "half_stored": responses.annotate(n=Count("answers")).exclude(n=items).count(),
    "totals_differ": len(differences()),
}}))
"""


def survey_counts(env: dict, code: str = "NEW7QC", phase: str = "before") -> dict:
    """What the database holds for the survey: responses, participants, duplicates, half-stored ones,
    and how many kept totals differ from a recount of the answers (check_totals)."""
    output = manage(env, "shell", "--no-imports", "-c", COUNT_SCRIPT.format(code=code, phase=phase))
    return json.loads(output.strip().splitlines()[-1])


def worker_pids(process) -> list[int]:
    """gunicorn's workers: the children of its master process."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mb(pid: int) -> float:
    """The most memory the process has ever had resident (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def print_steps(result: dict) -> None:
    print(f"  {'step':<30} {'requests':>8} {'failed':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for name, step in result["steps"].items():
        print(
            f"  {name:<30} {step['requests']:>8} {step['failures']:>6} {step['rps']:>7.1f} "
            f"{step['p50']:>6.0f} {step['p95']:>6.0f} {step['p99']:>6.0f}"
        )
    print(
        f"  {'all requests':<30} {result['total_requests']:>8} "
        f"{sum(s['failures'] for s in result['steps'].values()):>6} {result['total_rps']:>7.1f}"
        f"   over {result['duration']:.0f} s"
    )
    for error, count in result["errors"].items():
        print(f"  error ×{count}: {error}")
