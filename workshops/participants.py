"""Recognising a participant's phone across a cohort's pages, with no account and no name.

A participant gets a random key the first time they store something (an answer, a post-it). The
key is kept in a cookie for that cohort. Before that cookie exists, a form carries the phone's
candidate key, vouched for with a proof tied to this browser's CSRF cookie: a double tap on the
first submit names one participant, and a key copied to another browser names nobody it holds
(docs/adr/0025).
"""

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.crypto import constant_time_compare, salted_hmac

from workshops.models import Cohort, Participant, new_participant_key

COOKIE_MAX_AGE = 60 * 60 * 24 * 400  # browsers cap cookies at 400 days
PROOF_SALT = "qiequity.participants.form_key"
# A posted form key: the 32-character key, a dot, and its 32-character proof.
FORM_KEY_MAX_LENGTH = 100


def cookie_name(cohort: Cohort) -> str:
    return f"qiequity_p{cohort.pk}"


def is_participant_cookie(name: str) -> bool:
    """Whether a cookie of this name is a cohort's participant cookie (see `cookie_name`)."""
    return name.startswith("qiequity_p") and name[len("qiequity_p") :].isdigit()


def participant_from_request(request, cohort: Cohort) -> Participant | None:
    """The participant this phone already is in the cohort, or None."""
    key = request.COOKIES.get(cookie_name(cohort), "")
    if not key or len(key) > 64:
        return None
    participant = Participant.objects.filter(cohort=cohort, key=key).first()
    if participant is not None:
        participant.cohort = cohort  # known already: `remember` must not load it again
    return participant


def _proof(request, cohort: Cohort, key: str) -> str:
    """This browser's proof that the server gave it `key` for this cohort: keyed on its CSRF cookie."""
    browser = request.META.get("CSRF_COOKIE", "")
    return salted_hmac(PROOF_SALT, f"{cohort.pk}|{key}|{browser}").hexdigest()[:32]


def form_key(request, cohort: Cohort, participant: Participant | None = None) -> str:
    """What a form's hidden `participant_key` carries: this phone's key (or a fresh one) and its proof."""
    get_token(request)  # makes sure this browser has a CSRF cookie for the proof to be tied to
    participant = participant or participant_from_request(request, cohort)
    key = participant.key if participant else new_participant_key()
    return f"{key}.{_proof(request, cohort, key)}"


def vetted_key(request, cohort: Cohort, posted: str) -> str | None:
    """The key a form carried, if this browser was given it for this cohort; otherwise None.

    Two requests from one phone that both arrive before its cookie was set (a double tap on the
    very first submit) carry the same vetted key, so they name one participant rather than two.
    A key copied from someone else's page or link fails the proof, so it never opens theirs: the
    submit makes a new participant instead (docs/adr/0025).
    """
    candidate, _, proof = posted.partition(".")
    if not candidate or len(candidate) > 64 or not proof:
        return None
    return candidate if constant_time_compare(proof, _proof(request, cohort, candidate)) else None


def remember(response, participant: Participant):
    """Set the cohort's cookie on the response so the phone is recognised next time."""
    response.set_cookie(
        cookie_name(participant.cohort),
        participant.key,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
