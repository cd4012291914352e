"""Helpers for the Playwright tests: log in, and check a page with axe-core."""

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
