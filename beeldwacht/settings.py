"""The one settings module. Every value that differs between a laptop and a board's servers
comes from the environment; `.env.example` lists them all."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from beeldwacht.common import school_accounts_file
from beeldwacht.common.env import (
    env,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_secret,
    key_ring,
)
from beeldwacht.common.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY", fallback="development-only-not-secret" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The audit trail's HMAC key: outside the database, so that write access to the database is
# not enough to rewrite the trail. Keep it with the other secrets (and in the backup of them);
# losing it makes the trail unverifiable. Required unless DEBUG (checked at start).
AUDIT_KEY = env_secret("AUDIT_KEY", fallback="development-only-audit-key" if DEBUG else "")
# Where the daily anchors go: a directory only the job that writes them may write to.
AUDIT_ANCHOR_DIR = env_path("AUDIT_ANCHOR_DIR", default=BASE_DIR / "var/audit-anchors")
AUDIT_ANCHOR_EMAILS = env_list("AUDIT_ANCHOR_EMAILS", default=[])  # besides privacy contacts

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "django_tasks_db",
    "beeldwacht.common",
    "beeldwacht.accounts",
    "beeldwacht.audit",
    "beeldwacht.schools",
    "beeldwacht.people",
    "beeldwacht.protocol",
    "beeldwacht.consent",
    "beeldwacht.incidents",
    "beeldwacht.media",
    "beeldwacht.activities",
    "beeldwacht.recordings",
    "beeldwacht.takedowns",
    "beeldwacht.publications",
    "beeldwacht.portal",
    "beeldwacht.integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "beeldwacht.common.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "beeldwacht.schools.second_factor.SecondFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
if not DEBUG:  # on a laptop, runserver prints each request already
    MIDDLEWARE.insert(0, "beeldwacht.common.request_log.RequestLogMiddleware")

ROOT_URLCONF = "beeldwacht.urls"
WSGI_APPLICATION = "beeldwacht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Each server process keeps its database connection for a minute instead of opening one per
# request (benchmarks/load.py: on PostgreSQL a public image went from 73 to 238 requests a
# second); a connection the database dropped is noticed at the next request.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'beeldwacht.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Immediate transactions stop "database is locked" surprises when the web process and the
    # worker write at the same time; WAL lets readers go on while one writes.
    # A writer waits up to SQLITE_BUSY_TIMEOUT seconds for another (a long roster import
    # holds the only write lock); after that the page says so (common.views.server_error).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", default=30),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts are never self-made: staff and guardians come from the roster import. Guardians
# log in with a code mailed to the address the school has on file (no password to forget).
ACCOUNT_ADAPTER = "beeldwacht.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # never mail addresses the school does not know
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Beeldwacht: "
ACCOUNT_USER_DISPLAY = "beeldwacht.accounts.adapter.display_name"
# A second factor (an authenticator app) for management and the privacy contact
# (beeldwacht.schools.second_factor), with recovery codes for a lost phone.
MFA_ADAPTER = "beeldwacht.schools.second_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Nobody signs up: every address comes from the school's roster, so an unverified address
# record (the login library makes one at a first sign-in) may not block setting up the app.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Staff sign in with the school account (common.school_accounts_file; the file lists the board's
# Entra ID or Google Workspace). Only the login: no tokens are kept, nobody signs up, and the
# link to a staff member is made by schools.school_accounts, never by the library itself.
SCHOOL_ACCOUNTS = school_accounts_file.read(
    Path(os.environ["SCHOOL_ACCOUNTS_FILE"]) if os.environ.get("SCHOOL_ACCOUNTS_FILE") else None
)
SOCIALACCOUNT_ADAPTER = "beeldwacht.accounts.adapter.SchoolAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", default=BASE_DIR / "var/static")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = env_path("MEDIA_ROOT", default=BASE_DIR / "var/media")
PRIVATE_ROOT = env_path("PRIVATE_ROOT", default=BASE_DIR / "var/private")
WHITENOISE_USE_FINDERS = DEBUG
# The text checker's lookup data (built once per machine by `beeldwacht warm-up`).
TEXT_CHECKER_CACHE_DIR = env_path("TEXT_CHECKER_CACHE_DIR", default=BASE_DIR / "var/text-checker")
# The key that seals backups (`beeldwacht backup --new-key FILE` makes one); kept apart from
# the backups, never in the database or the repository.
BACKUP_KEY_FILE = Path(os.environ["BACKUP_KEY_FILE"]) if os.environ.get("BACKUP_KEY_FILE") else None

# Stored files (originals, renditions) are readable by Beeldwacht's own user and group only,
# not by every account on the machine.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Originals of photos and recordings are private: never under MEDIA_ROOT's public URL, only
# served through permission-checked views.
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# A board with many schools keeps originals in S3-compatible object storage instead
# (MinIO, Ceph, a Dutch cloud): PRIVATE_STORAGE=s3 and the S3_* variables. Files stay private:
# no public ACL, and they are still only served through Beeldwacht's own views.
if env("PRIVATE_STORAGE", "filesystem") == "s3":
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY", fallback="") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "location": env("S3_PREFIX", "beeldwacht"),
        },
    }
elif env("PRIVATE_STORAGE", "filesystem") != "filesystem":
    raise ImproperlyConfigured("PRIVATE_STORAGE must be 'filesystem' or 's3'.")

# Caches. `default` is shared by every process, so the login forms' rate limits neither
# multiply with the workers nor reset on a restart: Redis when REDIS_URL is set; else on
# PostgreSQL its table beeldwacht_cache (made by a migration); on SQLite files in CACHE_DIR,
# because SQLite has one write lock, which a long import holds: limits kept in that database
# could not be counted meanwhile (and the login page would say "too many attempts"). SQLite
# means one machine, whose processes all see the files. `served` holds the clearances of
# Beeldwacht's own pages, keyed by each school's consent version (publications.serving), so a
# cache per process is correct and the fastest.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    _SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(env_path("CACHE_DIR", default=BASE_DIR / "var/cache")),
    }
else:
    _SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "beeldwacht_cache",
    }
CACHES = {
    "default": _SHARED_CACHE,
    "served": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "served"},
}

# Background work: Django's task API on a database queue (django-tasks-db).
# `mail`: the login pages' mail (accounts.tasks), sent after the response; `webhooks`: the
# messages to the school's other systems (integrations.webhooks), tried again with backoff.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "webhooks"],
    }
}

# Uploads: what a school may send. Larger files get a clear Dutch refusal.
MEDIA_MAX_PHOTO_BYTES = env_int("MEDIA_MAX_PHOTO_BYTES", default=50 * 1024 * 1024)
MEDIA_MAX_VIDEO_BYTES = env_int("MEDIA_MAX_VIDEO_BYTES", default=1024 * 1024 * 1024)
MEDIA_MAX_AUDIO_BYTES = env_int("MEDIA_MAX_AUDIO_BYTES", default=200 * 1024 * 1024)
MEDIA_MAX_PIXELS = env_int("MEDIA_MAX_PIXELS", default=80_000_000)
MEDIA_ANALYSIS_LEASE_SECONDS = env_int("MEDIA_ANALYSIS_LEASE_SECONDS", default=600)
# Thorough detection adds a second model (CenterFace): about 3x slower per photo, for
# schools that publish much on public channels and want every last face found.
MEDIA_THOROUGH_DETECTION = env_bool("MEDIA_THOROUGH_DETECTION", default=False)
# Classroom recordings (recordings/): the keys of the vault ("id:base64 of 32 bytes", the
# first for new files; generate one with `openssl rand -base64 32`), how many days before
# the lesson the guardians must be told, how long a recording may be kept at most, and how
# long after the supervisor's review it is destroyed.
RECORDING_KEYS = key_ring(env_secret("RECORDING_KEYS", fallback=""), derive_from=SECRET_KEY)
RECORDING_NOTICE_DAYS = env_int("RECORDING_NOTICE_DAYS", default=2)
RECORDING_KEEP_DAYS = env_int("RECORDING_KEEP_DAYS", default=30)
# Retention (domain.retention, applied by the daily job `apply-retention`; the processing
# register states them): letters and replies in a pupil's file and in a personnel file, in
# years after the person left; consent proof, in days after the pupil left and nothing
# published shows them any more. Incident evidence is the board's choice (Board).
RETENTION_PUPIL_FILE_YEARS = env_int("RETENTION_PUPIL_FILE_YEARS", default=2)
RETENTION_PERSONNEL_FILE_YEARS = env_int("RETENTION_PERSONNEL_FILE_YEARS", default=2)
RETENTION_CONSENT_PROOF_MARGIN_DAYS = env_int("RETENTION_CONSENT_PROOF_MARGIN_DAYS", default=365)
# Photos, videos and sound never put in a publication: months after the activity.
RETENTION_UNUSED_MEDIA_MONTHS = env_int("RETENTION_UNUSED_MEDIA_MONTHS", default=12)
# The consent API (integrations.api): calls per key, per minute ("600/m"; ninja's syntax).
API_RATE_LIMIT = env("API_RATE_LIMIT", "600/m")
# Webhooks go to addresses on the internet only, never to this machine or the school's own
# network (a webhook must not become a way in); a test or a laptop may allow them.
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", default=DEBUG)
# Staff acknowledge a newly adopted protocol version within this many days; after that the
# dashboard shows them as overdue.
PROTOCOL_ACKNOWLEDGE_DAYS = env_int("PROTOCOL_ACKNOWLEDGE_DAYS", default=14)
RECORDING_REVIEW_GRACE_HOURS = env_int("RECORDING_REVIEW_GRACE_HOURS", default=24)
RECORDING_MAX_BYTES = env_int("RECORDING_MAX_BYTES", default=2 * 1024 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Django 6.1 mailers. In production: SMTP of the school board; the demo prints mail to the
# terminal; the test runner swaps in its in-memory outbox.
_EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", default=25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": env_secret("EMAIL_HOST_PASSWORD", fallback=""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", default=30),
            }
            if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "beeldwacht@localhost")

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# HTTPS only. Behind a reverse proxy that ends TLS, set BEHIND_TLS_PROXY=true: the proxy then
# says so in X-Forwarded-Proto (it must set that header itself and never pass on a client's).
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks the health endpoints over plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^gezond/$", r"^gereed/$"]
# Browsers remember for a year that this host speaks HTTPS only (and its subdomains, which
# a host of its own such as beeldwacht.school.nl does not have). Not on the preload list.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload list binds the school's whole registered domain (school.nl and every host under
# it) to HTTPS: the board's decision, not an installation's, so the check that asks for it
# is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=8 * 3600)
# Only our own files run or style a page: no inline script or style anywhere, so an injected
# <script> or style attribute does nothing. Images may be data: URIs (the QR code of the
# authenticator set-up, the empty favicon).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # The login form's school-account button leads on to the provider's sign-in page.
    "form-action": [CSP.SELF, *school_accounts_file.origins(SCHOOL_ACCOUNTS)],
    "frame-ancestors": [CSP.NONE],
}

# One JSON object per line in production (journald, Loki, ...); text on a laptop.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = logging_config(kind=LOG_FORMAT, level=env("LOG_LEVEL", "INFO"))
