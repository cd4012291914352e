"""The two staff roles, as Django groups. Participants never log in."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

FACILITATORS = "Facilitators"
PROGRAMME_LEADS = "Programme leads"
# Above programmes: sees every programme's cohorts and reports, pooled (docs/adr/0045).
NATIONAL_LEADS = "National leads"


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    # One query per request: cache the user's group names on the user object.
    if not hasattr(user, "_qiequity_groups"):
        user._qiequity_groups = set(user.groups.values_list("name", flat=True))
    return name in user._qiequity_groups


def is_facilitator(user) -> bool:
    return _in_group(user, FACILITATORS)


def is_programme_lead(user) -> bool:
    return _in_group(user, PROGRAMME_LEADS)


def is_national_lead(user) -> bool:
    return _in_group(user, NATIONAL_LEADS)


def sees_every_programme(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or is_national_lead(user))


def is_lead(user) -> bool:
    """Reads reports and follows commitments up: of their programmes, or of all of them."""
    return sees_every_programme(user) or is_programme_lead(user)


def is_staff_member(user) -> bool:
    return is_lead(user) or is_facilitator(user)


def _role_required(test):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _role_required(is_staff_member)
"""Facilitators, programme leads and superusers; anyone else logged in gets 403."""

facilitator_required = _role_required(lambda u: u.is_superuser or is_facilitator(u))
lead_required = _role_required(is_lead)
