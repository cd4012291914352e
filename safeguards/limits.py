"""Refuse a request too big for anything we accept before any of it is read."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


class RequestSizeMiddleware:
    """413 for a body over settings.MAX_REQUEST_BYTES, by its Content-Length, before it is read.

    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but would stream a file of any size
    to disk before the import form could say it is too big.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            body = loader.render_to_string(
                "413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}
            )
            return HttpResponse(body, status=413, headers={"Connection": "close"})
        return self.get_response(request)
