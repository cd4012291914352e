"""What a fresh Python process has loaded after running some code: for "X stays off this path" tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def top_level_modules_after(code: str, *, django_setup: bool = True) -> set[str]:
    """The top-level packages loaded once `code` has run in a new process (after django.setup())."""
    setup = "import django; django.setup();" if django_setup else ""
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; {setup}{code}; print(' '.join(sys.modules))"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "qiequity.settings", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return {name.split(".")[0] for name in result.stdout.split()}
