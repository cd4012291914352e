"""Recognising a participant's phone across a cohort's pages, with no account and no name.

A participant gets a random key the first time they store something (an answer, a post-it). The
key is kept in a cookie for that cohort. Before that cookie exists, a form carries the phone's
candidate key, vouched for with a proof tied to this browser's CSRF cookie: a double tap on the
first submit names one participant, and a key copied to another browser names nobody it holds
(docs/adr/0025).
"""

from django.conf import settings
from django.db import IntegrityError
from django.middleware.csrf import get_token
from django.utils.crypto import constant_time_compare, salted_hmac

from workshops.models import Cohort, Participant

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
    return Participant.objects.filter(cohort=cohort, key=key).first()


def _proof(request, key: str) -> str:
    """This browser's proof that the server gave it `key`: keyed on its CSRF cookie's secret."""
    browser = request.META.get("CSRF_COOKIE", "")
    return salted_hmac(PROOF_SALT, f"{key}|{browser}").hexdigest()[:32]


def form_key(request, cohort: Cohort, participant: Participant | None = None) -> str:
    """What a form's hidden `participant_key` carries: this phone's key (or a fresh one) and its proof."""
    get_token(request)  # makes sure this browser has a CSRF cookie for the proof to be tied to
    participant = participant or participant_from_request(request, cohort)
    key = participant.key if participant else Participant._meta.get_field("key").default()
    return f"{key}.{_proof(request, key)}"


def participant_for_submission(request, cohort: Cohort, *, key: str = "") -> Participant:
    """This phone's participant, made now if it has none.

    `key` is what the form carried (see `form_key`). A key nobody holds yet becomes this phone's,
    so two requests from one phone that both arrive before the cookie was set (a double tap on
    the very first submit) name the same participant rather than making two. A key somebody
    already holds is accepted only with the proof this browser was given with it: a key copied
    from someone else's link or page makes a new participant instead of opening theirs.
    """
    existing = participant_from_request(request, cohort)
    if existing is not None:
        return existing
    candidate, _, proof = key.partition(".")
    if candidate and len(candidate) <= 64:
        try:
            # get_or_create inserts inside a savepoint of its own, so a refused insert leaves
            # the caller's transaction usable.
            participant, created = Participant.objects.get_or_create(cohort=cohort, key=candidate)
        except IntegrityError:
            pass  # the key belongs to another cohort: never let it open this one
        else:
            if created or constant_time_compare(proof, _proof(request, candidate)):
                return participant
    return Participant.objects.create(cohort=cohort)


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
