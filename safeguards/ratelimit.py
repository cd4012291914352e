"""Rate limits on the participants' public forms that never lock out a room behind one address.

Every post to a public form counts once against the phone that sent it (its respondent key) and
once against its network address. A phone gets `RATE_LIMIT_PER_RESPONDENT` posts per window,
plenty for a survey, a few post-its, their edits and every double tap; an address gets
`RATE_LIMIT_PER_ADDRESS`, enough for a whole venue behind one address, so only a script that
makes up new keys is stopped by it. The counters live in the cache, shared by every worker
(settings.CACHES, docs/adr/0020). If the cache fails, posts go through: a broken cache must not
lose a room's answers.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

# The participants' forms, by URL name: what a phone posts without an account.
PUBLIC_FORMS = {
    "evaluations:survey_fill",
    "commitments:new",
    "commitments:edit",
    "commitments:withdraw",
    "commitments:participant_update",
}
# Looking a workshop up by its code is a GET form; each lookup counts against the address only.
JOIN_LOOKUPS = {"workshops:join", "workshops:home"}
# Asking for a password reset email: counted per email address typed and per network address.
PASSWORD_RESETS = {"password_reset"}
PARTICIPANT_COOKIE = re.compile(r"^qiequity_p\d+$")


def client_address(request) -> str:
    """The phone's network address: behind our proxy, the one it added to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def respondent_key(request, view_kwargs: dict) -> str:
    """What names the phone: the key its form carries, its cohort cookies, or its private link."""
    if view_kwargs.get("token"):
        return "link:" + view_kwargs["token"]
    posted = request.POST.get("participant_key", "")
    if posted:
        return "key:" + posted[:64]
    cookies = sorted(v for k, v in request.COOKIES.items() if PARTICIPANT_COOKIE.match(k))
    return "cookie:" + "|".join(cookies) if cookies else ""


def _count(bucket: str, value: str, now: float) -> int:
    """Add one to the bucket's counter for the current window and return it."""
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"rate:{bucket}:{digest}:{int(now // window)}"
    try:
        return cache.incr(key)
    except ValueError:  # the window's first post
        if cache.add(key, 1, timeout=window * 2):
            return 1
        return cache.incr(key)  # another worker's post started it a moment ago


def limit_reached(request, view_kwargs: dict, *, now: float | None = None) -> str | None:
    """Count this post; "phone" or "address" when it is one too many, else None."""
    now = time.time() if now is None else now
    key = respondent_key(request, view_kwargs)
    try:
        if key and _count("respondent", key, now) > settings.RATE_LIMIT_PER_RESPONDENT:
            return "phone"
        if _count("address", client_address(request), now) > settings.RATE_LIMIT_PER_ADDRESS:
            return "address"
    except Exception:  # the cache is down: let the answers through rather than lose them
        logger.exception("Rate limit cache unavailable; letting the request through")
    return None


def reset_limit_reached(request, *, now: float | None = None) -> str | None:
    """Count this request for a password reset email; "email" or "address" when it is one too many."""
    now = time.time() if now is None else now
    email = request.POST.get("email", "").strip().lower()[:254]
    try:
        if email and _count("reset-email", email, now) > settings.PASSWORD_RESET_LIMIT_PER_EMAIL:
            return "email"
        if _count("reset-address", client_address(request), now) > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS:
            return "address"
    except Exception:  # the cache is down: a reset email is worth more than the limit
        logger.exception("Rate limit cache unavailable; letting the request through")
    return None


def seconds_left(now: float | None = None) -> int:
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    now = time.time() if now is None else now
    return max(1, int(window - now % window))


class RateLimitMiddleware:
    """Counts posts to the public forms (code lookups, reset emails) and answers 429 past a limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in PASSWORD_RESETS and request.method == "POST":
            return self.refuse_reset(request)
        counted = (name in PUBLIC_FORMS and request.method == "POST") or (
            name in JOIN_LOOKUPS and "code" in request.GET
        )
        if not counted:
            return None
        reached = limit_reached(request, view_kwargs)
        if reached is None:
            return None
        minutes = max(1, round(seconds_left() / 60))
        context = {"who": reached, "minutes": minutes, "lookup": name in JOIN_LOOKUPS}
        response = render(request, "safeguards/rate_limited.html", context, status=429)
        response["Retry-After"] = str(seconds_left())
        return response

    def refuse_reset(self, request):
        if reset_limit_reached(request) is None:
            return None
        minutes = max(1, round(seconds_left() / 60))
        response = render(
            request, "registration/password_reset_limited.html", {"minutes": minutes}, status=429
        )
        response["Retry-After"] = str(seconds_left())
        return response
