"""qiequity settings, all read from the environment.

The defaults run on SQLite straight after cloning. The README's "Configuration" section lists
every variable; production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and HTTPS.
"""

import datetime
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)

# The fallback is for a laptop and the test suite; `check --deploy` flags it in production.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-only-do-not-deploy-with-this"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The address participants' phones reach, used in QR codes, calendars and emails
# when there is no request to build it from (commands, cron).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "workshops",
    "evaluations",
    "commitments",
    "arrangements",
    "attendance",
    "projects",
    "reports",
    "safeguards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF, so a forged post is refused before it counts against anyone's limit.
    "safeguards.ratelimit.RateLimitMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # No-store on staff pages and a known phone's pages; needs the user, so after authentication.
    "safeguards.headers.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A request too big for any of our forms is refused unread. Nothing above reads the body
    # (the views and process_view hooks come after every middleware's __call__), and being below
    # them gives its 413 page the same security and frame headers as any other page.
    "safeguards.limits.RequestSizeMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qiequity.urls"
WSGI_APPLICATION = "qiequity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workshops.context_processors.roles",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or anything dj-database-url reads) when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A room of phones submits at once: WAL lets readers carry on during a write, and
    # IMMEDIATE transactions queue writers on the lock instead of failing with
    # "database is locked" when a read transaction tries to become a write one.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's four rules, with our words when they refuse a password (workshops/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "workshops.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "workshops.passwords.MinimumLengthValidator"},
    {"NAME": "workshops.passwords.CommonPasswordValidator"},
    {"NAME": "workshops.passwords.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshops:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

# The privacy page's data controller, lawful basis and contact (README, Configuration). The defaults
# describe a typical NHS deployment; each organisation confirms its own with its Data Protection Officer.
PRIVACY_CONTROLLER = os.environ.get(
    "PRIVACY_CONTROLLER", "the NHS organisation that runs this workshop programme"
)
PRIVACY_LAWFUL_BASIS = os.environ.get(
    "PRIVACY_LAWFUL_BASIS",
    "our public task of training NHS staff and improving that training (UK GDPR Article 6(1)(e)); for "
    "the “about you” answers on ethnic group and disability, your explicit consent, which you give by "
    "ticking to agree and can take back (Article 9(2)(a))",
)
PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "")

# Email: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qiequity <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Teams' requests for the workshop (arrangements): who hears of a new one, and how many days one
# may wait without a decision (new or in discussion) before the leads' list flags it.
PROGRAMME_CONTACT_EMAIL = os.environ.get("PROGRAMME_CONTACT_EMAIL", "")
WORKSHOP_REQUEST_STALE_DAYS = int(os.environ.get("WORKSHOP_REQUEST_STALE_DAYS", "14"))

# Uploaded session materials. Never served from a public URL: a view checks who may have each
# file and sends it as an attachment (arrangements/views.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# HTTPS: on in production. Behind a proxy that terminates TLS, set BEHIND_PROXY=true so
# Django trusts X-Forwarded-Proto, and SECURE_SSL_REDIRECT=false if the proxy redirects.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if HTTPS and not SECURE_SSL_REDIRECT:
        # The proxy in front redirects HTTP to HTTPS (README, Deploying): check --deploy's
        # warning that Django does not is then about a redirect that happens elsewhere.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# A form sent from a page whose token has changed (a tab left open across a new sign-in) gets a
# page in the site's look that says what to do, not Django's bare one.
CSRF_FAILURE_VIEW = "safeguards.views.csrf_failure"

# Content Security Policy: our own scripts only, never inline ones. Pages put data for scripts
# in <script type="application/json"> (json_script) or data- attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws checkboxes, radios and select arrows with data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling: lock a username from one address after repeated failures. Keyed on both,
# because a whole venue shares one address and one person's typos must not lock out the room.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# And per address: how many different usernames may fail to sign in from one address in a rate
# limit window (safeguards.ratelimit), forgotten once they sign in. A room of staff who mistype
# and then get it right stays far under it; a script trying username after username does not.
LOGIN_USERNAMES_PER_ADDRESS = int(os.environ.get("LOGIN_USERNAMES_PER_ADDRESS", "30"))
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same address as the rate limits use: behind our proxy, the one the proxy saw.
AXES_CLIENT_IP_CALLABLE = "safeguards.ratelimit.client_address"


def cache_from_url(url: str) -> dict:
    """A CACHES entry from CACHE_URL: redis://…, db://table, file:///folder or locmem://."""
    parts = urlsplit(url)
    # Culling would throw rate limit counters away at random: let entries expire instead.
    options = {"OPTIONS": {"MAX_ENTRIES": 100_000}}
    if parts.scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": parts.netloc, **options}
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parts.scheme == "file":  # culled its own way: see safeguards/cache.py
        return {"BACKEND": "safeguards.cache.FolderCache", "LOCATION": parts.path}
    raise ValueError(f"CACHE_URL must start with redis://, db://, file:// or locmem://, not {url!r}")


# The cache holds the rate limits' counters, so every gunicorn worker must share it. The default,
# a folder of files, is shared by the workers of one machine and needs no server or table; set
# CACHE_URL=redis://127.0.0.1:6379/0 when several machines serve the site (docs/adr/0020).
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL") or f"file://{Path(tempfile.gettempdir()) / 'qiequity-cache'}"
    )
}

# Rate limits on the participants' public forms (docs/adr/0020): per phone (its respondent key),
# and a generous limit per network address, because a whole venue shares one address.
RATE_LIMIT_WINDOW_SECONDS = int(os.environ.get("RATE_LIMIT_WINDOW_SECONDS", "600"))
RATE_LIMIT_PER_RESPONDENT = int(os.environ.get("RATE_LIMIT_PER_RESPONDENT", "30"))
RATE_LIMIT_PER_ADDRESS = int(os.environ.get("RATE_LIMIT_PER_ADDRESS", "3000"))
# Wrong workshop codes per network address and window (docs/adr/0026); right codes are free.
RATE_LIMIT_GUESSES_PER_ADDRESS = int(os.environ.get("RATE_LIMIT_GUESSES_PER_ADDRESS", "300"))
# Password reset emails asked for, in the same window: per email address typed, and per network
# address, so nobody can fill a colleague's inbox or try every address (safeguards/ratelimit.py).
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL", "3"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10"))
# Teams' requests for the workshop sent from one network address in the same window.
RATE_LIMIT_REQUESTS_PER_ADDRESS = int(os.environ.get("RATE_LIMIT_REQUESTS_PER_ADDRESS", "10"))

# The benchmarks' floor endpoint (bench/floor.py): a minimal view to compare the real submit
# with. Never on unless the benchmark asks for it.
BENCH_FLOOR_ENDPOINT = env_bool("BENCH_FLOOR_ENDPOINT", False)

# Request limits: the biggest thing anyone sends is a 5 MB import of responses.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
MAX_REQUEST_BYTES = 6 * 1024 * 1024  # files included (safeguards.limits)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
