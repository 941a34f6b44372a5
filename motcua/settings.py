"""MotCua settings, read from the environment (see motcua/env.py for the readers).

Development defaults are safe and need nothing set; ``MOTCUA_ENV=production`` refuses to start
with the development secret key, with DEBUG on, or without ALLOWED_HOSTS.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua import env

BASE_DIR = Path(__file__).resolve().parent.parent

# Which kind of deployment this is: development (default), test or production.
MOTCUA_ENV = env.choice("MOTCUA_ENV", "development", ("development", "test", "production"))
_PRODUCTION = MOTCUA_ENV == "production"

_DEV_SECRET_KEY = "django-insecure-motcua-development-key-do-not-use-in-production"
# Key for signing sessions and tokens; must be set (or SECRET_KEY_FILE) in production.
SECRET_KEY = env.string("SECRET_KEY", _DEV_SECRET_KEY)
# Django's debug pages; on by default only in development.
DEBUG = env.boolean("DEBUG", MOTCUA_ENV == "development")
# Host names this deployment answers to, comma separated.
ALLOWED_HOSTS = env.string_list(
    "ALLOWED_HOSTS", [] if _PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
# Origins trusted for CSRF behind a proxy, e.g. https://motcua.haiphong.gov.vn
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
# A missing CSRF token: JSON under /api/, the usual page elsewhere.
CSRF_FAILURE_VIEW = "motcua.views.csrf_failure"

# How many proxies in front of MotCua may be trusted to tell the client's address
# (X-Forwarded-For); 0: the address is the connection's own. Throttles and lockouts count per
# client address, so a wrong number here lets anyone choose theirs.
MOTCUA_TRUSTED_PROXIES = env.integer("MOTCUA_TRUSTED_PROXIES", 0)
# An IPv6 client is counted by its network of this many bits (motcua/client.py): a subscriber
# holds a /64 at least, often a /56 (RIPE-690), and could take a new address per request.
MOTCUA_IPV6_PREFIX = env.integer("MOTCUA_IPV6_PREFIX", 64)
if not 32 <= MOTCUA_IPV6_PREFIX <= 128:
    raise ImproperlyConfigured("MOTCUA_IPV6_PREFIX is a prefix length from 32 to 128 bits.")
# How long a sign-in lasts, in seconds (8 hours: an officer's working day).
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 3600)

if _PRODUCTION:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Production needs its own SECRET_KEY (or SECRET_KEY_FILE) of at least 50 characters.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HTTPS: redirect plain HTTP, and tell browsers to use HTTPS only (HSTS) for this long.
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", False)
    if not SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS < 86400:
        raise ImproperlyConfigured(
            "Production is served over HTTPS only: keep SECURE_SSL_REDIRECT on and "
            "SECURE_HSTS_SECONDS at a day or more (behind a TLS proxy, it sends "
            "X-Forwarded-Proto: https).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "motcua",
    "units",
    "catalog",
    "workcalendar",
    "dossiers",
    "office",
    "integrations",
    "portal",
    "payments",
    "results",
    "feedback",
    "sync",
    "indicators",
    "directives",
    "reform",
    "surveys",
    "opendata",
    "assistant",
]

MIDDLEWARE = [
    "motcua.observability.RequestIdMiddleware",  # first: every later log line carries the id
    "motcua.memo.ReferenceVersionMiddleware",  # reference data changed by another process
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.middleware.VietnameseFirstMiddleware",
    # Before the session, which reads its cookie: no NUL or lone surrogate gets further.
    "motcua.middleware.StorableTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "office.second_factor.SecondFactorMiddleware",
    # Sign-in limits (django-axes): last, so it sees the outcome of every sign-in.
    "axes.middleware.AxesMiddleware",
    "motcua.middleware.FriendlyErrorsMiddleware",
    "motcua.middleware.KioskModeMiddleware",
]
# Development shows the same error pages as production (the traceback goes to the console);
# 0 brings back Django's debugging pages.
MOTCUA_FRIENDLY_ERRORS = env.boolean("MOTCUA_FRIENDLY_ERRORS", True)

# Content-Security-Policy on every page (django-csp): scripts only from MotCua's own static
# files, no inline script, no plugin, no framing; styles from our files (inline style
# attributes are allowed for the admin's widgets). QR codes are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sign-in with a password (staff pages, the admin, the API token) goes through django-axes
# first: after AXES_FAILURE_LIMIT failures for an account, or from an address, sign-in is
# refused for AXES_COOLOFF_MINUTES; an administrator lifts it in the admin ("Access attempts")
# or with `manage.py axes_reset_username NAME`. Failures are logged.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
# The first lockout lasts this long; each further one within a day doubles it, up to a day
# (motcua/signin.py, reading axes' log of failures).
MOTCUA_SIGNIN_COOLOFF_MINUTES = env.integer("AXES_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = "motcua.signin.cool_off"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "motcua.client.client_address"
AXES_LOCKOUT_CALLABLE = "motcua.views.locked_out"
# Failures and lockouts are logged as warnings; successes and start-up banners are not.
AXES_VERBOSE = False
# A second factor (TOTP, django-otp) is open to every staff account; these must have one
# ("superuser" and StaffRole roles): superusers and supervisors in production.
MOTCUA_OTP_REQUIRED_FOR = env.string_list(
    "MOTCUA_OTP_REQUIRED_FOR", ["superuser", "supervisor"] if _PRODUCTION else [])
OTP_TOTP_ISSUER = "MotCua"

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.context_processors.site",
            ],
        },
    },
]

# Database as a URL: sqlite:///path.sqlite3 (default, under var/) or
# postgres://user:password@host:5432/name. PostgreSQL 15+ in production.
DATABASE_URL = env.string("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'motcua.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica for reports (motcua/db.py, docs/scaling.md): DATABASE_REPLICA_URL.
DATABASE_REPLICA_URL = env.string("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
DATABASE_ROUTERS = ["motcua.db.ReportsRouter"]
MOTCUA_REPORTS_ON_REPLICA = env.boolean("MOTCUA_REPORTS_ON_REPLICA", bool(DATABASE_REPLICA_URL))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if MOTCUA_ENV == "test":
    # Hashing strength is irrelevant in tests and PBKDF2 would dominate their run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The browser tests' live server answers in short-lived threads: a persistent connection
    # would outlive its thread and keep the test database busy at teardown.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The router is tested against a second alias: a mirror of the test database.
    DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English is available through the language switcher.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` puts files for production serving (whitenoise serves them from there);
# outside production whitenoise serves straight from the source folders.
STATIC_ROOT = env.string("STATIC_ROOT", str(BASE_DIR / "var" / "static") if _PRODUCTION else "")
STATIC_ROOT = Path(STATIC_ROOT) if STATIC_ROOT else None
WHITENOISE_USE_FINDERS = not _PRODUCTION
# In production file names carry a content hash, so browsers may cache them for ever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if _PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Uploaded files (procedure form templates, dossier documents, the people's data stores):
# under MEDIA_ROOT, or in an S3-compatible bucket (any provider, MinIO) when MOTCUA_S3_BUCKET
# is set. Dossier documents are never public either way: views check who asks.
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
if env.string("MOTCUA_S3_BUCKET"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env.string("MOTCUA_S3_BUCKET"),
        "endpoint_url": env.string("MOTCUA_S3_ENDPOINT") or None,
        "region_name": env.string("MOTCUA_S3_REGION") or None,
        "access_key": env.string("MOTCUA_S3_ACCESS_KEY") or None,
        "secret_key": env.string("MOTCUA_S3_SECRET_KEY") or None,
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
    }}

LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:inbox"

# The cache every process shares (throttles, lockouts): Redis when REDIS_URL is set, else a
# table of the database (created by the motcua app's migration). A per-process cache would
# let each worker count on its own: production refuses one.
REDIS_URL = env.string("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": env.string("CACHE_BACKEND", "django.core.cache.backends.redis.RedisCache"
                              if REDIS_URL else "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env.string("CACHE_LOCATION", REDIS_URL or "motcua_cache"),
    }
}
if _PRODUCTION and CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in (
        "LocMemCache", "DummyCache"):
    raise ImproperlyConfigured("Production needs a cache that every process shares "
                               "(REDIS_URL, or the database cache).")

# Public tracking: a dossier code is locked for this long after this many wrong answers.
MOTCUA_TRACKING_MAX_FAILURES = env.integer("MOTCUA_TRACKING_MAX_FAILURES", 5)
MOTCUA_TRACKING_LOCK_SECONDS = env.integer("MOTCUA_TRACKING_LOCK_SECONDS", 3600)

# Background jobs: Django's tasks API with the database backend, so a job is queued in the
# same transaction as the change that needs it. Run the worker with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env.string("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "motcua.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.authentication.TokenAuthentication",  # DRF's, with the staff's roles
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per-client limits for endpoints that invite guessing (login, public tracking).
    "DEFAULT_THROTTLE_RATES": {
        "login": env.string("THROTTLE_LOGIN", "20/min"),
        "tracking": env.string("THROTTLE_TRACKING", "10/min"),
        "assistant": env.string("THROTTLE_ASSISTANT", "30/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "motcua.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "MotCua API",
    "DESCRIPTION": "One-stop administrative procedure system: units, procedure catalog, dossiers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SatisfactionLevelEnum": "feedback.models.Level",
        "PetitionKindEnum": "feedback.models.Petition.Kind",
        "RatingChannelEnum": "feedback.models.Rating.Channel",
        "ChannelEnum": "dossiers.models.Channel",
        "DirectiveKindEnum": "directives.models.Directive.Kind",
        "AppraisalDecisionEnum": "reform.models.Score.Decision",
        "UnitAssessmentStatusEnum": "reform.models.UnitAssessment.Status",
    },
}

# Default office hours of the province's units, periods separated by commas; an agency may
# set its own. Working days are Monday to Friday (DOMAIN.md §4).
MOTCUA_OFFICE_HOURS = env.string("MOTCUA_OFFICE_HOURS", "07:30-11:30,13:30-17:00")

# One-stop rules that DOMAIN.md marks "to verify" (Decree 118/2025/NĐ-CP, which replaced
# Decree 61/2018/NĐ-CP from 01/7/2025; DOMAIN.md §3 steps 5 and 6). During appraisal the unit
# may ask for a supplement at most MOTCUA_SUPPLEMENT_MAX_ROUNDS times (0: no limit), within
# MOTCUA_SUPPLEMENT_WITHIN_DAYS working days of receipt (0: no limit); a late dossier gets a
# new appointment once unless MOTCUA_REAPPOINT_ONCE is off.
MOTCUA_SUPPLEMENT_MAX_ROUNDS = env.integer("MOTCUA_SUPPLEMENT_MAX_ROUNDS", 1)
MOTCUA_SUPPLEMENT_WITHIN_DAYS = env.integer("MOTCUA_SUPPLEMENT_WITHIN_DAYS", 3)
MOTCUA_REAPPOINT_ONCE = env.boolean("MOTCUA_REAPPOINT_ONCE", True)

# How long a process may keep reference data (procedures, calendar exceptions) it has read,
# in seconds; changes made in the process itself apply at once (motcua/memo.py).
MOTCUA_REFERENCE_TTL = env.integer("MOTCUA_REFERENCE_TTL", 60)
# Outside requests (jobs, the scheduler), how often the reference version is read again.
MOTCUA_REFERENCE_RECHECK = env.integer("MOTCUA_REFERENCE_RECHECK", 1)

# Plugins at the edges (integrations/plugins.py): lists of dotted class paths, or
# (path, {options}) pairs. The demo plugins run offline and serve development and tests; they
# are on unless MOTCUA_DEMO_PLUGINS is off, and off in production unless it is on.
MOTCUA_DEMO_PLUGINS = env.boolean("MOTCUA_DEMO_PLUGINS", not _PRODUCTION)
if _PRODUCTION and MOTCUA_DEMO_PLUGINS:
    # The demo identity signs anyone in as any resident; the demo payment secret is public.
    raise ImproperlyConfigured("Production refuses the demo plugins (MOTCUA_DEMO_PLUGINS).")
# How citizens sign in. VNeID (OpenID Connect) is added when its issuer is set.
MOTCUA_IDENTITY_PROVIDERS = (
    ["integrations.identity.contrib.demo.DemoIdentity"] if MOTCUA_DEMO_PLUGINS else [])
if env.string("MOTCUA_VNEID_ISSUER"):
    MOTCUA_IDENTITY_PROVIDERS.append(("integrations.identity.contrib.oidc.OpenIDConnect", {
        "name": "vneid", "title": "VNeID", "issuer": env.string("MOTCUA_VNEID_ISSUER"),
        "client_id": env.string("MOTCUA_VNEID_CLIENT_ID"),
        "client_secret": env.string("MOTCUA_VNEID_CLIENT_SECRET"),
        "scopes": env.string("MOTCUA_VNEID_SCOPES", "openid profile"),
    }))
# National databases consulted to prefill forms and replace papers (integrations/registries).
MOTCUA_REGISTRIES = (
    ["integrations.registries.contrib.demo.DemoPopulation",
     "integrations.registries.contrib.demo.DemoBusinessRegistry"] if MOTCUA_DEMO_PLUGINS else [])

# Payment providers (payments/base.py). VietQR is added when the unit's account is set.
MOTCUA_PAYMENT_PROVIDERS = (
    [("payments.contrib.demo.DemoPayments",
      {"secret": env.string("MOTCUA_DEMO_PAYMENTS_SECRET", "demo-payments-secret")})]
    if MOTCUA_DEMO_PLUGINS else [])
if env.string("MOTCUA_VIETQR_ACCOUNT"):
    MOTCUA_PAYMENT_PROVIDERS.append(("payments.contrib.vietqr.VietQR", {
        "bank_bin": env.string("MOTCUA_VIETQR_BANK_BIN"),
        "account_number": env.string("MOTCUA_VIETQR_ACCOUNT"),
        "account_name": env.string("MOTCUA_VIETQR_ACCOUNT_NAME"),
        "secret": env.string("MOTCUA_VIETQR_SECRET"),
        "message_max": env.integer("MOTCUA_VIETQR_MESSAGE_MAX", 25),
        "statement_url": env.string("MOTCUA_VIETQR_STATEMENT_URL"),
        "statement_token": env.string("MOTCUA_VIETQR_STATEMENT_TOKEN"),
    }))
# The fee receipt's form number and series (mẫu số, ký hiệu), as registered by the province
# with the tax authority (Decree 11/2020/NĐ-CP; to verify: the values are the province's own).
MOTCUA_RECEIPT_FORM = env.string("MOTCUA_RECEIPT_FORM", "01BLP0-001")
MOTCUA_RECEIPT_SERIES = env.string("MOTCUA_RECEIPT_SERIES", "HP-26E")
# A signed notification older than this (seconds) is refused as a replay.
MOTCUA_PAYMENT_CALLBACK_MAX_AGE = env.integer("MOTCUA_PAYMENT_CALLBACK_MAX_AGE", 300)
# A payment notification larger than this is refused unread (bytes).
MOTCUA_PAYMENT_CALLBACK_MAX_BYTES = env.integer("MOTCUA_PAYMENT_CALLBACK_MAX_BYTES", 16384)
# Reconciliation asks providers about payments pending for longer than this (seconds), for
# this many days.
MOTCUA_PAYMENT_RECONCILE_AFTER = env.integer("MOTCUA_PAYMENT_RECONCILE_AFTER", 600)
MOTCUA_PAYMENT_RECONCILE_DAYS = env.integer("MOTCUA_PAYMENT_RECONCILE_DAYS", 7)

# Signing electronic results (results/signing.py). Development: `manage.py
# make_signing_certificate` writes these files; production points them at the unit's
# certificate, or sets MOTCUA_PKCS11_LIB for a token.
_SIGNING_DIR = BASE_DIR / "var" / "signing"
MOTCUA_SIGNING_KEY = env.string("MOTCUA_SIGNING_KEY", str(_SIGNING_DIR / "signer-key.pem"))
MOTCUA_SIGNING_CERT = env.string("MOTCUA_SIGNING_CERT", str(_SIGNING_DIR / "signer-cert.pem"))
MOTCUA_SIGNING_CHAIN = env.string_list("MOTCUA_SIGNING_CHAIN", [str(_SIGNING_DIR / "ca.pem")])
MOTCUA_SIGNING_PASSPHRASE = env.string("MOTCUA_SIGNING_PASSPHRASE")
MOTCUA_SIGNING_PKCS11 = ({
    "lib": env.string("MOTCUA_PKCS11_LIB"), "token_label": env.string("MOTCUA_PKCS11_TOKEN"),
    "key_label": env.string("MOTCUA_PKCS11_KEY"), "cert_label": env.string("MOTCUA_PKCS11_CERT"),
    "pin": env.string("MOTCUA_PKCS11_PIN"),
} if env.string("MOTCUA_PKCS11_LIB") else None)
MOTCUA_SIGNING_TRUST_ROOTS = env.string_list("MOTCUA_SIGNING_TRUST_ROOTS",
                                             [str(_SIGNING_DIR / "ca.pem")])
# MotCua's public address: the one place every URL it prints or sends comes from (QR codes on
# slips and results, the verification and download links, rating links in SMS and e-mail,
# the links given to the national portal). `make run` sets it from the port it serves on;
# production refuses to start without it, or with an address that is not https.
MOTCUA_PUBLIC_URL = env.string("MOTCUA_PUBLIC_URL", "" if _PRODUCTION
                               else "http://127.0.0.1:8000").rstrip("/")
if _PRODUCTION and not MOTCUA_PUBLIC_URL.startswith("https://"):
    raise ImproperlyConfigured("Production needs MOTCUA_PUBLIC_URL, MotCua's public https "
                               "address (every printed and sent link comes from it).")

# Citizens' feedback (feedback/). The rating link sent when a result is returned works once,
# for this many days.
MOTCUA_RATING_LINK_DAYS = env.integer("MOTCUA_RATING_LINK_DAYS", 30)
# The Decision 766 index's monthly pass runs on this many PostgreSQL connections at once
# (one part of the dossiers each); 1 to run it in one.
MOTCUA_766_WORKERS = env.integer("MOTCUA_766_WORKERS", 2)
# PAKN (phản ánh, kiến nghị) time limits in working days from reception, as Decision
# 766/QĐ-TTg 2022 measures them (DOMAIN.md §5): reject within 2, ask for more information
# within 5, answer within 15. To verify against the PAKN rules in force (Decree 20/2008/NĐ-CP
# as amended by Decree 92/2017/NĐ-CP); a change is a setting, not code.
MOTCUA_PAKN_REJECT_DAYS = env.integer("MOTCUA_PAKN_REJECT_DAYS", 2)
MOTCUA_PAKN_MORE_INFO_DAYS = env.integer("MOTCUA_PAKN_MORE_INFO_DAYS", 5)
MOTCUA_PAKN_ANSWER_DAYS = env.integer("MOTCUA_PAKN_ANSWER_DAYS", 15)
# An answer that is published must be within this many working days of the answer, or the
# petition no longer counts as handled on time (766 indicator 5.2, DOMAIN.md §5.1).
MOTCUA_PAKN_PUBLISH_DAYS = env.integer("MOTCUA_PAKN_PUBLISH_DAYS", 2)

# The National Public Service Portal (integrations/national, sync/). Without an address no
# portal is configured and the records wait in the outbox (`manage.py sync_national` sends
# them once it is). `make run` starts the local simulator on port 8790 and points here.
MOTCUA_DVCQG_URL = env.string("MOTCUA_DVCQG_URL", "")
MOTCUA_NATIONAL_PORTAL = [("integrations.national.contrib.dvcqg.DVCQGPortal", {
    "url": MOTCUA_DVCQG_URL, "token": env.string("MOTCUA_DVCQG_TOKEN", ""),
    "unit_code": env.string("MOTCUA_DVCQG_UNIT", "000.00.00.H26"),  # UBND TP Hải Phòng
    "timeout": env.integer("MOTCUA_DVCQG_TIMEOUT", 10),
    # Hosts besides the portal's own that its file links may point to (its file store).
    "file_hosts": env.string_list("MOTCUA_DVCQG_FILE_HOSTS"),
})] if MOTCUA_DVCQG_URL else []
# Where people file a procedure online on the national portal ({code} is the procedure's
# code): the procedure pages send them there first, MotCua's own portal second. Empty (the
# development default) offers MotCua's portal only. The address pattern is to verify against
# the portal's published links.
MOTCUA_DVCQG_FILING_URL = env.string(
    "MOTCUA_DVCQG_FILING_URL",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
    if _PRODUCTION else "")
# How dossiers filed on the national portal come in (sync/inbound.py): "pull" (the scheduler
# reads the portal's feed every MOTCUA_DVCQG_PULL_SECONDS), "push" (the portal calls
# POST /api/v1/dvcqg/events, signed with MOTCUA_DVCQG_PUSH_SECRET), or both; "" for none.
MOTCUA_DVCQG_INBOUND = env.choice("MOTCUA_DVCQG_INBOUND", "pull",
                                  ("pull", "push", "both", ""))
MOTCUA_DVCQG_PULL_SECONDS = env.integer("MOTCUA_DVCQG_PULL_SECONDS", 30)
# An event whose file the portal cannot give is tried this many times, then refused.
MOTCUA_DVCQG_INBOUND_ATTEMPTS = env.integer("MOTCUA_DVCQG_INBOUND_ATTEMPTS", 10)
# Records asked for in one page of the feed.
MOTCUA_DVCQG_PULL_PAGE = env.integer("MOTCUA_DVCQG_PULL_PAGE", 100)
# The secret the portal signs its pushes with (HMAC-SHA256, as payment notifications are);
# without it pushes are refused.
MOTCUA_DVCQG_PUSH_SECRET = env.string("MOTCUA_DVCQG_PUSH_SECRET", "")
MOTCUA_DVCQG_PUSH_MAX_BYTES = env.integer("MOTCUA_DVCQG_PUSH_MAX_BYTES", 1_000_000)
# /readyz reports not ready when the oldest job waiting for a worker is older than this.
MOTCUA_READY_BACKLOG_SECONDS = env.integer("MOTCUA_READY_BACKLOG_SECONDS", 600)
# The scheduler (manage.py scheduler, motcua/scheduler.py): each periodic job's interval in
# seconds (0 turns it off), and how often a standby scheduler checks whether the running one
# is gone.
MOTCUA_SCHEDULE_DEADLINES = env.integer("MOTCUA_SCHEDULE_DEADLINES", 300)
MOTCUA_SCHEDULE_NATIONAL_CATCH_UP = env.integer("MOTCUA_SCHEDULE_NATIONAL_CATCH_UP", 300)
MOTCUA_SCHEDULE_RECONCILE = env.integer("MOTCUA_SCHEDULE_RECONCILE", 600)
MOTCUA_SCHEDULE_766 = env.integer("MOTCUA_SCHEDULE_766", 900)
MOTCUA_SCHEDULE_PURGE_CODES = env.integer("MOTCUA_SCHEDULE_PURGE_CODES", 3600)
MOTCUA_SCHEDULE_TASKS = env.integer("MOTCUA_SCHEDULE_TASKS", 300)
MOTCUA_SCHEDULE_TASK_SCORES = env.integer("MOTCUA_SCHEDULE_TASK_SCORES", 3600)
# Rebuild the datasets MotCua publishes from its own data (opendata.sources): daily (their
# declared update frequency; a version is stored only when the data moved).
MOTCUA_SCHEDULE_OPEN_DATA = env.integer("MOTCUA_SCHEDULE_OPEN_DATA", 86400)
MOTCUA_SCHEDULER_STANDBY_SECONDS = env.integer("MOTCUA_SCHEDULER_STANDBY_SECONDS", 10)
# Retries of a record the portal could not take: after this many seconds, doubled each time,
# at most the maximum.
MOTCUA_SYNC_BACKOFF = env.integer("MOTCUA_SYNC_BACKOFF", 30)
MOTCUA_SYNC_BACKOFF_MAX = env.integer("MOTCUA_SYNC_BACKOFF_MAX", 3600)
# How long a worker's claim on a dossier's send lasts (seconds): longer than two portal calls
# (a create answered "already exists" is sent again as an update) at the plugin's timeout.
MOTCUA_SYNC_LEASE = env.integer("MOTCUA_SYNC_LEASE", 60)

# Outgoing mail: SMTP in production (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS), printed to the console in development.
EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
                           if _PRODUCTION else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "motcua@localhost")

# How people hear of their dossier (integrations/notify): e-mail through Django's mail, and
# SMS and Zalo stand-ins that write to the log in development. Failed sends are retried with
# a growing delay, at most MOTCUA_NOTIFY_ATTEMPTS times.
MOTCUA_NOTIFY_CHANNELS = ["integrations.notify.contrib.email.EmailChannel"] + (
    ["integrations.notify.contrib.console.ConsoleSMS",
     "integrations.notify.contrib.console.ConsoleZalo"] if MOTCUA_DEMO_PLUGINS else [])
MOTCUA_NOTIFY_ATTEMPTS = env.integer("MOTCUA_NOTIFY_ATTEMPTS", 5)
# One-time codes proving a phone or e-mail (integrations/notify/codes.py): valid 10 minutes,
# 5 wrong answers each, 3 codes an hour per address and 10 per client address.
MOTCUA_CODE_TTL_SECONDS = env.integer("MOTCUA_CODE_TTL_SECONDS", 600)
MOTCUA_CODE_MAX_FAILURES = env.integer("MOTCUA_CODE_MAX_FAILURES", 5)
MOTCUA_CODE_SENDS_PER_HOUR = env.integer("MOTCUA_CODE_SENDS_PER_HOUR", 3)
MOTCUA_CODE_CLIENT_SENDS_PER_HOUR = env.integer("MOTCUA_CODE_CLIENT_SENDS_PER_HOUR", 10)

# Uploaded documents: PDF, JPEG or PNG (recognised by content), at most this many bytes each.
MOTCUA_UPLOAD_MAX_BYTES = env.integer("MOTCUA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# What an uploaded PDF's streams may inflate to in all, and how many pixels an image may have
# (a 300 dpi A3 scan is about 17 million).
MOTCUA_UPLOAD_MAX_DECOMPRESSED = env.integer("MOTCUA_UPLOAD_MAX_DECOMPRESSED",
                                             100 * 1024 * 1024)
MOTCUA_UPLOAD_MAX_PIXELS = env.integer("MOTCUA_UPLOAD_MAX_PIXELS", 40_000_000)
# An antivirus scans each upload before it is kept: ClamAV's clamd when MOTCUA_CLAMD_HOST or
# MOTCUA_CLAMD_SOCKET is set (none in the demo). A file it cannot scan is refused.
MOTCUA_ANTIVIRUS = [("integrations.antivirus.contrib.clamd.ClamdScanner", {
    "host": env.string("MOTCUA_CLAMD_HOST", "127.0.0.1"),
    "port": env.integer("MOTCUA_CLAMD_PORT", 3310),
    "unix_socket": env.string("MOTCUA_CLAMD_SOCKET", ""),
})] if env.string("MOTCUA_CLAMD_HOST") or env.string("MOTCUA_CLAMD_SOCKET") else []
MOTCUA_UPLOADS_PER_DOSSIER = env.integer("MOTCUA_UPLOADS_PER_DOSSIER", 40)

# The province this deployment serves, by statistics code (31 = Hải Phòng).
MOTCUA_PROVINCE = env.integer("MOTCUA_PROVINCE", 31)

# The agency that runs the reform (PAR) index of departments and communes: opens the yearly
# assessment, assigns appraisers, publishes (DOMAIN.md §8). Empty: the province's Department of
# Home Affairs (Sở Nội vụ, department number 02 of the identifier codes).
MOTCUA_REFORM_OFFICE = env.string("MOTCUA_REFORM_OFFICE", "")

# Logs (motcua/observability.py): one JSON object per line in production, text in development;
# every line carries the request id.
MOTCUA_LOG_FORMAT = env.choice("MOTCUA_LOG_FORMAT", "json" if _PRODUCTION else "text",
                               ("json", "text"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motcua.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": ["asctime", "levelname", "name", "message", "request_id"],
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": MOTCUA_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    # bm25s logs each index build at DEBUG: the assistant says what it built itself.
    "loggers": {"django.db.backends": {"level": "INFO"}, "bm25s": {"level": "WARNING"}},
}
# Prometheus metrics at /metrics: for these networks, or with "Authorization: Bearer <token>".
MOTCUA_METRICS_TOKEN = env.string("MOTCUA_METRICS_TOKEN", "")
MOTCUA_METRICS_ALLOWED = [net.strip() for net in env.string(
    "MOTCUA_METRICS_ALLOWED", "127.0.0.1/32,::1/128").split(",") if net.strip()]
# Error reporting: Sentry when a DSN is given (pip install sentry-sdk); no personal data sent.
MOTCUA_SENTRY_DSN = env.string("MOTCUA_SENTRY_DSN", "")
MOTCUA_SENTRY_TRACES = float(env.string("MOTCUA_SENTRY_TRACES", "0"))

# Assigned tasks (directives/): reminders this many working days before a deadline.
MOTCUA_TASK_REMIND_DAYS = [int(n) for n in env.string("MOTCUA_TASK_REMIND_DAYS", "3,1")
                           .split(",") if n.strip()]
# How a unit's tasks are scored (directives/scores.py). The province's own rules decide;
# these defaults follow the usual practice and are to verify against Hải Phòng's regulation.
MOTCUA_TASK_SCORING = {
    "on_time": 100, "late_per_working_day": 5, "late_floor": 50, "overdue": 0,
    "priority": {"high": 1.5, "normal": 1.0, "low": 0.5},
    "lead": 1.0, "support": 0.3,
}
# Civil servants' monthly KPI (directives/scores.py): criteria weights, the leader's share of a
# month, the year's 70 % months and 30 % general criteria, and the bands of Decree
# 90/2020/NĐ-CP's four levels. The draft decree on KPI-based evaluation is to verify.
MOTCUA_KPI = {
    "weights": {"dossiers": 40, "tasks": 30, "supplements": 10, "ratings": 20},
    "supplement_penalty": 10,
    "measured": 0.8, "qualitative": 0.2,
    "monthly": 0.7, "general": 0.3,
    "bands": [(90, _("Excellently completed duties")), (70, _("Well completed duties")),
              (50, _("Completed duties")), (0, _("Did not complete duties"))],
}

# Open data and the shared data warehouse (opendata/).
# A count of fewer people than this is suppressed in published statistics (left empty).
MOTCUA_OPENDATA_MIN_CELL = env.integer("MOTCUA_OPENDATA_MIN_CELL", 5)
# The largest upload a department may make, in bytes, and the most rows it may hold.
MOTCUA_OPENDATA_MAX_UPLOAD = env.integer("MOTCUA_OPENDATA_MAX_UPLOAD", 20_000_000)
MOTCUA_OPENDATA_MAX_ROWS = env.integer("MOTCUA_OPENDATA_MAX_ROWS", 200_000)
# Built datasets keep the rows of this many latest versions (older versions keep their facts).
MOTCUA_OPENDATA_KEEP_VERSIONS = env.integer("MOTCUA_OPENDATA_KEEP_VERSIONS", 3)
# Rows inserted per statement when a version is stored.
MOTCUA_OPENDATA_BATCH = env.integer("MOTCUA_OPENDATA_BATCH", 2000)
# The agency code that publishes MotCua's own datasets (empty: the provincial People's
# Committee) and the contact e-mail when that agency has none.
MOTCUA_OPENDATA_PUBLISHER = env.string("MOTCUA_OPENDATA_PUBLISHER", "")
MOTCUA_OPENDATA_CONTACT_EMAIL = env.string("MOTCUA_OPENDATA_CONTACT_EMAIL",
                                           "dulieumo@haiphong.gov.vn")

# The assistant (assistant/): answers from the published catalog only.
# Below this confidence (0–1) it says it did not find the answer rather than guess.
MOTCUA_ASSISTANT_THRESHOLD = env.number("MOTCUA_ASSISTANT_THRESHOLD", 0.6, 0, 1)
# How often a process checks whether the catalog changed (seconds); a change saved in the
# process itself is seen at once.
MOTCUA_ASSISTANT_RECHECK = env.integer("MOTCUA_ASSISTANT_RECHECK", 30)
# How long the questions asked are kept (days; personal data is removed before they are kept),
# and how often the scheduler deletes older ones (seconds).
MOTCUA_ASSISTANT_KEEP_DAYS = env.integer("MOTCUA_ASSISTANT_KEEP_DAYS", 365)
MOTCUA_SCHEDULE_PURGE_QUESTIONS = env.integer("MOTCUA_SCHEDULE_PURGE_QUESTIONS", 86400)
# Threads of the embedding model per process (the web workers are processes already).
MOTCUA_ASSISTANT_THREADS = env.integer("MOTCUA_ASSISTANT_THREADS", 1)
# The hotline offered when the assistant does not know (the city's citizen hotline, to verify).
MOTCUA_ASSISTANT_HOTLINE = env.string("MOTCUA_ASSISTANT_HOTLINE", "1022")
# An optional plugin that rewords answers from the retrieved passages only (off when empty),
# e.g. assistant.phrasing.contrib.openai_compat.plugin.OpenAICompatible with its endpoint.
MOTCUA_ASSISTANT_PHRASING = env.string("MOTCUA_ASSISTANT_PHRASING", "")
MOTCUA_ASSISTANT_LLM_URL = env.string("MOTCUA_ASSISTANT_LLM_URL", "")
MOTCUA_ASSISTANT_LLM_MODEL = env.string("MOTCUA_ASSISTANT_LLM_MODEL", "")
MOTCUA_ASSISTANT_LLM_KEY = env.string("MOTCUA_ASSISTANT_LLM_KEY", "")
MOTCUA_ASSISTANT_LLM_TIMEOUT = env.integer("MOTCUA_ASSISTANT_LLM_TIMEOUT", 10)
# The Zalo Official Account: its app id and secret (the webhook's signature), the access token
# and address of its message API, the replier plugin (the offline stand-in by default), and
# how old an event may be (seconds) before it is refused as a replay.
MOTCUA_ZALO_OA_APP_ID = env.string("MOTCUA_ZALO_OA_APP_ID", "demo-oa" if MOTCUA_DEMO_PLUGINS
                                   else "")
MOTCUA_ZALO_OA_SECRET = env.string("MOTCUA_ZALO_OA_SECRET", "demo-oa-secret"
                                   if MOTCUA_DEMO_PLUGINS else "")
MOTCUA_ZALO_OA_TOKEN = env.string("MOTCUA_ZALO_OA_TOKEN", "")
MOTCUA_ZALO_OA_API = env.string("MOTCUA_ZALO_OA_API",
                                "https://openapi.zalo.me/v3.0/oa/message/cs")
MOTCUA_ZALO_REPLIER = env.string("MOTCUA_ZALO_REPLIER", "assistant.zalo.contrib.Demo"
                                 if MOTCUA_DEMO_PLUGINS else
                                 "assistant.zalo.contrib.OfficialAccount")
MOTCUA_ZALO_MAX_AGE = env.integer("MOTCUA_ZALO_MAX_AGE", 300)
