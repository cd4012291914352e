import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiequity.settings")

application = get_wsgi_application()

# The settings fall back to a key published in the repository, for a laptop and the tests; a site
# served with DEBUG off must never sign sessions and tokens with it.
if not settings.DEBUG and not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value: with DEBUG off the site will not start on the "
        "local-only key published in the repository."
    )
