"""Rate limits on the participants' public forms that never lock out a room behind one address.

Every post to a public form counts once against the phone that sent it (its respondent key) and
once against its network address. A phone gets `RATE_LIMIT_PER_RESPONDENT` posts per window,
plenty for a survey, a few post-its, their edits and every double tap; an address gets
`RATE_LIMIT_PER_ADDRESS`, enough for a whole venue behind one address, so only a script that
makes up new keys is stopped by it.

Looking a workshop up by its code (the join form, or any `/j/<code>/…` page) costs nothing when
the code is right. A wrong code is a guess, counted per address in a bucket of its own
(`RATE_LIMIT_GUESSES_PER_ADDRESS`); past it, every lookup by code from that address is paused
until the window ends, right codes included, or the pause would tell right codes from wrong.
Signed-in staff are not counted (docs/adr/0026).

The counters live in the cache, shared by every worker (settings.CACHES, docs/adr/0020). If the
cache fails, requests go through: a broken cache must not lose a room's answers.
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
    "attendance:sign_in",
    "arrangements:request_new",
}
# A team's request for the workshop: a public form nobody needs to send often, so an address may
# send only a few in a window (settings.RATE_LIMIT_REQUESTS_PER_ADDRESS), on top of PUBLIC_FORMS.
WORKSHOP_REQUESTS = {"arrangements:request_new"}
# Looking a workshop up by its code in a GET form; a wrong code counts as a guess.
JOIN_LOOKUPS = {"workshops:join", "workshops:home"}
# The staff sign-in: django-axes locks a username from an address; this caps how many different
# usernames may fail from one address (settings.LOGIN_USERNAMES_PER_ADDRESS).
SIGN_IN = "login"
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


def _key(bucket: str, value: str, now: float) -> str:
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"rate:{bucket}:{digest}:{int(now // window)}"


def _count(bucket: str, value: str, now: float) -> int:
    """Add one to the bucket's counter for the current window and return it."""
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    key = _key(bucket, value, now)
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


def is_code_lookup(request, view_name: str, view_kwargs: dict) -> bool:
    """Whether the request names a workshop by its code: a guess if the code is wrong."""
    return "code" in view_kwargs or (view_name in JOIN_LOOKUPS and "code" in request.GET)


def guessed_wrong(view_name: str, response) -> bool:
    """A code route that found nothing (404), or a join lookup that did not lead to a workshop."""
    return response.status_code == 404 or (view_name in JOIN_LOOKUPS and response.status_code != 302)


def guesses_used_up(request, *, now: float | None = None) -> bool:
    """Whether this address has already guessed wrong as often as a window allows."""
    now = time.time() if now is None else now
    try:
        guesses = cache.get(_key("guess", client_address(request), now), 0)
    except Exception:  # the cache is down: let the lookup through
        logger.exception("Rate limit cache unavailable; letting the request through")
        return False
    return guesses >= settings.RATE_LIMIT_GUESSES_PER_ADDRESS


def count_guess(request, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    try:
        _count("guess", client_address(request), now)
    except Exception:
        logger.exception("Rate limit cache unavailable; a wrong code went uncounted")


def _sign_in_keys(request, username: str, now: float) -> tuple[str, str]:
    address = client_address(request)
    return _key("signin-user", f"{address}|{username.strip().lower()[:150]}", now), _key(
        "signin", address, now
    )


def sign_ins_used_up(request, *, now: float | None = None) -> bool:
    """Whether this address has failed to sign in as too many different usernames this window."""
    now = time.time() if now is None else now
    try:
        failed = cache.get(_key("signin", client_address(request), now), 0)
    except Exception:
        logger.exception("Rate limit cache unavailable; letting the sign-in through")
        return False
    return failed >= settings.LOGIN_USERNAMES_PER_ADDRESS


def count_sign_in(request, username: str, *, succeeded: bool, now: float | None = None) -> None:
    """Count a username that failed from this address once; forget it again once it signs in.

    A room of staff who each mistype a password and then get it right add nothing; a script
    trying one username after another adds one for each.
    """
    now = time.time() if now is None else now
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    user_key, address_key = _sign_in_keys(request, username, now)
    try:
        if not succeeded and cache.add(user_key, 1, timeout=window * 2):
            _count("signin", client_address(request), now)
        elif succeeded and cache.delete(user_key):
            cache.decr(address_key)
    except ValueError:
        pass  # the address's count expired in between
    except Exception:
        logger.exception("Rate limit cache unavailable; a sign-in went uncounted")


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


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


def requests_used_up(request, *, now: float | None = None) -> bool:
    """Count this request for the workshop from its address; whether it is one too many."""
    now = time.time() if now is None else now
    try:
        return (
            _count("workshop-request", client_address(request), now)
            > settings.RATE_LIMIT_REQUESTS_PER_ADDRESS
        )
    except Exception:  # the cache is down: a team's request is worth more than the limit
        logger.exception("Rate limit cache unavailable; letting the request through")
        return False


def seconds_left(now: float | None = None) -> int:
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    now = time.time() if now is None else now
    return max(1, int(window - now % window))


class RateLimitMiddleware:
    """Counts posts to the public forms, wrong codes and reset emails, and answers 429 past a limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        looked_up = getattr(request, "qiequity_code_lookup", None)
        if looked_up is not None and guessed_wrong(looked_up, response):
            count_guess(request)
        username = getattr(request, "qiequity_sign_in", None)
        if username is not None:
            count_sign_in(request, username, succeeded=response.status_code == 302)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in PASSWORD_RESETS and request.method == "POST":
            return self.refuse_reset(request)
        if is_code_lookup(request, name, view_kwargs) and not _signed_in(request):
            if guesses_used_up(request):
                return self._paused(request, "address", guesses=True)
            request.qiequity_code_lookup = name
        if name == SIGN_IN and request.method == "POST":
            if sign_ins_used_up(request):
                return self._paused(request, "address", template="safeguards/sign_ins_paused.html")
            request.qiequity_sign_in = request.POST.get("username", "")
        if not (name in PUBLIC_FORMS and request.method == "POST"):
            return None
        if name in WORKSHOP_REQUESTS and requests_used_up(request):
            return self._paused(request, "address")
        reached = limit_reached(request, view_kwargs)
        return None if reached is None else self._paused(request, reached)

    @staticmethod
    def _paused(request, who: str, *, guesses: bool = False, template="safeguards/rate_limited.html"):
        minutes = max(1, round(seconds_left() / 60))
        context = {"who": who, "minutes": minutes, "lookup": guesses}
        response = render(request, template, context, status=429)
        response["Retry-After"] = str(seconds_left())
        return response

    def refuse_reset(self, request):
        reached = reset_limit_reached(request)
        if reached is None:
            return None
        return self._paused(request, reached, template="registration/password_reset_limited.html")
