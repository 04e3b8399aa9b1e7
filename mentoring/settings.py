"""Settings for the Mentoring Up workbook.

Every value comes from the environment with a safe development default, so one module serves
development, tests and production. With DJANGO_DEBUG=0 the app refuses to start without a
DJANGO_SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "outbox",
    "djangosaml2",
    "accounts",
    "sessions_app",
    "worksheets",
    "evaluation",
    "followup",
]

MIDDLEWARE = [
    "mentoring.access_log.AccessLogMiddleware",  # one line per request, with the route's name
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is read: a cookie or an address with a control character gets a 400.
    "mentoring.middleware.BadRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML's own session cookie (SameSite=None), sent with the identity provider's POST.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "mentoring.middleware.PrivatePagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

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
                "sessions_app.context_processors.navigation",
                "accounts.sso.context_processors.sign_in_options",
            ],
        },
    },
]


def sqlite_database(name: str) -> dict:
    """How we run SQLite, whether it is named by SQLITE_PATH or by a sqlite:/// DATABASE_URL."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "CONN_MAX_AGE": 60,  # keep a thread's connection: opening one runs the PRAGMAs again
        "NAME": name,
        "OPTIONS": {
            # WAL lets readers carry on while one writer commits; IMMEDIATE takes the write lock
            # at the start of a transaction so concurrent autosaves queue (for up to `timeout`
            # seconds) instead of failing mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def database_config(url: str, sqlite_path: str) -> dict:
    """DATABASES["default"] from DATABASE_URL, or the SQLite file at sqlite_path without one."""
    if not url:
        return sqlite_database(sqlite_path)
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        sqlite = sqlite_database(config["NAME"])
        sqlite["OPTIONS"].update(config.get("OPTIONS", {}))  # the URL's own, e.g. ?timeout=60
        return sqlite
    return config


DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_config(
        DATABASE_URL, os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
    )
}

# One cache that every process shares: the guess limits and the mail limits live there
# (mentoring/throttle.py). The database cache by default (its table is made by `migrate`, see
# accounts/apps.py, or by `manage.py createcachetable`); Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "sessions_app:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Bootstrap and htmx come from the npm registry (package.json) at setup time: never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Every mail is stored and delivered by a task (outbox/): EMAIL_BACKEND queues it, and the task
# hands it to MAIL_DELIVERY_BACKEND, which speaks to the mail server (or prints to the console).
MAIL_DELIVERY_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_BACKEND = (
    "outbox.backend.QueuedEmailBackend"
    if env_bool("MAIL_THROUGH_TASKS", True)
    else MAIL_DELIVERY_BACKEND
)
if os.environ.get("EMAIL_FILE_PATH"):  # the file-based backend: one file per mail, for tests
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
MAIL_ATTEMPTS = int(os.environ.get("MAIL_ATTEMPTS", "6"))
MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))  # doubled after each try
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mentoring Up <noreply@localhost>")

SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(60 * 60 * 24 * 14)))
# Sessions are written to the database and read from the shared cache above: every request of a
# signed-in person reads its session, and the cache answers without the ORM building a query
# (a quarter of a millisecond on each autosave). A logout removes both copies, in every process.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The curriculum file that `load_curriculum` reads when no path is given.
CURRICULUM_PATH = Path(
    os.environ.get(
        "CURRICULUM_PATH", BASE_DIR / "sessions_app" / "curriculum" / "mentoring-up.yaml"
    )
)

# The survey instrument that `load_survey` reads when no path is given, and the one a cohort is
# asked (by its slug): an institution loads its own licensed instrument and names it here.
SURVEY_PATH = Path(
    os.environ.get(
        "SURVEY_PATH", BASE_DIR / "evaluation" / "instruments" / "mentoring-up-evaluation.yaml"
    )
)
SURVEY_INSTRUMENT = os.environ.get("SURVEY_INSTRUMENT", "mentoring-up-evaluation")

# Logs go to stdout; one JSON object per line in production (python-json-logger). Requests are
# logged by Django with the route's name (gunicorn's access log is off: it would show paths).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    # Paths hold secret tokens: every line names the route instead (mentoring/access_log.py).
    "filters": {"route_only": {"()": "mentoring.access_log.RouteOnlyFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["route_only"],
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; its warnings are what matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # its "logger bridge initialized" on every import
        "axes": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
        "saml2": {"level": "WARNING"},
    },
}

# Security. Behind a proxy that terminates TLS, set DJANGO_BEHIND_PROXY=1 so that Django trusts
# its X-Forwarded-Proto header.
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters.")

# No inline script anywhere; styles may be inline (progress bars), images may be data: URLs
# (Bootstrap's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Failed logins: locked per account and address together, so one office network does not lock
# out a whole cohort, and only for a cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, which holds the e-mail
# Counted under the address as stored (lower case), whatever case it was typed in.
AXES_USERNAME_CALLABLE = "accounts.lockout.username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
# Wrong join codes, invitation links and mentor links: this many per address, kind and hour.
JOIN_ATTEMPTS_PER_HOUR = int(os.environ.get("JOIN_ATTEMPTS_PER_HOUR", "30"))
# Mails one person's actions send in an hour: mentor links, invitations, password resets.
MAILS_PER_HOUR = int(os.environ.get("MAILS_PER_HOUR", "100"))
# Posts one participant may write on one board.
BOARD_POSTS_PER_PERSON = int(os.environ.get("BOARD_POSTS_PER_PERSON", "50"))
# Mentor links one participant may have working at once (withdrawn and expired ones do not count).
MENTOR_LINKS_PER_PERSON = int(os.environ.get("MENTOR_LINKS_PER_PERSON", "12"))

# The workbook PDF: page size (A4 or letter) and the most seconds one rendering may take.
PDF_PAGE_SIZE = os.environ.get("PDF_PAGE_SIZE", "A4")
PDF_TIME_LIMIT = float(os.environ.get("PDF_TIME_LIMIT", "60"))
# Processes that lay out the workbook's modules side by side (worksheets/pdf/render.py); 1 renders
# the whole workbook in one process. Two by default when there are two cores.
PDF_RENDER_PROCESSES = int(os.environ.get("PDF_RENDER_PROCESSES", min(2, os.cpu_count() or 1)))
# A render asked for after edits waits until the workbook has had no edit for this many seconds.
PDF_SETTLE_SECONDS = float(os.environ.get("PDF_SETTLE_SECONDS", "120"))
# The personal workbook prints each case study in full, as the blank one always does; off, it
# prints the case's short summary instead.
PDF_FULL_CASE_STUDIES = env_bool("PDF_FULL_CASE_STUDIES", True)

# Background tasks (Django's tasks API through the django-tasks backport; on Django 6 the same
# setting drives django.tasks). The default queue is a table in the app's own database, run by
# `manage.py db_worker` processes: no broker to install, on SQLite and PostgreSQL alike.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Single sign-on (accounts/sso/): SAML 2.0 and OpenID Connect, each off unless switched on here.
# The README's "Single sign-on" section says what to register with the identity provider.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
SSO_INSTITUTION_NAME = os.environ.get("SSO_INSTITUTION_NAME", "your institution")
# Off: participants sign in only through the institution; facilitators and staff keep a password.
SSO_PASSWORD_LOGIN = env_bool("SSO_PASSWORD_LOGIN", True)

OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_OP_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:oidc_callback"
OIDC_TIMEOUT = 10
# The issuer's signing keys are kept this long in the shared cache (fetched again for a new key).
OIDC_JWKS_CACHE_SECONDS = int(os.environ.get("OIDC_JWKS_CACHE_SECONDS", "3600"))
# Only a provider that vouches for its addresses may link a first sign-in to an account by e-mail.
OIDC_TRUST_EMAIL = env_bool("OIDC_TRUST_EMAIL", False)
OIDC_REQUIRED = [
    OIDC_OP_ISSUER,
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
    OIDC_RP_CLIENT_ID,
]
if OIDC_ENABLED and not all(OIDC_REQUIRED):
    raise ImproperlyConfigured(
        "OIDC_ENABLED needs OIDC_ISSUER, OIDC_AUTHORIZATION_ENDPOINT, OIDC_TOKEN_ENDPOINT, "
        "OIDC_USERINFO_ENDPOINT, OIDC_JWKS_ENDPOINT and OIDC_CLIENT_ID."
    )

SAML_ENABLED = env_bool("SAML_ENABLED", False)
SAML_TRUST_EMAIL = env_bool("SAML_TRUST_EMAIL", True)
SAML_ATTRIBUTES = {
    "email": os.environ.get("SAML_ATTRIBUTE_EMAIL", "mail"),
    "name": os.environ.get("SAML_ATTRIBUTE_NAME", "displayName"),
    # Empty: the persistent NameID is the stable identifier.
    "subject": os.environ.get("SAML_ATTRIBUTE_ID", "eduPersonPrincipalName"),
}
SAML2_DISCO_URL = os.environ.get("SAML_DISCOVERY_URL") or None
# djangosaml2 keeps its requests in a cookie of its own that the identity provider's cross-site POST
# must carry (SameSite=None); browsers take that only on a Secure cookie, so over plain HTTP (a
# development identity provider on the same site) it is Lax.
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"
SAML_CONFIG_LOADER = "accounts.sso.saml.config_loader"
# The redirect binding needs no script on our page (the POST binding's form would).
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_ATTRIBUTE_MAPPING = {}  # ours is SAML_ATTRIBUTES, read by accounts.sso.saml.SAMLBackend
if SAML_ENABLED:
    from accounts.sso.config import saml_config

    if not DEBUG and "SITE_URL" not in os.environ:
        raise ImproperlyConfigured("SAML_ENABLED needs SITE_URL, the address people use.")
    SAML_CONFIG = saml_config(
        site_url=SITE_URL,
        entity_id=os.environ.get("SAML_SP_ENTITY_ID", ""),
        idp_metadata_file=os.environ.get("SAML_IDP_METADATA_FILE", ""),
        idp_metadata_url=os.environ.get("SAML_IDP_METADATA_URL", ""),
        key_file=os.environ.get("SAML_SP_KEY_FILE", ""),
        cert_file=os.environ.get("SAML_SP_CERT_FILE", ""),
    )

AUTHENTICATION_BACKENDS += [
    backend
    for backend, enabled in [
        ("accounts.sso.saml.SAMLBackend", SAML_ENABLED),
        ("accounts.sso.oidc.OIDCBackend", OIDC_ENABLED),
    ]
    if enabled
]
