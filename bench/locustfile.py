"""The phones of benchmarks 1 and 2, for locust in headless mode (bench/burst.py runs it).

`Phone` is one participant at the end of a session: it opens the join page, types the code, opens
the survey, thinks, and sends its answers once. One phone in ten taps Send twice at once; one in
twenty loses the answer to its first Send (the connection drops after the request went) and sends
again. `SubmitFlood` and `FloorFlood` post as fast as they can, for the ceiling.

Settings come from the environment (BENCH_*): the join code, the survey phase, the number of phones,
the submit p95 target and where to write the results. The `quitting` hook writes every step's
figures to BENCH_RESULT and sets locust's exit code to 1 when a target is missed.
"""

import http.client
import json
import os
import random
import re
import secrets
import time
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, constant, events, task

CODE = os.environ.get("BENCH_CODE", "NEW7QC")
PHASE = os.environ.get("BENCH_PHASE", "before")
PHONES = int(os.environ.get("BENCH_PHONES", "200"))
THINK_SECONDS = float(os.environ.get("BENCH_THINK_SECONDS", "10"))
SUBMIT_P95_MS = float(os.environ.get("BENCH_SUBMIT_P95_MS", "0"))  # 0: no latency target
COHORT_ID = os.environ.get("BENCH_COHORT_ID", "")
# In a fault drill (bench/drill.py) a phone whose Send fails sends the same form again, as a
# person would after the "please try again" page; a failure is then expected, and counted.
RETRIES = int(os.environ.get("BENCH_RETRIES", "0"))
# Several app servers (bench/scale_out.py): each phone is served by one, in turn, and the second
# tap of a double tap, or the resend after a dropped answer, goes to the next one.
HOSTS = [host for host in os.environ.get("BENCH_HOSTS", "").split(",") if host]
assigned = 0
STILL_IN_FORM = "your answers are still in the form"
SURVEY = f"/j/{CODE}/survey/{PHASE}/"
DOUBLE_TAP_SHARE = 0.10
DROPPED_SHARE = 0.05
STEPS = ["join page", "join by code", "survey page", "submit", "submit again (double tap)",
         "submit again (after a drop)", "submit (retry after a failure)", "thanks page",
         "ceiling: submit", "ceiling: floor"]  # fmt: skip

finished = 0
outcomes = {"saved": 0, "gave_up": 0, "retried": 0, "unclear_503": 0, "tracebacks": 0, "statuses": {}}


def hidden(body: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', body)
    return match.group(1) if match else ""


def filled_form(body: str) -> dict:
    """The form as a participant fills it: every question answered, "about you" half the time."""
    carried = ("csrfmiddlewaretoken", "submission_token", "participant_key")
    data = {name: hidden(body, name) for name in carried}
    for name in dict.fromkeys(re.findall(r'type="radio" name="(item_\d+)"', body)):
        data[name] = random.choice(re.findall(rf'name="{name}" value="(\d+)"', body))
    for name in re.findall(r'<textarea name="(item_\d+)"', body):
        data[name] = "Practical and clear. I will look at who misses out in my own service."
    if random.random() < 0.5:
        for name, options in re.findall(r'<select name="(about_\w+)"[^>]*>(.*?)</select>', body, re.S):
            data[name] = random.choice(re.findall(r'<option value="([^"]+)"', options))
        data["about_you_consent"] = "on"
    return data


def send_and_drop(base_url: str, path: str, data: dict, cookies: dict) -> None:
    """Send a POST and close the connection before the answer comes: a dropped response."""
    host = urlsplit(base_url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    body = urlencode(data)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Referer": base_url + path,
    }
    connection.request("POST", path, body=body, headers=headers)
    connection.close()


class Phone(FastHttpUser):
    """One participant's phone: join, open the survey, think, send once (or twice, or again)."""

    wait_time = constant(0)

    def on_start(self):
        global assigned
        self.base = self.other = ""  # the --host
        if HOSTS:
            self.base, self.other = HOSTS[assigned % len(HOSTS)], HOSTS[(assigned + 1) % len(HOSTS)]
            assigned += 1

    @task
    def end_of_session(self):
        global finished
        self._get("/join/", "join page")
        self._get(f"/join/?code={CODE[:3]}+{CODE[3:]}", "join by code")
        data = filled_form(self._get(SURVEY, "survey page"))
        gevent.sleep(random.uniform(1, THINK_SECONDS))
        luck = random.random()
        headers = {"Referer": self.host + SURVEY}
        if luck < DROPPED_SHARE:
            cookies = {cookie.name: cookie.value for cookie in self.client.cookiejar}
            send_and_drop(self.base or self.host, SURVEY, data, cookies)
            gevent.sleep(1)
            saved = self._submit(data, headers, "submit again (after a drop)", self.other)
        elif luck < DROPPED_SHARE + DOUBLE_TAP_SHARE:
            second = gevent.spawn(self._submit, data, headers, "submit again (double tap)", self.other)
            saved = self._submit(data, headers, "submit")
            saved = second.get() or saved
        else:
            saved = self._submit(data, headers, "submit")
        outcomes["saved" if saved else "gave_up"] += 1
        finished += 1
        if finished >= PHONES:
            gevent.spawn_later(0.5, self.environment.runner.quit)
        # This phone is done. It stays, idle, so that locust does not start another in its place.
        gevent.sleep(3600)

    @staticmethod
    def _count_failure(response) -> None:
        status, body = str(response.status_code), response.text or ""
        outcomes["statuses"][status] = outcomes["statuses"].get(status, 0) + 1
        outcomes["unclear_503"] += status == "503" and STILL_IN_FORM not in body
        outcomes["tracebacks"] += "Traceback" in body

    def _get(self, path: str, name: str) -> str:
        """A page's HTML; in a drill, loaded again (as a person would) until it comes."""
        for attempt in range(RETRIES + 1):
            if attempt:
                gevent.sleep(1 + attempt)
            with self.client.get(self.base + path, name=name, catch_response=True) as response:
                if response.status_code == 200 or not RETRIES:
                    return response.text or ""
                self._count_failure(response)
                response.success()
        return ""

    def _submit(self, data, headers, name, base=None) -> bool:
        """Send the form (again after a failure, in a drill), to `base` if given; whether it was saved."""
        for attempt in range(RETRIES + 1):
            if attempt:
                outcomes["retried"] += 1
                gevent.sleep(1 + attempt)
            step = name if not attempt else "submit (retry after a failure)"
            if self._send(data, headers, step, self.base if base is None else base):
                self._get(SURVEY + "thanks/", "thanks page")
                return True
        return False

    def _send(self, data, headers, name, base="") -> bool:
        with self.client.post(
            # Copies each time: the client changes them in place, and a double tap sends them twice.
            base + SURVEY,
            data=dict(data),
            headers=dict(headers),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            status, body = str(response.status_code), response.text or ""
            if status == "302" and "/thanks/" in response.headers.get("Location", ""):
                return True
            if status == "200" and "<title>Thank you" in body:
                # The twin of a double tap shares the phone's connection pool, and the client then
                # sometimes hands it the thanks page its redirect leads to: the same success.
                return True
            self._count_failure(response)
            if RETRIES:
                response.success()  # expected in a drill: what counts is that the retry is saved
            else:
                problem = re.search(r"error-summary.*?<li>(?:<a [^>]*>)?([^<]*)", body, re.S)
                title = re.search(r"<title>([^<]*)", body)
                said = problem.group(1) if problem else (title.group(1) if title else body[:80])
                response.failure(f"{status} instead of the thanks page: {said}")
            return False


class Flood(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        page = self.client.get(SURVEY, name="survey page")
        self.csrf = hidden(page.text, "csrfmiddlewaretoken")
        self.headers = {"Referer": self.host + SURVEY}


class SubmitFlood(Flood):
    """The real submit, each time as a new phone: a new participant, a response and its answers."""

    @task
    def submit(self):
        self.client.cookiejar.clear_expired_cookies()
        for cookie in list(self.client.cookiejar):
            if cookie.name.startswith("qiequity_p"):
                self.client.cookiejar.clear(cookie.domain, cookie.path, cookie.name)
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "submission_token": secrets.token_urlsafe(24),
            "participant_key": secrets.token_urlsafe(24),
        }
        with self.client.post(
            SURVEY, data=data, headers=self.headers, name="ceiling: submit", allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"{response.status_code}")


class FloorFlood(Flood):
    """The floor endpoint: the same stack, one insert and a redirect."""

    @task
    def floor(self):
        data = {"csrfmiddlewaretoken": self.csrf, "cohort": COHORT_ID}
        with self.client.post(
            "/bench/floor/", data=data, headers=self.headers, name="ceiling: floor", allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"{response.status_code}")


@events.quitting.add_listener
def judge(environment, **kwargs):
    """Write every step's figures, and exit with 1 when a target is missed."""
    stats = environment.stats
    steps = {}
    for name in STEPS:
        for method in ("GET", "POST"):
            entry = stats.entries.get((name, method))
            if entry and entry.num_requests:
                steps[name] = {
                    "requests": entry.num_requests,
                    "failures": entry.num_failures,
                    "rps": entry.total_rps,
                    "p50": entry.get_response_time_percentile(0.50),
                    "p95": entry.get_response_time_percentile(0.95),
                    "p99": entry.get_response_time_percentile(0.99),
                }
    submit_p95 = steps.get("submit", {}).get("p95", 0)
    missed = []
    if outcomes["gave_up"]:
        missed.append(f"{outcomes['gave_up']} phones could not save their answers")
    if stats.total.num_failures:
        missed.append(f"{stats.total.num_failures} requests failed")
    if SUBMIT_P95_MS and submit_p95 > SUBMIT_P95_MS:
        missed.append(f"submit p95 {submit_p95:.0f} ms > {SUBMIT_P95_MS:.0f} ms")
    result = {
        "steps": steps,
        "total_requests": stats.total.num_requests,
        "total_rps": stats.total.total_rps,
        "duration": time.time() - stats.start_time,
        "errors": {f"{e.method} {e.name}: {e.error}": e.occurrences for e in stats.errors.values()},
        "missed": missed,
        "phones_finished": finished,
        "outcomes": outcomes,
    }
    if os.environ.get("BENCH_RESULT"):
        with open(os.environ["BENCH_RESULT"], "w") as out:
            json.dump(result, out, indent=1)
    if missed:
        environment.process_exit_code = 1
