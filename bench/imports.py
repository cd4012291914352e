"""Benchmark 7: big and hostile imports while phones elsewhere keep submitting.

A facilitator of the demo's BLMK cohort uploads, one after another, to its "after" survey: a
valid CSV of 100,000 rows (4.6 MB, every question answered), a CSV whose header ends in 100,000
commas above 45,000 rows, a 10 KB workbook declaring every cell of the sheet (A1:XFD1048576) with
a row at the bottom, and a valid CSV of 2,000 rows (the most one import takes), which is
imported. Meanwhile phones submit the other cohort's survey, one after another, without pause.
Targets: each big file refused with the sentence naming the limit, the 2,000 rows imported, no
gunicorn worker past 250 MB at any point, and every phone's answer stored with a 302, none
waiting more than 5 s. On SQLite and PostgreSQL.

    .venv/bin/python -m bench.imports                 # both
    .venv/bin/python -m bench.imports sqlite          # or one: sqlite, postgresql
"""

import csv
import io
import json
import re
import sys
import tempfile
import threading
import time
import zipfile

from bench.load import fresh_postgres, peak_rss_mb, worker_pids
from bench.server import manage, production_server

WORKERS = 3
BUDGET_MB = 250
PHONE_WAIT_TARGET_S = 5
COHORT, PHASE = "blmk-medicines-optimisation-2022", "after"
SURVEY_URL = "/j/NEW7QC/survey/before/"
ITEMS_SCRIPT = """
import json
from evaluations.models import Survey
survey = Survey.objects.get(cohort__slug={cohort!r}, phase={phase!r})
print(json.dumps([[item.text, item.kind] for item in survey.items.all()]))
"""
ANSWER = {"agreement": "Agree", "rating": "4", "yes_no": "Yes", "free_text": "Practical and clear"}


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def far_workbook() -> bytes:
    """A workbook declaring every cell of the sheet, with one answer in its last row."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Question"
    workbook.active["A1048576"] = "Agree"
    out = io.BytesIO()
    workbook.save(out)
    rewritten = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            target.writestr(part, data)
    return rewritten.getvalue()


def files(env: dict) -> list[tuple[str, bytes, str]]:
    """(file name, contents, what the page must say) for each upload, the valid one last."""
    items = json.loads(
        manage(env, "shell", "--no-imports", "-c", ITEMS_SCRIPT.format(cohort=COHORT, phase=PHASE))
    )
    header = [text for text, _ in items]
    row = [ANSWER.get(kind, "Agree") for _, kind in items]
    too_many = "the most one import takes is 2,000"
    return [
        ("rows-100000.csv", as_csv([header] + [row] * 100_000), too_many),
        ("commas.csv", (header[0] + "," * 100_000 + "\n" + "Agree\n" * 45_000).encode(), too_many),
        ("claims-every-cell.xlsx", far_workbook(), too_many),
        ("rows-2000.csv", as_csv([header] + [row] * 2_000), "Imported 2000 responses"),
    ]


def signed_in(base_url: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(base_url + "/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    session.post(
        base_url + "/accounts/login/",
        data={"username": "facilitator", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": base_url + "/accounts/login/"},
    )
    return session


class Phones(threading.Thread):
    """Phones submitting the other cohort's survey one after another until told to stop."""

    def __init__(self, base_url: str):
        super().__init__(daemon=True)
        self.base_url, self.stop, self.waits, self.statuses = base_url, threading.Event(), [], {}

    def run(self):
        import requests

        url = self.base_url + SURVEY_URL
        while not self.stop.is_set():
            phone = requests.Session()
            body = phone.get(url).text
            data = dict(
                re.findall(
                    r'name="(csrfmiddlewaretoken|submission_token|participant_key)" value="([^"]*)"', body
                )
            )
            started = time.perf_counter()
            status = phone.post(url, data=data, headers={"Referer": url}, allow_redirects=False).status_code
            self.waits.append(time.perf_counter() - started)
            self.statuses[status] = self.statuses.get(status, 0) + 1


def run(name: str, database_url: str) -> bool:
    label = "PostgreSQL" if name == "postgresql" else "SQLite"
    print(
        f"\nBenchmark 7: big and hostile imports on {label} while phones submit elsewhere ({WORKERS} workers)"
    )
    with (
        tempfile.TemporaryDirectory() as tmp,
        production_server(
            database_url=database_url.format(tmp=tmp), workers=WORKERS, CACHE_URL=f"file://{tmp}/cache"
        ) as (process, base_url),
    ):
        uploads = files(process.env)
        staff = signed_in(base_url, process.env.get("DEMO_PASSWORD") or "qiequity-demo")
        import_url = f"{base_url}/cohorts/{COHORT}/surveys/{PHASE}/import/"
        phones = Phones(base_url)
        phones.start()
        time.sleep(2)
        checks = {}
        for file_name, content, expected in uploads:
            token = re.search(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', staff.get(import_url).text
            ).group(1)
            started = time.perf_counter()
            answer = staff.post(
                import_url,
                data={"csrfmiddlewaretoken": token},
                files={"file": (file_name, content)},
                headers={"Referer": import_url},
            )
            seconds = time.perf_counter() - started
            said = expected in answer.text
            peak = max(peak_rss_mb(pid) for pid in worker_pids(process))
            size = f"{len(content) / 1024:,.0f} KB"
            print(
                f"  {file_name} ({size}): HTTP {answer.status_code} in {seconds:.1f} s, "
                f"{'says' if said else 'does NOT say'} “{expected}”; workers' peak RSS so far {peak:.0f} MB"
            )
            checks[f"{file_name}: “{expected}”"] = answer.status_code == 200 and said
        time.sleep(2)
        phones.stop.set()
        phones.join()
        peak = max(peak_rss_mb(pid) for pid in worker_pids(process))
    slowest = max(phones.waits)
    print(
        f"  Phones meanwhile: {len(phones.waits)} submits, statuses {phones.statuses}, "
        f"the slowest answered in {slowest:.2f} s"
    )
    checks[f"every worker ≤ {BUDGET_MB} MB ({peak:.0f} MB)"] = peak <= BUDGET_MB
    checks[f"every phone stored (302), none waiting > {PHONE_WAIT_TARGET_S} s"] = (
        set(phones.statuses) == {302} and slowest <= PHONE_WAIT_TARGET_S
    )
    print("  Targets: " + ", ".join(f"{check} {'✓' if ok else '✗ MISSED'}" for check, ok in checks.items()))
    return all(checks.values())


def main(names: list[str]) -> int:
    ok = True
    for name in names or ["sqlite", "postgresql"]:
        url = (
            fresh_postgres("qiequity_bench_imports")
            if name == "postgresql"
            else "sqlite:///{tmp}/bench.sqlite3"
        )
        ok &= run(name, url)
    print(f"\nCommand: .venv/bin/python -m bench.imports {' '.join(names)}".rstrip())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
