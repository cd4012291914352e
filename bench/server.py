"""Run qiequity as production runs it (gunicorn, DEBUG off, whitenoise) for a benchmark.

    with production_server(database_url="sqlite:////tmp/bench.sqlite3") as base_url:
        ...

The database is migrated and loaded with the demo (`load_demo --force`) first; static files are
collected so whitenoise serves them compressed, as in production.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        LOG_LEVEL="ERROR",
    )
    env.update(extra)  # may name its own SECRET_KEY: app servers behind one address share one
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def free_port() -> int:
    """A free port; within BENCH_PORTS ("9100-9199") when set, for a machine shared with others."""
    low, _, high = os.environ.get("BENCH_PORTS", "").partition("-")
    for port in range(int(low), int(high) + 1) if low and high else [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def prepare(env: dict[str, str], *, demo: bool = True) -> None:
    manage(env, "migrate", "--no-input")
    if demo:
        manage(env, "load_demo", "--force")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")


@contextlib.contextmanager
def production_server(
    *,
    database_url: str,
    workers: int = 2,
    threads: int = 1,
    demo: bool = True,
    log_path: str | None = None,
    prepared: bool = False,
    **extra_env,
):
    """gunicorn serving the app; its log (errors and tracebacks) goes to log_path when given.

    `prepared`: the database is migrated and loaded already (a second app server on it).
    """
    env = production_env(database_url, **extra_env)
    if not prepared:
        prepare(env, demo=demo)
    port = free_port()
    log = open(log_path, "w") if log_path else None  # noqa: SIM115 (closed when the server stops)
    gunicorn = Path(PYTHON).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "qiequity.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stderr=log,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/join/", timeout=1)  # noqa: S310 (our own server)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        process.env = env
        yield process, base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if log:
            log.close()
