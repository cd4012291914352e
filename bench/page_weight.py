"""Benchmark 4: what a phone downloads for the participant's pages.

Fetches each page as a phone would (brotli or gzip accepted), then every stylesheet, script and
image the HTML asks for, and prints the bytes transferred (compressed, headers excluded) and the
number of requests. Target: at most 60 KB and 4 requests per page, with no JavaScript needed.

    .venv/bin/python -m bench.page_weight
"""

import sys
import tempfile
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

from bench.server import production_server

BUDGET_BYTES = 60 * 1024
BUDGET_REQUESTS = 4
PHONE_HEADERS = {
    "Accept-Encoding": "br, gzip",
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) Mobile",
    "Accept": "text/html,*/*",
}


class Resources(HTMLParser):
    """What a page makes the browser fetch (stylesheets, icon, scripts, images), its scripts, and
    whether it names an icon. A data: URL travels inside the HTML, so it is no fetch of its own."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0
        self.icon = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = None
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon", "preload"}:
            self.icon |= attrs["rel"] == "icon"
            url = attrs.get("href")
        elif tag == "script" and attrs.get("src"):
            self.scripts += 1
            url = attrs["src"]
        elif tag == "img":
            url = attrs.get("src")
        if url and not url.startswith("data:"):
            self.urls.append(url)


def fetch(url: str, cookies: str = "") -> tuple[int, bytes, str]:
    headers = dict(PHONE_HEADERS, Cookie=cookies) if cookies else PHONE_HEADERS
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our own server)
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            body = response.read()
            return len(body), body, response.headers.get("Content-Encoding", "identity")
    except urllib.error.HTTPError as error:  # a 404 still travels, and counts
        body = error.read()
        return len(body), body, error.headers.get("Content-Encoding", "identity")


def weigh(base_url: str, path: str, cookies: str = "") -> dict:
    """The page and everything it makes the browser fetch: (url, bytes, encoding) rows."""
    size, body, encoding = fetch(base_url + path, cookies)
    html = body
    if encoding == "br":
        import brotli

        html = brotli.decompress(body)
    elif encoding == "gzip":
        import gzip

        html = gzip.decompress(body)
    parser = Resources()
    parser.feed(html.decode())
    if not parser.icon:  # a browser asks for /favicon.ico when the page names no icon
        parser.urls.append("/favicon.ico")
    rows = [(path, size, encoding)]
    for url in parser.urls:
        resource_size, _, resource_encoding = fetch(urljoin(base_url + path, url))
        rows.append((url, resource_size, resource_encoding))
    return {"path": path, "rows": rows, "scripts": parser.scripts}


def report(pages: list[dict]) -> bool:
    ok = True
    for page in pages:
        total = sum(size for _, size, _ in page["rows"])
        requests = len(page["rows"])
        within = total <= BUDGET_BYTES and requests <= BUDGET_REQUESTS and page["scripts"] == 0
        ok &= within
        verdict = "within" if within else "OVER"
        print(
            f"\n{page['path']}: {total / 1024:.1f} KB in {requests} requests, {page['scripts']} scripts "
            f"({verdict} the budget of {BUDGET_BYTES // 1024} KB, {BUDGET_REQUESTS} requests, no JS)"
        )
        print_rows(page)
    return ok


def print_rows(page: dict) -> None:
    for url, size, encoding in page["rows"]:
        print(f"  {size / 1024:7.1f} KB  {encoding:<8}  {url}")


def participant_paths() -> list[str]:
    """The pages a participant's phone loads: the join page, the landing page, and the open survey."""
    return ["/join/", "/j/NEW7QC/", "/j/NEW7QC/survey/before/"]


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as tmp,
        production_server(database_url=f"sqlite:///{tmp}/bench.sqlite3") as (_, base_url),
    ):
        pages = [weigh(base_url, path) for path in participant_paths()]
    print("Command: .venv/bin/python -m bench.page_weight")
    return 0 if report(pages) else 1


if __name__ == "__main__":
    sys.exit(main())
