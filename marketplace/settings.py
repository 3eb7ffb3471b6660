"""Settings, all read from the environment.

Defaults are safe for a developer laptop (SQLite, database search backend, console e-mail, no keys).
With DEBUG off the process refuses to start on the default secret key.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# The site's address for links that leave it (e-mails, QR codes scanned by another phone)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    # the project's own apps; marketplace.core/accounts/taxonomy are the base layer
    "marketplace.core",
    "marketplace.accounts",
    "marketplace.taxonomy",
    "marketplace.enterprises",
    "search",
    "consultants",
    "consultants.bookings",
    "catalogue",
    "matching",
    "marketplace.payments",
    "marketplace.engagements",
    "marketplace.programme",
    "marketplace.orders",
    "marketplace.vouchers",
    "marketplace.reviews",
    "marketplace.impact",
    "marketplace.facilities",
    "marketplace.airisk",
    "marketplace.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.core.middleware.VietnameseFirstLocaleMiddleware",
    # after the locale (its 400 is translated), before anything that reads input or the database
    "marketplace.core.middleware.RejectNulMiddleware",
    # an API path id that is not a number is a 404, before any view turns it into a query
    "marketplace.core.middleware.ApiPathIdMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
CSRF_FAILURE_VIEW = "marketplace.core.handlers.csrf_failure"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marketplace" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "marketplace.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if os.environ.get("DATABASE_TEST_NAME"):
    # lets several test runs share one PostgreSQL server without clobbering each other
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let concurrent writers queue instead of failing at once
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "marketplace" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["marketplace.formats"]  # unambiguous dates in both languages (see its docstring)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# `marketplace` is the project package, not an installed app, so its static folder is listed here
STATICFILES_DIRS = [BASE_DIR / "marketplace" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Every e-mail is handed to the task runner (retried with backoff), which delivers it through
# EMAIL_DELIVERY_BACKEND: the environment's EMAIL_BACKEND names the real one (SMTP, console).
EMAIL_BACKEND = "marketplace.core.mail.TaskEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@sokhcn.example.vn")

CACHES = {
    "default": (
        {"BACKEND": "marketplace.core.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Security headers; strict transport settings switch on with DEBUG off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # token first: its WWW-Authenticate header makes unauthenticated requests a proper 401
        "marketplace.core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.core.api.pagination.PageNumberPagination",
    # refuse a body that is not an object (a JSON list, a multipart body without named parts)
    "DEFAULT_PARSER_CLASSES": [
        "marketplace.core.api.parsers.JSONParser",
        "marketplace.core.api.parsers.FormParser",
        "marketplace.core.api.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "marketplace.core.api.filters.SortFilter",
    ],
    "ORDERING_PARAM": "sort",
    "DEFAULT_SCHEMA_CLASS": "marketplace.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": "20/min", "search": "120/min", "booking": "30/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SME Digital Transformation Marketplace API",
    "DESCRIPTION": (
        "Consultants, solutions, readiness assessments and recommendations. Every error has one shape, "
        "the `Error` component. A request holding a NUL character anywhere (path, query, form or JSON "
        "body, field names included) is refused with 400 `null_character`, whatever the operation. "
        "Lists take `page` and `page_size` (served at most 100) and one `sort` parameter."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]",
    "ENUM_NAME_OVERRIDES": {
        "BookingStatusEnum": "consultants.bookings.models.BookingStatus",
        "BookingPartyEnum": "consultants.bookings.models.Party",
        "EngagementStatusEnum": "marketplace.engagements.models.EngagementStatus",
        "EngagementPartyEnum": "marketplace.engagements.models.Party",
        "MilestoneStatusEnum": "marketplace.engagements.models.MilestoneStatus",
        "OrderStatusEnum": "marketplace.orders.models.OrderStatus",
        "ReviewDealKindEnum": "marketplace.reviews.models.DealKind",
        "ReviewSubjectKindEnum": "marketplace.reviews.models.SubjectKind",
        "ProviderKindEnum": "marketplace.reviews.models.SummaryKind",
        "ReviewStatusEnum": "marketplace.reviews.models.ReviewStatus",
        "DesignationStatusEnum": "marketplace.impact.models.DesignationStatus",
        "ServiceModeEnum": "consultants.models.ServiceMode",
        "FacilityKindEnum": "marketplace.facilities.models.FacilityKind",
        "FacilityBookingStatusEnum": "marketplace.facilities.models.FacilityBookingStatus",
        "AiRiskClassEnum": "marketplace.airisk.models.RiskClass",  # the AI risk classes, one name everywhere
        "AiClassificationStatusEnum": "marketplace.airisk.models.ClassificationStatus",
        "AiReviewStatusEnum": "marketplace.airisk.models.ReviewStatus",
        "TrainingEventKindEnum": "marketplace.training.models.EventKind",
        "TrainingOrganiserKindEnum": "marketplace.training.models.OrganiserKind",
        # two "status" choice sets exist since bookings: each gets its own name (the solutions one kept "StatusEnum")
        "StatusEnum": [
            "draft",
            "submitted",
            "changes_requested",
            "rejected",
            "published",
            "suspended",
            "withdrawn",
        ],
    },
    # the default enum hook, then Vietnamese examples on the main operations
    "POSTPROCESSING_HOOKS": ["marketplace.core.api.examples.add_examples"],
}

# The deploying jurisdiction is configuration: another province runs the same code by changing these.
JURISDICTION = {
    "province_code": os.environ.get("JURISDICTION_PROVINCE_CODE", "75"),
    "name": os.environ.get("JURISDICTION_NAME", "Thành phố Đồng Nai"),
    "department_name": os.environ.get(
        "JURISDICTION_DEPARTMENT", "Sở Khoa học và Công nghệ Thành phố Đồng Nai"
    ),
    "communes_file": os.environ.get("JURISDICTION_COMMUNES_FILE", "admin_units/dong_nai_communes_2026.csv"),
}
# The programme report's PDF embeds this TrueType font (regular; the bold face is the same name with
# "-Bold"): it must cover Vietnamese. Debian's fonts-dejavu-core ships it.
PROGRAMME_REPORT_FONT = os.environ.get(
    "PROGRAMME_REPORT_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
# Letters that open every certificate code the jurisdiction issues (consultants.codes): DN-2026-00042-K.
CERTIFICATE_CODE_PREFIX = os.environ.get("CERTIFICATE_CODE_PREFIX", "DN")
TAXONOMY_DATA_DIR = Path(os.environ.get("TAXONOMY_DATA_DIR", BASE_DIR / "data" / "taxonomy"))

# Search: the database backend is the embedded default; ELASTICSEARCH_URL switches to Elasticsearch.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "dxm")
SEARCH_TIMEOUT_SECONDS = float(os.environ.get("SEARCH_TIMEOUT_SECONDS", "2"))
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "120"))
# PostgreSQL work_mem for the faceted search statement only (set per transaction; "" keeps the server's)
SEARCH_DB_WORK_MEM = os.environ.get("SEARCH_DB_WORK_MEM", "32MB")
# Cache search results even with a per-process cache (LocMem): off, since several web processes could
# not share invalidations; tests and a single-process demo may turn it on.
SEARCH_CACHE_IN_PROCESS = os.environ.get("SEARCH_CACHE_IN_PROCESS", "0") == "1"
# Extra keyword arguments for the Elasticsearch client (code-level: node classes, TLS contexts).
SEARCH_ELASTICSEARCH_OPTIONS: dict = {}

# Network certification (department policy): validity of a certificate and renewal reminders.
CONSULTANT_CERTIFICATE_VALIDITY_DAYS = int(os.environ.get("CONSULTANT_CERTIFICATE_VALIDITY_DAYS", "730"))
CONSULTANT_CERTIFICATE_REMINDER_DAYS = tuple(
    int(days) for days in os.environ.get("CONSULTANT_CERTIFICATE_REMINDER_DAYS", "60,14").split(",") if days
)

# Bookings: one hour slots, requests held 48 h (never past the start), bookable 60 days ahead, at most 2
# requests of one enterprise waiting for one consultant, free cancellation up to 24 h before the start.
BOOKING_SLOT_MINUTES = int(os.environ.get("BOOKING_SLOT_MINUTES", "60"))
BOOKING_HOLD_HOURS = int(os.environ.get("BOOKING_HOLD_HOURS", "48"))
BOOKING_HORIZON_DAYS = int(os.environ.get("BOOKING_HORIZON_DAYS", "60"))
BOOKING_MAX_PENDING_PER_CONSULTANT = int(os.environ.get("BOOKING_MAX_PENDING_PER_CONSULTANT", "2"))

# Solution orders: the next period's amount is recorded this many days before it starts, so the
# enterprise sees it coming; a revenue-share instalment falls due this many days after its month.
ORDERS_RENEWAL_LEAD_DAYS = int(os.environ.get("ORDERS_RENEWAL_LEAD_DAYS", "7"))
ORDERS_REVENUE_SHARE_DUE_DAYS = int(os.environ.get("ORDERS_REVENUE_SHARE_DUE_DAYS", "15"))
BOOKING_FREE_CANCELLATION_HOURS = int(os.environ.get("BOOKING_FREE_CANCELLATION_HOURS", "24"))

# Stripe (STRIPE_API_BASE points the client at an emulator such as localstripe).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
# where the payment page loads Stripe.js from (tests: localstripe's stand-in at <base>/js.stripe.com/v3/)
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
# Bank transfers (VietQR) go to the operator's collection account, which the officers' statement
# import reads; the platform then owes the provider (ledger). Defaults are the demo's account.
PAYMENTS_BANK_BIN = os.environ.get("PAYMENTS_BANK_BIN", "970436")
PAYMENTS_BANK_ACCOUNT = os.environ.get("PAYMENTS_BANK_ACCOUNT", "0071000123456")
PAYMENTS_BANK_ACCOUNT_NAME = os.environ.get("PAYMENTS_BANK_ACCOUNT_NAME", "SO KHOA HOC VA CONG NGHE DONG NAI")

# Background work: Celery (see marketplace/celery.py for why). Without a broker every task runs
# inline in the caller (demo, tests); production sets REDIS_URL (or CELERY_BROKER_URL) and runs
# `celery -A marketplace worker` on any number of machines and exactly one `celery -A marketplace beat`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"  # inline: nothing is ever sent there
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "dxm")
CELERY_TASK_IGNORE_RESULT = True  # tasks change the database; nobody waits for a return value
# acknowledge after the work, not before: a worker that dies mid-task leaves it for another one
# (every task is idempotent for that reason); one task at a time per process keeps that fair
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# a task not acknowledged within this time is delivered again (longer than the longest task)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
SEARCH_OUTBOX_INTERVAL_SECONDS = float(os.environ.get("SEARCH_OUTBOX_INTERVAL_SECONDS", "5"))
# The one declared schedule of recurring work (run by the single `celery beat`).
CELERY_BEAT_SCHEDULE = {
    # vouchers past their last valid day release their reservations and return the rest to the call
    "vouchers-expire-due": {"task": "vouchers.expire_due", "schedule": crontab(hour=0, minute=20)},
    "certificates-maintain-daily": {
        "task": "consultants.certificates_maintain",
        "schedule": crontab(hour=1, minute=30),  # after midnight, local time: certificates end then
    },
    "recommendations-refresh-stale": {
        "task": "matching.recommendations_refresh",
        "schedule": crontab(minute="*/15"),
    },
    "search-outbox-process": {
        "task": "search.outbox_process",
        "schedule": SEARCH_OUTBOX_INTERVAL_SECONDS,
        # a run not started before the next one is due is dropped, so a stopped worker finds one
        # run waiting instead of a backlog
        "options": {"expires": SEARCH_OUTBOX_INTERVAL_SECONDS},
    },
    # a hold that ran out stops counting at once (the free-slot reads check its end); this run only
    # records the expiry and tells the SME
    "bookings-expire-holds": {"task": "bookings.expire_holds", "schedule": 60, "options": {"expires": 60}},
    "bookings-send-reminders": {
        "task": "bookings.send_reminders",
        "schedule": 300,
        "options": {"expires": 300},
    },
    "bookings-flag-uncertified": {
        "task": "bookings.flag_uncertified",
        "schedule": 600,
        "options": {"expires": 600},
    },
    # facility bookings share the booking engine's expiry and reminders (marketplace.core.timeslots)
    "facilities-expire-holds": {
        "task": "facilities.expire_holds",
        "schedule": 60,
        "options": {"expires": 60},
    },
    "facilities-send-reminders": {
        "task": "facilities.send_reminders",
        "schedule": 300,
        "options": {"expires": 300},
    },
    # silence accepts a delivered milestone; the dispute service refuses after the deadline anyway
    "engagements-auto-accept": {
        "task": "engagements.auto_accept_deliveries",
        "schedule": 900,
        "options": {"expires": 900},
    },
    "orders-renew-due": {
        "task": "orders.renew_due",
        "schedule": crontab(hour=2, minute=0),
        "options": {"expires": 3600},
    },
    # the programme aggregates follow the records (reads also apply what is pending first)
    "programme-aggregates-apply": {
        "task": "programme.aggregates_apply",
        "schedule": 10,
        "options": {"expires": 10},
    },
    # measured impact: invite after completed deals, measure new re-assessments, remind daily
    "impact-invite": {"task": "impact.invite", "schedule": 900, "options": {"expires": 900}},
    "impact-measure": {"task": "impact.measure", "schedule": 900, "options": {"expires": 900}},
    "impact-remind": {
        "task": "impact.remind",
        "schedule": crontab(hour=9, minute=0),
        "options": {"expires": 3600},
    },
}

# seed_demo runs these in order; each module exposes seed(ctx) (see marketplace/core/demo.py).
DEMO_SEEDERS = [
    "marketplace.taxonomy.demo",
    "marketplace.accounts.demo",
    "marketplace.enterprises.demo",
    "consultants.demo",
    "consultants.bookings.demo",
    "marketplace.vouchers.demo",
    "marketplace.engagements.demo",
    "catalogue.demo",
    "matching.demo",
    "marketplace.orders.demo",
    "marketplace.vouchers.demo_disburse",
    "marketplace.reviews.demo",
    "marketplace.impact.demo",
    "marketplace.facilities.demo",
    "marketplace.airisk.demo",
    "marketplace.training.demo",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Engagements: days the SME has to accept or dispute a delivered milestone before silence accepts it
ENGAGEMENT_REVIEW_DAYS = int(os.environ.get("ENGAGEMENT_REVIEW_DAYS", "7"))

# Reviews: a review can be edited this many hours after it is written, then it is fixed; a solution
# can be reviewed once in use this many days; the trend compares the last N days with the N before;
# a consultant, firm or solution whose mean falls under the threshold over at least the minimum
# number of reviews is flagged to officers (review of the certificate or the listing).
REVIEWS_EDIT_HOURS = int(os.environ.get("REVIEWS_EDIT_HOURS", "48"))
REVIEWS_SOLUTION_MIN_DAYS_IN_USE = int(os.environ.get("REVIEWS_SOLUTION_MIN_DAYS_IN_USE", "30"))
REVIEWS_TREND_DAYS = int(os.environ.get("REVIEWS_TREND_DAYS", "90"))
REVIEWS_LOW_RATING_THRESHOLD = float(os.environ.get("REVIEWS_LOW_RATING_THRESHOLD", "3.0"))
REVIEWS_LOW_RATING_MIN_COUNT = int(os.environ.get("REVIEWS_LOW_RATING_MIN_COUNT", "5"))

# Measured impact: the SME is asked to re-assess this many days after a deal completed, reminded at
# most IMPACT_REMINDERS times this many days apart; deals completed in the last IMPACT_SCAN_DAYS are
# looked at; below IMPACT_MIN_MEASURED SMEs measured a provider's impact is "too few to say".
IMPACT_REASSESS_DAYS = int(os.environ.get("IMPACT_REASSESS_DAYS", "90"))
IMPACT_REMINDERS = int(os.environ.get("IMPACT_REMINDERS", "2"))
IMPACT_REMINDER_INTERVAL_DAYS = int(os.environ.get("IMPACT_REMINDER_INTERVAL_DAYS", "14"))
IMPACT_SCAN_DAYS = int(os.environ.get("IMPACT_SCAN_DAYS", "400"))
IMPACT_MIN_MEASURED = int(os.environ.get("IMPACT_MIN_MEASURED", "5"))
