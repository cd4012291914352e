"""The fault drills (make drill): what a room of phones sees when something breaks mid-burst.

Each drill runs the app as production runs it (gunicorn, DEBUG off) and says what it proves:

1. worker: gunicorn workers caught handling requests are killed with SIGKILL in the middle of
   a burst of phones on PostgreSQL (six kills, a second apart; the drill fails if none cut a
   request off). Proves: every submission that got a success answer is stored exactly once, and the
   ones cut off succeed when the phone sends them again, once.
2. postgres: PostgreSQL is restarted in the middle of a burst (stopped, left down 3 s, started).
   Proves: phones get the plain "please try again — your answers are still in the form" page
   with status 503, never a traceback or a 500; no response is half-stored; the service comes
   back by itself.
3. sqlite: the SQLite database's disk fills up, then its file system turns read-only. Proves: the
   same 503 page, nothing stored, and the same form goes through once the disk is back.

Phones in drills 1 and 2 are bench/locustfile.py's, which send the same form again after a
failure, as a person would after the "please try again" page. The PostgreSQL restart needs root
and the local cluster (`pg_ctlcluster`); drill 3 mounts a small tmpfs, also as root.

    .venv/bin/python -m bench.drill                 # all three
    .venv/bin/python -m bench.drill worker sqlite   # or some
"""

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.load import POSTGRES, fresh_postgres, run_locust, survey_counts, worker_pids
from bench.server import production_server

PHONES = 300
WORKERS = 3
FAULT_AFTER_SECONDS = 10
STILL_IN_FORM = "your answers are still in the form"


def burst_with_fault(name: str, fault) -> tuple[dict, dict, dict]:
    """A burst of PHONES phones on a fresh PostgreSQL database, with `fault(process)` run mid-way."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        production_server(
            database_url=fresh_postgres(f"qiequity_drill_{name}"),
            workers=WORKERS,
            log_path=f"{tmp}/gunicorn.log",
            CACHE_URL=f"file://{tmp}/cache",
        ) as (process, base_url),
    ):
        before = survey_counts(process.env)
        timer = threading.Timer(FAULT_AFTER_SECONDS, fault, args=[process])
        timer.start()
        _, result = run_locust(
            base_url,
            ["Phone"],
            count=PHONES,
            spawn_rate=PHONES / 20,
            run_time=120,
            BENCH_PHONES=PHONES,
            BENCH_THINK_SECONDS=5,
            BENCH_RETRIES=8,
        )
        timer.join()
        after = survey_counts(process.env)
    return before, after, result


def judge(before: dict, after: dict, result: dict, *, allowed_statuses: set[str]) -> bool:
    outcomes = result["outcomes"]
    stored = after["responses"] - before["responses"]
    statuses = outcomes["statuses"]
    print(
        f"  {outcomes['saved']} of {PHONES} phones saved their answers; failed requests by status "
        f"(0 = connection cut): {statuses or 'none'}; forms sent again: {outcomes['retried']}"
    )
    print(
        f"  Database: {stored} responses for {PHONES} phones, {after['duplicated']} duplicated, "
        f"{after['half_stored']} half-stored, {after['totals_differ']} kept totals differing from a recount"
    )
    checks = {
        "every phone saved": outcomes["saved"] == PHONES and not outcomes["gave_up"],
        "stored exactly once": stored == PHONES and after["duplicated"] == 0,
        "nothing half-stored": after["half_stored"] == 0,
        "totals equal a recount": after["totals_differ"] == 0,
        "the fault was felt": bool(statuses),
        "only the expected failures": set(statuses) <= allowed_statuses,
        "every 503 said “your answers are still in the form”": outcomes["unclear_503"] == 0,
        "no traceback shown": outcomes["tracebacks"] == 0,
    }
    print("  " + ", ".join(f"{check} {'✓' if ok else '✗ FAILED'}" for check, ok in checks.items()))
    return all(checks.values())


def running(pid: int) -> bool:
    """Whether the process is on a CPU now (a sync worker waiting for a request sleeps)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
    except FileNotFoundError:
        return False


def drill_worker() -> bool:
    print("\nDrill 1: a gunicorn worker killed with SIGKILL mid-burst (PostgreSQL)")
    killed = []

    def kill(process):
        """Six times, a second apart, SIGKILL a worker caught running (most likely mid-request)."""
        for _ in range(6):
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                busy = [pid for pid in worker_pids(process) if running(pid)]
                if busy:
                    os.kill(busy[0], signal.SIGKILL)
                    killed.append(busy[0])
                    break
                time.sleep(0.005)
            time.sleep(1)

    before, after, result = burst_with_fault("worker", kill)
    print(f"  Killed busy workers {killed} from {FAULT_AFTER_SECONDS} s on; gunicorn started new ones")
    return judge(before, after, result, allowed_statuses={"0", "502"})


def other_clients() -> int:
    """Connections to PostgreSQL other than ours: someone else's tests, which a restart would break."""
    import psycopg2

    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND pid <> pg_backend_pid() AND datname NOT LIKE 'qiequity_drill%%'"
        )
        count = cursor.fetchone()[0]
    connection.close()
    return count


OUTAGE_SECONDS = 3


def restart_postgres(process) -> None:
    """Stop PostgreSQL, leave it down OUTAGE_SECONDS, start it: a restart on a busy server.

    A bare `restart` is down for a fraction of a second, which a quick burst can miss entirely.
    """
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    started = time.monotonic()
    subprocess.run([*cluster, "stop"], check=True)  # fast mode: cuts every connection
    time.sleep(OUTAGE_SECONDS)
    subprocess.run([*cluster, "start"], check=True)
    print(
        f"  PostgreSQL {version} stopped, left down {OUTAGE_SECONDS} s and started again: "
        f"{time.monotonic() - started:.1f} s in all"
    )


def drill_postgres() -> bool:
    print("\nDrill 2: PostgreSQL restarted mid-burst")
    for _ in range(60):  # on a shared machine, wait (a little) for others' connections to end
        if not other_clients():
            break
        time.sleep(1)
    else:
        print("  (other clients are connected to PostgreSQL: the restart will cut them off too)")
    before, after, result = burst_with_fault("postgres", restart_postgres)
    return judge(before, after, result, allowed_statuses={"0", "503"})


@contextlib.contextmanager
def small_disk(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, mode: str) -> None:
    """Make the file system read-only or writable again; "busy" until the last request let go."""
    for _ in range(50):
        result = subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], capture_output=True, text=True)
        if result.returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"could not remount {path} {mode}: {result.stderr.strip()}")


def form_of(session, url: str) -> dict:
    body = session.get(url).text
    carried = r'name="(csrfmiddlewaretoken|submission_token|participant_key)" value="([^"]*)"'
    fields = dict(re.findall(carried, body))
    for name in dict.fromkeys(re.findall(r'type="radio" name="(item_\d+)"', body)):
        fields[name] = "4"
    return fields


def send(session, url: str, data: dict) -> tuple[int, str]:
    response = session.post(url, data=data, headers={"Referer": url}, allow_redirects=False)
    return response.status_code, response.text


def drill_sqlite() -> bool:
    import requests

    print("\nDrill 3: the SQLite database's disk fills up, then turns read-only")
    checks = {}
    with tempfile.TemporaryDirectory() as tmp, small_disk(Path(tmp) / "disk") as disk:
        database = disk / "qiequity.sqlite3"
        with production_server(database_url=f"sqlite:///{database}", workers=2, log_path=f"{tmp}/log") as (
            process,
            base_url,
        ):
            url = base_url + "/j/NEW7QC/survey/before/"
            phone = requests.Session()
            data = form_of(phone, url)
            before = survey_counts(process.env)["responses"]
            connection = sqlite3.connect(database)  # an empty WAL, so the next write needs space
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
            filler = disk / "filler"
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M"], capture_output=True, check=False)
            status, body = send(phone, url, data)
            print(f"  Disk full: the phone's Send got {status}")
            checks["disk full: 503"] = status == 503 and STILL_IN_FORM in body and "Traceback" not in body
            filler.unlink()
            status, _ = send(phone, url, data)
            print(f"  Disk freed: the same form sent again got {status}")
            checks["disk back: saved"] = status == 302
            second = requests.Session()
            second_data = form_of(second, url)
            remount(disk, "ro")
            status, body = send(second, url, second_data)
            page = second.get(url).status_code
            print(f"  Read-only: another phone's Send got {status} (and the survey page {page})")
            checks["read-only: 503"] = status == 503 and STILL_IN_FORM in body and "Traceback" not in body
            remount(disk, "rw")
            status, _ = send(second, url, second_data)
            print(f"  Writable again: the same form sent again got {status}")
            checks["writable again: saved"] = status == 302
            after = survey_counts(process.env)
            stored = after["responses"] - before
            checks["two phones, two responses"] = stored == 2
            checks["totals equal a recount"] = after["totals_differ"] == 0
            print(f"  Database: {stored} responses stored for the 2 phones")
    print("  " + ", ".join(f"{check} {'✓' if ok else '✗ FAILED'}" for check, ok in checks.items()))
    return all(checks.values())


DRILLS = {"worker": drill_worker, "postgres": drill_postgres, "sqlite": drill_sqlite}


def main(names: list[str]) -> int:
    results = {name: DRILLS[name]() for name in names or list(DRILLS)}
    verdicts = [f"{name} {'passed' if ok else 'FAILED'}" for name, ok in results.items()]
    print(f"\nDrills: {', '.join(verdicts)}")
    print(f"Command: .venv/bin/python -m bench.drill {' '.join(names)}".rstrip())
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
