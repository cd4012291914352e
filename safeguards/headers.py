"""Pages that show someone's own things are never kept by a browser's cache or a proxy."""

from django.utils.cache import add_never_cache_headers

from workshops.participants import is_participant_cookie


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` on every answer to staff, and to a phone known in a cohort.

    A staff page, an export, a returning participant's survey with their answers filled in, or
    their own post-its: none may be shown again from a shared computer's cache or a proxy's. A
    view that set its own Cache-Control (the wall's feed, which answers 304) keeps it. Static
    files are served before this runs (whitenoise) and stay cached forever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        known_phone = any(is_participant_cookie(name) for name in request.COOKIES)
        if (user is not None and user.is_authenticated) or known_phone:
            add_never_cache_headers(response)
        return response
