"""The project's settings: production checks pass, SQLite is tuned for a room of phones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "qiequity.example.nhs.uk",
    "CSRF_TRUSTED_ORIGINS": "https://qiequity.example.nhs.uk",
    "HTTPS": "true",
}


def run_manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_prints_no_warnings_with_the_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_prints_no_warnings_behind_a_proxy_that_redirects_to_https():
    behind_proxy = {**PRODUCTION, "BEHIND_PROXY": "true", "SECURE_SSL_REDIRECT": "false"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=behind_proxy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_still_warns_when_nothing_redirects_to_https():
    no_redirect = {**PRODUCTION, "SECURE_SSL_REDIRECT": "false"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=no_redirect)
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_check_deploy_warns_without_them():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_sqlite_queues_writers_instead_of_failing_and_uses_wal(db):
    if connection.vendor != "sqlite":
        pytest.skip("these options are for SQLite; this run is on " + connection.vendor)
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def test_the_benchmarks_floor_endpoint_is_off_unless_the_environment_turns_it_on():
    from django.urls import Resolver404, resolve

    assert settings.BENCH_FLOOR_ENDPOINT is False
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
    off = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.BENCH_FLOOR_ENDPOINT)", env_extra={}
    )
    on = run_manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('bench_floor'))",
        env_extra={"BENCH_FLOOR_ENDPOINT": "true"},
    )
    assert off.stdout.strip().splitlines()[-1] == "False"
    assert on.stdout.strip().splitlines()[-1] == "/bench/floor/", on.stderr


@pytest.mark.parametrize(
    "url, backend",
    [
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("db://qiequity_cache", "django.core.cache.backends.db.DatabaseCache"),
        ("file:///var/cache/qiequity", "safeguards.cache.FolderCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_the_cache_comes_from_cache_url(url, backend):
    from qiequity.settings import cache_from_url

    assert cache_from_url(url)["BACKEND"] == backend


def test_by_default_the_cache_is_a_folder_every_worker_shares_with_no_server():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env_extra={},
    )
    backend = result.stdout.strip().splitlines()[-1]
    assert backend == "safeguards.cache.FolderCache", result.stderr
