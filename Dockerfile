# geo_accmr application image (used by docker-compose.yml with the official PostGIS image).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV DJANGO_SETTINGS_MODULE=geo_accmr.settings.base PORT=8000
RUN SECRET_KEY=build DATABASE_URL=postgis://x@localhost/x python manage.py collectstatic --noinput -v 0 \
 && python manage.py compilemessages -v 0 --ignore=.venv
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_reference_data && python manage.py seed_demo --if-empty && HOST=0.0.0.0 gunicorn -c gunicorn.conf.py geo_accmr.wsgi:application"]
