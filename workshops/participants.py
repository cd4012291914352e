"""Recognising a participant's phone across a cohort's pages, with no account and no name.

A participant gets a random key the first time they store something (an answer, a post-it). The
key is kept in a cookie for that cohort, and can travel instead in a personal link
(`/j/<code>/me/<key>/`) for people who switch phones or block cookies.
"""

from django.conf import settings
from django.db import IntegrityError

from workshops.models import Cohort, Participant

COOKIE_MAX_AGE = 60 * 60 * 24 * 400  # browsers cap cookies at 400 days


def cookie_name(cohort: Cohort) -> str:
    return f"qiequity_p{cohort.pk}"


def participant_from_request(request, cohort: Cohort) -> Participant | None:
    """The participant this phone already is in the cohort, or None."""
    key = request.COOKIES.get(cookie_name(cohort), "")
    if not key or len(key) > 64:
        return None
    return Participant.objects.filter(cohort=cohort, key=key).first()


def participant_for_submission(request, cohort: Cohort, *, key: str = "") -> Participant:
    """This phone's participant, made now if it has none.

    `key` is the candidate key the form carried (see `candidate_key`): two requests from
    one phone that both arrive before the cookie was set (a double tap on the very first
    submit) then name the same participant rather than making two.
    """
    existing = participant_from_request(request, cohort)
    if existing is not None:
        return existing
    if key and len(key) <= 64:
        try:
            # get_or_create inserts inside a savepoint of its own, so a refused insert leaves
            # the caller's transaction usable.
            return Participant.objects.get_or_create(cohort=cohort, key=key)[0]
        except IntegrityError:
            pass  # the key belongs to another cohort: never let it open this one
    return Participant.objects.create(cohort=cohort)


def candidate_key(request, cohort: Cohort) -> str:
    """The key a form should carry: this phone's, or a fresh one to use if it submits."""
    existing = participant_from_request(request, cohort)
    return existing.key if existing else Participant._meta.get_field("key").default()


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
