"""Privacy by design: what a caseworker searches for (a point, an address, words) reaches neither the logs nor the
database. Real gunicorn with the production log format (gunicorn.conf.py), real PostgreSQL, a fake Nominatim."""

import os
import socket
import struct
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection

from tests.factories import ServiceAtLocationFactory
from tests.fake_nominatim import FakeNominatim, nominatim_result

LAT, LON = 37.98123457, 23.72654321  # a client's home, say
ADDRESS = "Σοφοκλέους 17"
WORDS = "ψυχολογική υποστήριξη"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def traces() -> list[str]:
    """Every form the search could take in text: numbers, words, URL-encodings, and the point's binary doubles."""
    doubles = [struct.pack("<dd", LON, LAT).hex(), struct.pack(">dd", LON, LAT).hex()]
    return ["37.98123", "23.72654", ADDRESS, "Σοφοκλ", "sofokle", "psichologik", "ψυχολογ",
            urllib.parse.quote(ADDRESS), urllib.parse.quote(WORDS), *doubles]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_searches_reach_neither_logs_nor_database(tmp_path: Path) -> None:
    ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with FakeNominatim() as nominatim, log.open("w") as out:
        nominatim.answers[ADDRESS] = [nominatim_result(lat=LAT, lon=LON, display_name=f"{ADDRESS}, Αθήνα")]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.test", "PORT": str(port),
               "GEO_ACCMR_DBNAME": connection.settings_dict["NAME"], "WEB_CONCURRENCY": "1",
               "GEOCODER_PROVIDER": "nominatim", "GEOCODER_DOMAIN": nominatim.domain, "LOG_LEVEL": "INFO"}  # fmt: skip
        server = subprocess.Popen(  # noqa: S603
            [str(settings.BASE_DIR / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "geo_accmr.wsgi:application"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/api/health/", timeout=1)  # noqa: S310 - loopback
                    break
                except OSError:
                    time.sleep(0.1)
            searches = [
                ("/api/geocode/", {"q": ADDRESS}),
                ("/api/nearby/", {"lat": LAT, "lon": LON, "q": WORDS}),
                ("/api/nearby/", {"lat": LAT, "lon": LON}),
                ("/api/map/", {"bbox": f"{LON - 0.01},{LAT - 0.01},{LON + 0.01},{LAT + 0.01}", "zoom": 15}),
                ("/", {"lat": LAT, "lon": LON, "q": WORDS, "place": ADDRESS}),
                ("/en/", {"lat": LAT, "lon": LON}),
                ("/api/nearby/", {"lat": LAT, "lon": 999}),  # a 400 is logged as a warning: still no query
            ]
            statuses = []
            for path, params in searches:
                try:
                    statuses.append(urllib.request.urlopen(f"{base}{path}?{urllib.parse.urlencode(params)}").status)  # noqa: S310
                except urllib.error.HTTPError as exc:
                    statuses.append(exc.code)
            assert statuses == [200, 200, 200, 200, 200, 200, 400]
            assert nominatim.queries == [ADDRESS]  # the address really went through the geocoder (and its cache)
        finally:
            server.terminate()
            server.wait(timeout=10)
    logged = log.read_text()
    assert "/api/nearby/" in logged and "/api/geocode/" in logged  # the access log is there, without queries
    db = connection.settings_dict
    dump = subprocess.run(  # noqa: S603
        ["pg_dump", "--data-only", "--host", db["HOST"], "--port", str(db["PORT"]), "--username", db["USER"],
         db["NAME"]], capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "boundaries_geocodecacheentry" in dump
    for trace in traces():
        assert trace.lower() not in logged.lower(), f"{trace!r} reached the log"
        assert trace.lower() not in dump.lower(), f"{trace!r} reached the database"
