"""Settings shared by every environment; everything that varies comes from the environment (django-environ)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import environ
from django.utils.translation import gettext_lazy as _

from geo_accmr.geo import ATHENS_LATLON

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def local_secret_key(path: Path) -> str:
    """This installation's own random key, made on first use and kept in `path` (git-ignored, readable by the owner
    only), so `make run` and `make test` need no configuration and no key is ever shared between installations."""
    if not path.exists():
        spare = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        spare.write_text(secrets.token_urlsafe(50))
        spare.chmod(0o600)
        try:
            os.link(spare, path)  # atomic: when two workers start at once, the first key written wins
        except FileExistsError:
            pass
        finally:
            spare.unlink()
    return path.read_text().strip()


DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Production (production.py) requires SECRET_KEY from the environment; elsewhere this installation's own key.
SECRET_KEY = env("SECRET_KEY", default="") or local_secret_key(
    Path(env("GEO_ACCMR_SECRET_KEY_FILE", default=str(BASE_DIR / ".secret_key")))
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, so the admin sees the translated fields
    "accounts.admin_apps.CoordinatorAdminConfig",  # django.contrib.admin with accounts' coordinators-only AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "leaflet",
    "csp",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "boundaries",
    "services",
    "search",
    "ops",
    "coverage",
    "hsds",
    "corsheaders",
    "opendata",
    "accounts",
    "axes",
    "editing",
    "bulkupload",
    "freshness",
    "feedback",
    "privacy",
    "community",
    "committees",
    "emergencies",
    "referrals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ops.csp.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "geo_accmr.i18n.ApiLanguageMiddleware",  # /api/, /ogc/, /export/: ?lang= or Accept-Language
    "geo_accmr.db_router.ReplicaRoutingMiddleware",  # before anything reads: primary or read replica
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "opendata.conditional.ConditionalListMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in with the lockout page
]

# Freshness policy (freshness/policy.py): unconfirmed for this many months → "needs re-confirmation" and a
# reminder; for twice as long → hidden from search until confirmed.
FRESHNESS_MONTHS = env.int("FRESHNESS_MONTHS", default=6)
# freshness_reminders writes to an organisation again about the same services only after this many days.
FRESHNESS_REMINDER_DAYS = env.int("FRESHNESS_REMINDER_DAYS", default=7)
# Scheme and host of the site, for links in emails sent outside a request (reminders from cron).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# "Report a problem" (feedback/): reports accepted per client address per hour (counted in the default cache).
FEEDBACK_REPORTS_PER_HOUR = env.int("FEEDBACK_REPORTS_PER_HOUR", default=5)

ROOT_URLCONF = "geo_accmr.urls"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "services:home"
LOGOUT_REDIRECT_URL = "services:home"
WSGI_APPLICATION = "geo_accmr.wsgi.application"

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
                "geo_accmr.i18n.language_switch",
            ],
        },
    },
]

# Database: DATABASE_URL (postgis://...) when set, otherwise the project-local cluster of scripts/localdb.sh.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL", engine="django.contrib.gis.db.backends.postgis")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": env("GEO_ACCMR_DBNAME", default="geo_accmr"),
            "USER": "postgres",
            "HOST": env("GEO_ACCMR_PGHOST", default=str((BASE_DIR / ".pgdata").resolve())),
            "PORT": env("GEO_ACCMR_PGPORT", default="5432"),
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)
# Prepared statements for the nearest-first search (off behind a transaction-pooling pgbouncer, which cannot
# keep them).
GEO_ACCMR_PREPARED_SEARCH = env.bool("GEO_ACCMR_PREPARED_SEARCH", default=True)
if GEO_ACCMR_PREPARED_SEARCH:
    # psycopg prepares only what asks for it (`prepare=True`); a threshold of None would refuse even that, and no
    # query is executed this often on one connection, so nothing else is prepared automatically.
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31 - 1
DATABASES["default"]["TEST"] = {"NAME": env("GEO_ACCMR_TEST_DBNAME", default=None)}
# A streaming read replica (postgis://…; a Unix socket folder percent-encoded as the host): read-only search, map,
# coverage and open-data requests read from it; the rules are geo_accmr/db_router.py. `scripts/localdb.sh replica`
# starts one beside the local cluster.
if env("DATABASE_REPLICA_URL", default=""):
    _replica = env.db("DATABASE_REPLICA_URL", engine="django.contrib.gis.db.backends.postgis")
    DATABASES["replica"] = {
        **_replica,
        "HOST": unquote(_replica["HOST"]),  # libpq's form of a socket folder: postgis://user@%2Fpath%2Fto:5433/db
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            **DATABASES["default"]["OPTIONS"],
            "connect_timeout": env.int("DB_REPLICA_CONNECT_TIMEOUT", default=2),
        },
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["geo_accmr.db_router.ReplicaRouter"]
DATABASE_REPLICA_STICKY_SECONDS = env.int("DATABASE_REPLICA_STICKY_SECONDS", default=10)  # read-your-writes
DATABASE_REPLICA_RETRY_SECONDS = env.int("DATABASE_REPLICA_RETRY_SECONDS", default=5)  # after a failed connection

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Greek first.
LANGUAGE_CODE = "el"
LANGUAGES = [("el", _("Greek")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Athens"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "el"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("el", "en")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Silence gis.W001 (GDAL older than 3.9): Debian 12 ships GDAL 3.6, which does everything we use.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "opendata.schema.AutoSchema",  # component names unique per view
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "geo_accmr.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["ops.throttling.ApiRateThrottle"],
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=None),
}
# Requests per client address to the JSON APIs; 429 with Retry-After beyond it. Counted in the default cache:
# per worker process unless REDIS_URL gives a shared one.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/min")
if env("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered fragments fixed at deploy for a language (base.html's navigation and footer, leaflet's tags): per worker
# process, never shared (a hit must cost less than rendering them).
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
SPECTACULAR_SETTINGS = {
    "TITLE": "geo_accmr API",
    "DESCRIPTION": "Services for migrants and refugees: search, map, coverage, geocoding.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "opendata.schema.postprocess"],
    # GeoJSON's `type` constants under the names drf-spectacular's rest_framework_gis extension adds when it loads:
    # set from the start, the enum names no longer depend on which document a process generated first
    "ENUM_NAME_OVERRIDES": {"GisFeatureEnum": ("Feature",), "GisFeatureCollectionEnum": ("FeatureCollection",)},
}

# Open data (opendata/): any web page may read the public, read-only GET endpoints (no cookies are sent).
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|ogc|export|hsds)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Disposition"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Map defaults reach the pages through LEAFLET_CONFIG; tiles can be switched off (tests, offline).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
DATA_ATTRIBUTION = (  # boundaries/data/ATTRIBUTION.md: every source asks to be credited where its data is shown
    "Boundaries: City of Athens via Athens GIS Repository (CC BY 4.0); Inside Airbnb (CC BY 4.0); "
    "Ministry of Interior / geodata.gov.gr (CC BY 3.0); English names: Wikipedia (CC BY-SA 4.0); "
    "population: ELSTAT Census 2021; hospitals: © OpenStreetMap contributors (ODbL)"
)
# The admin's address (a less guessable one keeps scanners away): `ADMIN_URL=backoffice-x7/`.
ADMIN_URL = env("ADMIN_URL", default="admin/").strip("/") + "/"

# Content Security Policy (django-csp): scripts only from our own files, never inline; the admin's Leaflet widgets
# are the one exception (ops.csp). Tiles are the only third-party content.
_TILE_ORIGIN = "/".join(MAP_TILE_URL.split("/")[:3]).replace("{s}", "*") if MAP_TILE_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Leaflet, Swagger UI and the QR code's SVG set style attributes; styles cannot run code
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LEAFLET_CONFIG: dict[str, Any] = {
    "DEFAULT_CENTER": ATHENS_LATLON,
    "DEFAULT_ZOOM": 13,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 19,
    "TILES": [("OpenStreetMap", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION, "maxZoom": 19})]
    if MAP_TILE_URL
    else [],
    "ATTRIBUTION_PREFIX": DATA_ATTRIBUTION,
    "RESET_VIEW": False,
}

# Reference data and geocoding.
# The reference data committed with the code (boundaries/data/README.md); an operator may point elsewhere.
GEO_ACCMR_DATA_DIR = Path(env("GEO_ACCMR_DATA_DIR", default=str(BASE_DIR / "boundaries" / "data")))
GEOCODER = {
    "PROVIDER": env("GEOCODER_PROVIDER", default="nominatim"),  # "nominatim" or "none"
    "DOMAIN": env("GEOCODER_DOMAIN", default="nominatim.openstreetmap.org"),
    "SCHEME": env("GEOCODER_SCHEME", default="https"),
    "USER_AGENT": env("GEOCODER_USER_AGENT", default="geo_accmr/1.0 (service map; contact: admin@example.org)"),
    "TIMEOUT": env.float("GEOCODER_TIMEOUT", default=5.0),
    "MIN_DELAY_SECONDS": env.float("GEOCODER_MIN_DELAY_SECONDS", default=1.0),
    "CACHE_DAYS": env.int("GEOCODER_CACHE_DAYS", default=90),
}

# Optional: a folder of HSDS 3.0 compiled JSON schemas (schema/compiled) against which import_hsds also validates.
HSDS_SCHEMA_DIR = env("HSDS_SCHEMA_DIR", default=None)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Accounts (accounts/): sign in by username or email, throttled by django-axes; invitations and password resets by
# email. EMAIL_URL: smtp+tls://user:password@host:587, consolemail:// (default: printed), filemail:///path.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",  # first: django-axes refuses a locked-out username + address
    "accounts.backends.UsernameOrEmailBackend",
]
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="geo_accmr <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ACCOUNTS_INVITATION_DAYS = env.int("ACCOUNTS_INVITATION_DAYS", default=7)  # an invitation link expires after this
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 3600)  # seconds a reset link stays valid
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # failed sign-ins per username and address
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"  # an email and its username count as one person
AXES_CLIENT_IP_CALLABLE = "accounts.backends.axes_client_ip"  # X-Forwarded-For as API_NUM_PROXIES says
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not recorded (data minimisation); failures are, until reset
# Sessions: the cookie is not readable by scripts and not sent on cross-site requests; a working day long.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CSRF_COOKIE_HTTPONLY = True  # no page script reads it: forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"
# Bulk upload for coordinators (bulkupload/): the largest file accepted, how long an upload waits for its apply,
# how many rows a spreadsheet may have, and how many addresses one apply geocodes before queueing the rest.
BULKUPLOAD_MAX_BYTES = env.int("BULKUPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# Request bodies: the bulk upload view refuses a larger body before reading it and stops a file that grows past
# BULKUPLOAD_MAX_BYTES while arriving (bulkupload/limits.py); an accepted file stays in memory (it goes to the
# database anyway), never in a temporary file. Other bodies (forms, JSON, an admin boundary's geometry): 2.5 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = BULKUPLOAD_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=int(2.5 * 1024 * 1024))
DATA_UPLOAD_MAX_NUMBER_FILES = 1  # the bulk upload's one file is the only upload there is
BULKUPLOAD_EXPIRY_HOURS = env.int("BULKUPLOAD_EXPIRY_HOURS", default=24)
BULKUPLOAD_MAX_ROWS = env.int("BULKUPLOAD_MAX_ROWS", default=5000)
BULKUPLOAD_GEOCODE_LIMIT = env.int("BULKUPLOAD_GEOCODE_LIMIT", default=50)
# Toolkit (community/): the largest PDF accepted (refused while arriving, as bulk uploads; kept in the database).
TOOLKIT_MAX_BYTES = env.int("TOOLKIT_MAX_BYTES", default=5 * 1024 * 1024)

# Personal data (privacy/): how long each kind is kept; `manage.py purge_personal_data` (daily: `make run` runs it
# itself, production from cron) applies these, and /privacy/ states them. Days unless said otherwise.
PRIVACY_REPORT_EMAIL_DAYS = env.int("PRIVACY_REPORT_EMAIL_DAYS", default=30)  # after a report is resolved
PRIVACY_FAILED_SIGNIN_DAYS = env.int("PRIVACY_FAILED_SIGNIN_DAYS", default=30)  # django-axes' records
PRIVACY_INVITATION_DAYS = env.int("PRIVACY_INVITATION_DAYS", default=30)  # after it expired, was used or withdrawn
PRIVACY_INACTIVE_ACCOUNT_MONTHS = env.int("PRIVACY_INACTIVE_ACCOUNT_MONTHS", default=12)  # deactivated → anonymised
PRIVACY_PRECISE_SEARCH_DAYS = env.int("PRIVACY_PRECISE_SEARCH_DAYS", default=30)  # saved searches with an address
PRIVACY_UPLOAD_DAYS = env.int("PRIVACY_UPLOAD_DAYS", default=30)  # bulk-upload files and their owner, after applied
PRIVACY_CALL_CONTACT_DAYS = env.int("PRIVACY_CALL_CONTACT_DAYS", default=30)  # an open call's contact, after it closed
