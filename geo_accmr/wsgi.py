"""WSGI entry point (gunicorn geo_accmr.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_accmr.settings.base")
application = get_wsgi_application()
