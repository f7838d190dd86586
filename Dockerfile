# geo_accmr application image (used by docker-compose.yml with the official PostGIS image).
# Runs with production settings: SECRET_KEY and EMAIL_URL must come from the environment (it refuses to start
# without them), DATABASE_URL and ALLOWED_HOSTS too. Demo services only on request: SEED_DEMO=1.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV DJANGO_SETTINGS_MODULE=geo_accmr.settings.production PORT=8000 SEED_DEMO=0
# Build-only values, for this one step (never stored in the image): a throw-away key, no mail, no database.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" EMAIL_URL=dummymail:// \
    DATABASE_URL=postgis://x@localhost/x sh -c \
    'python manage.py collectstatic --noinput -v 0 && python manage.py compilemessages -v 0 --ignore=.venv'
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_reference_data && if [ \"$SEED_DEMO\" = 1 ]; then python manage.py seed_demo --if-empty && python manage.py refresh_map_cells; fi && export HOST=0.0.0.0 && exec gunicorn -c gunicorn.conf.py geo_accmr.wsgi:application"]
