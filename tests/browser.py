"""Helpers for the Playwright tests: log in, check a page with axe-core, and read a printed PDF."""

import re
from dataclasses import dataclass
from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now, one line each."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page):
    problems = axe_problems(page)
    assert not problems, f"axe found problems on {page.url}:\n" + "\n".join(problems)


def log_in(page, username: str, password: str = "correct horse battery"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@dataclass
class PrintedPage:
    width: int  # in points, rounded: A4 landscape is 842 × 595
    height: int
    links: list[str]  # the address of each link drawn on the page, in order


def pdf_pages(pdf: bytes) -> list[PrintedPage]:
    """The pages of a PDF that Chromium printed, in order.

    Just enough of a PDF reader for Chromium's output, which leaves its page tree and links
    uncompressed (only the drawing is compressed).
    """
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)\s*endobj", pdf, re.S)}

    def array(body: bytes, key: str) -> list[bytes]:
        found = re.search(rb"/%s\s*\[([^\]]*)\]" % key.encode(), body)
        return found.group(1).split() if found else []

    def refs(body: bytes, key: str) -> list[int]:
        return [int(n) for n in re.findall(rb"(\d+) 0 R", b" ".join(array(body, key)))]

    def pages_under(number: int) -> list[bytes]:
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            return [page for kid in refs(body, "Kids") for page in pages_under(kid)]
        return [body]

    def link(annotation: bytes) -> str:
        return re.search(rb"/URI\s*\(([^)]*)\)", annotation).group(1).decode()

    catalog = next(body for body in objects.values() if re.search(rb"/Type\s*/Catalog\b", body))
    pages = []
    for page in pages_under(int(re.search(rb"/Pages\s+(\d+) 0 R", catalog).group(1))):
        _, _, width, height = (round(float(x)) for x in array(page, "MediaBox"))
        pages.append(PrintedPage(width, height, [link(objects[n]) for n in refs(page, "Annots")]))
    return pages
