"""The page a participant sees when the database is out of reach, instead of a traceback."""

import gc
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

# A database that is restarting, unreachable, read-only or out of disk space raises these; an
# IntegrityError or a DataError is a bug, not an outage, and stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableResponse(HttpResponse):
    """The 503 page; once sent, it frees what the failed database call left behind.

    A connection that failed half-way open (SQLite's WAL set-up on a full disk, say) is held in a
    reference cycle with the error's traceback, and with it the database's files stay open until
    the garbage collector happens by, which an idle worker may never do.
    """

    status_code = 503

    def close(self):
        super().close()
        gc.collect()


def database_unavailable(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, says the database is out of reach."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name="500.html"):
    """handler500: a 503 "please try again" page when the database is out of reach, else the 500 page.

    Django calls this while it handles the exception, so `sys.exc_info()` names it. The page is
    rendered without the request: its context processors would ask the database who is logged in.
    """
    if database_unavailable(sys.exc_info()[1]):
        body = loader.render_to_string("safeguards/database_unavailable.html")
        return DatabaseUnavailableResponse(
            body,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
        )
    return defaults.server_error(request, template_name=template_name)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the form came from a page that has expired; say what to do, in our look.

    A facilitator meets it by pressing a button in a tab left open across a new sign-in. The way
    back is the page the form was on, when the browser said which and it is one of ours.
    """
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(request, "403_csrf.html", {"back": referer if safe else ""}, status=403)
