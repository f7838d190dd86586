"""Test settings: fast hashing, no basemap tiles (tests never touch the internet)."""

from .base import *  # noqa: F403
from .base import LEAFLET_CONFIG, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}
GEOCODER = {  # no geocoder unless a test points one at its fake Nominatim (a test's gunicorn: the environment)
    "PROVIDER": env("GEOCODER_PROVIDER", default="none"),
    "DOMAIN": env("GEOCODER_DOMAIN", default="127.0.0.1:9"),
    "SCHEME": "http",
    "USER_AGENT": "geo_accmr-tests",
    "TIMEOUT": 2.0,
    "MIN_DELAY_SECONDS": env.float("GEOCODER_MIN_DELAY_SECONDS", default=0.0),
    "CACHE_DAYS": 90,
}
API_RATE_LIMIT = "100000/min"  # the throttle runs on every test request; tests of the limit lower it
