"""Settings shared by every way of running relmgmt; each value comes from the environment.

Without DATABASE_URL the embedded default is used: SQLite in WAL mode under ``var/``.
Without REDIS_URL, Celery uses kombu's filesystem transport, so no server is needed.
"""

import hashlib
import hmac
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

from relmgmt.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("RELMGMT_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-embedded-default-key-change-me-for-any-real-use")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Production settings set this; seed_demo refuses to run under them unless the deployment
# is a demo server (RELMGMT_DEMO_SERVER), whose every page then says so.
RELMGMT_PRODUCTION = False
RELMGMT_DEMO_SERVER = env_bool("RELMGMT_DEMO_SERVER", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "relmgmt.core",
    "relmgmt.accounts",
    "relmgmt.tenancy",
    "relmgmt.audit",
    "relmgmt.api",
    "relmgmt.portal",
    "relmgmt.notifications",
    "relmgmt.demo",
    "relmgmt.operator",
    "parties",
    "suppliers",
    "feedback",
    "customers",
    "corrective_actions",
    "qms",
]

MIDDLEWARE = [
    "relmgmt.core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "relmgmt.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "relmgmt.audit.middleware.AuditContextMiddleware",
    "relmgmt.audit.security.SecurityLogMiddleware",
    "relmgmt.tenancy.middleware.OrganizationMiddleware",
    "relmgmt.core.middleware.AdminScopeMiddleware",
]

# Browser features no page uses: off (relmgmt.core.middleware.PermissionsPolicyMiddleware).
RELMGMT_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

ROOT_URLCONF = "relmgmt.urls"
WSGI_APPLICATION = "relmgmt.wsgi.application"

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
                "csp.context_processors.nonce",
                "relmgmt.tenancy.context_processors.organization",
                "relmgmt.demo.context_processors.demo_server",
            ],
        },
    }
]

# Database: DATABASE_URL for PostgreSQL; otherwise SQLite (also for a sqlite:// URL) with WAL,
# a busy timeout and immediate transactions, so the web server and the worker can write side
# by side.
DATABASE_URL = env_str("DATABASE_URL", "")
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, keying every tenant table by organisation (docs/scaling.md).
        DATABASES["default"]["ENGINE"] = "relmgmt.core.db.postgresql"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS  # a SQLite file named by URL
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "relmgmt.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "relmgmt",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth): email login, no self sign-up (members join by invitation),
# failed logins throttled per address with a lockout that cools off after five minutes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "relmgmt.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# The largest request body read (files excepted): the API's documented bulk of 5,000
# deliveries, each with its text fields at their length limits, fits.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("RELMGMT_MAX_REQUEST_BYTES", 16 * 1024 * 1024)

# The secret that keys the audit trail's hashes (HMAC-SHA256, relmgmt.audit.hashing): keep it
# out of the database and its backups' reach. Without RELMGMT_AUDIT_KEY a key DERIVED FROM
# SECRET_KEY is used: a default for development and tests only (the production settings
# require the variable). Rotation: give the new key the next RELMGMT_AUDIT_KEY_VERSION and
# keep each retired one in RELMGMT_AUDIT_OLD_KEYS ("2:old-key,3:older-key", no commas in
# keys) for the events it keyed. Version 1 is plain SHA-256 (events from before keys).
RELMGMT_AUDIT_KEY = env_str("RELMGMT_AUDIT_KEY", "") or (
    hmac.new(
        SECRET_KEY.encode(),
        b"relmgmt audit key: derived default for development and tests only",
        hashlib.sha256,
    ).hexdigest()
)
RELMGMT_AUDIT_KEY_VERSION = env_int("RELMGMT_AUDIT_KEY_VERSION", 2)
RELMGMT_AUDIT_OLD_KEYS = {
    int(version): key
    for version, _, key in (item.partition(":") for item in env_list("RELMGMT_AUDIT_OLD_KEYS"))
}
if RELMGMT_AUDIT_KEY_VERSION < 2 or min(RELMGMT_AUDIT_OLD_KEYS, default=2) < 2:
    raise ImproperlyConfigured("Audit key versions start at 2 (1 is plain SHA-256).")

# Where verified heads of the audit trail's hash chains are appended (relmgmt.audit.published):
# keep it away from the database's administrators (another disk, a write-once store, a log
# shipper); a rewound or rewritten trail is caught against it.
RELMGMT_AUDIT_HEADS_FILE = env_str("RELMGMT_AUDIT_HEADS_FILE", str(VAR_DIR / "audit-heads.jsonl"))

# Days the security log (refused writes, failed authentications) is kept; older rows are
# deleted nightly.
RELMGMT_SECURITY_LOG_DAYS = env_int("RELMGMT_SECURITY_LOG_DAYS", 180)

# The last backup (manage.py backup) older than this many hours fails `manage.py status`
# (0: the status only shows it).
RELMGMT_BACKUP_MAX_AGE_HOURS = env_int("RELMGMT_BACKUP_MAX_AGE_HOURS", 26)

# Behind a TLS proxy every request comes from the proxy's address: these say how to find
# the real client's (relmgmt.accounts.clients), so that login limits count per client.
RELMGMT_TRUSTED_PROXY_COUNT = env_int("RELMGMT_TRUSTED_PROXY_COUNT", 0)
RELMGMT_CLIENT_IP_HEADER = env_str("RELMGMT_CLIENT_IP_HEADER", "")
# Failed logins count per account ("key": the address signed in with) and per client.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[relmgmt] "
ACCOUNT_CHANGE_EMAIL = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "relmgmt"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
# STARTTLS (EMAIL_USE_TLS, usually port 587) or TLS from the first byte (EMAIL_USE_SSL,
# usually port 465); neither for a plain relay (port 25). Not both.
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (TLS from the start, "
        "usually port 465), not both."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "relmgmt <no-reply@relmgmt.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["relmgmt.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Sessions are read from the cache and written to the database and the cache: a page reads
# no session row (the idle timeout still writes one on every organisation page). The
# database stays the record, so a cache emptied or restarted only costs one read. End a
# session through its store (``SessionStore(key).delete()`` or logout), never by deleting
# its row: the cache would keep it alive until it expires.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: scripts only from our origin or with the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "relmgmt.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "relmgmt.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "relmgmt.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "relmgmt API",
    "DESCRIPTION": "ISO 9001 relationship management. Every path under /api/v1/o/{org_slug}/ "
    "belongs to one organisation; a token belongs to one membership. Paths under "
    "/api/v1/portal/{org_slug}/ are the supplier portal, for the organisation's supplier "
    "portal users: their own supplier's records only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "relmgmt.api.schema.document_errors",
    ],
    # One name for a choice set used by several fields.
    "ENUM_NAME_OVERRIDES": {
        "ApprovalStatusEnum": "suppliers.models.register.ApprovalStatus",
        "SupplierRequestKindEnum": "suppliers.models.requests.RequestKind",
        "ProfileChangeKindEnum": "suppliers.models.portal.ProfileChangeKind",
        # Shared by the organisation API and the supplier portal API (/api/v1/portal/).
        "CertificateStatusEnum": "suppliers.models.certificates.CertificateStatus",
        "ProfileChangeStatusEnum": "suppliers.models.portal.ProfileChangeStatus",
        "RequestToSupplierStatusEnum": "suppliers.models.requests.RequestStatus",
        "QuestionnaireStatusEnum": "suppliers.models.questionnaires.RequestStatus",
        "QuestionnaireEventActionEnum": "suppliers.models.questionnaires.QuestionnaireEvent.Action",
        "ComplaintStateEnum": "feedback.models.complaints.State",
        "NonconformityStateEnum": "corrective_actions.models.nonconformities.NcState",
        "CorrectiveActionStateEnum": "corrective_actions.models.corrective_actions.CaState",
        "NonconformityCategoryEnum": "corrective_actions.models.common.Category",
        "ScarStateEnum": "corrective_actions.models.scars.ScarState",
        "ScarStepStatusEnum": "corrective_actions.models.scars.StepStatus",
        "ScarDisciplineEnum": "corrective_actions.models.scars.Discipline",
        "ScarReviewActionEnum": "corrective_actions.services.scars.REVIEW_CHOICES",
        "FishboneCategoryEnum": "corrective_actions.models.root_cause.FishboneCategory",
        "SupplierCategoryEnum": "suppliers.models.register.Category",
        # A party and its needs, also in the register as of a date.
        "PartyStatusEnum": "parties.models.register.Party.Status",
        "NeedStatusEnum": "parties.models.register.Need.Status",
    },
}

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The reminder engine: how often beat runs the dispatcher, and how long a claimed reminder
# stays with its sender before another dispatch may reclaim it. The lease must outlast the
# longest send task (a batch of 100 emails); the broker's visibility timeout outlasts both.
RELMGMT_DISPATCH_INTERVAL_SECONDS = env_int("RELMGMT_DISPATCH_INTERVAL_SECONDS", 60)
RELMGMT_REMINDER_LEASE_SECONDS = env_int("RELMGMT_REMINDER_LEASE_SECONDS", 600)

# The embedded default's folders are made here, when the settings are read, so every entry
# point finds them whichever runs first: manage.py (migrate, collectstatic, seed_demo,
# run_embedded), celery and gunicorn alike. Only what this configuration uses: the folder of
# the SQLite database without DATABASE_URL; the file cache and the filesystem broker's folders
# without REDIS_URL. With both set (the production shape) nothing is made here. Static files
# and uploads make their own folders when first written (collectstatic, the file storage).
EMBEDDED_DIRS = ([] if DATABASE_URL else [VAR_DIR]) + (
    []
    if REDIS_URL
    else [
        Path(CACHES["default"]["LOCATION"]),
        *(
            Path(CELERY_BROKER_TRANSPORT_OPTIONS[key])
            for key in ("data_folder_in", "processed_folder", "control_folder")
        ),
    ]
)
for _folder in EMBEDDED_DIRS:
    try:
        _folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Cannot make {_folder} for the embedded default ({exc.strerror}); set "
            "RELMGMT_VAR_DIR to a writable directory, or DATABASE_URL and REDIS_URL."
        ) from exc

# LOG_FORMAT=json: one JSON object a line, with the organisation and the request id.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT is text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "relmgmt.core.logging.LogContextFilter"}},
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {"()": "relmgmt.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The PDF library's font subsetter logs every glyph it keeps at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

INVITATION_VALID_DAYS = 7

# Suppliers' certificates: the largest file accepted, in bytes (10 MB by default).
RELMGMT_CERTIFICATE_MAX_BYTES = env_int("RELMGMT_CERTIFICATE_MAX_BYTES", 10 * 1024 * 1024)
