"""Faults: the database stops and starts under traffic; the app answers 503 meanwhile and recovers by itself."""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection

from tests.factories import ServiceAtLocationFactory
from tests.gunicorn import free_port
from tests.ops.pgcluster import TempCluster


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


@pytest.mark.django_db(transaction=True)
def test_database_restart_mid_traffic_gives_503_then_recovers_without_restarting_the_app(tmp_path: Path) -> None:
    sal = ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
    dump = tmp_path / "db.dump"
    db = connection.settings_dict
    subprocess.run(["pg_dump", "-Fc", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-f", str(dump),  # noqa: S603
                    db["NAME"]], check=True)  # fmt: skip
    cluster = TempCluster()
    server = None
    try:
        cluster.start()
        cluster.psql("CREATE DATABASE fault")
        subprocess.run(["pg_restore", "--no-owner", "-h", str(cluster.dir), "-p", str(cluster.port), "-U",  # noqa: S603
                        "postgres", "-d", "fault", str(dump)], check=True, capture_output=True)  # fmt: skip
        port = free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.test", "PORT": str(port),
               "WEB_CONCURRENCY": "2", "GEO_ACCMR_PGHOST": str(cluster.dir), "GEO_ACCMR_PGPORT": str(cluster.port),
               "GEO_ACCMR_DBNAME": "fault", "DB_CONNECT_TIMEOUT": "2"}  # fmt: skip
        log = (tmp_path / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603
            [str(settings.BASE_DIR / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "geo_accmr.wsgi:application"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        nearby = f"{base}/api/nearby/?lat=37.98&lon=23.73"
        for _ in range(100):
            try:
                if get(base + "/api/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        statuses: list[tuple[str, int]] = []

        def burst(phase: str, count: int = 10) -> None:
            for _ in range(count):
                for url in (base + "/api/health/", nearby):
                    status, body = get(url)
                    statuses.append((phase, status))
                    if status == 503:
                        assert body.get("status") == "unavailable" or body["errors"]["database"]
                    if status == 200 and url == nearby:
                        assert [f["id"] for f in body["features"]] == [str(sal.id)]
                time.sleep(0.02)

        burst("before")
        cluster.stop()
        burst("down")
        cluster.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and get(nearby)[0] != 200:
            time.sleep(0.2)
        burst("after")
        assert server.poll() is None  # the same gunicorn all along
        assert {s for phase, s in statuses if phase == "before"} == {200}
        assert {s for phase, s in statuses if phase == "down"} == {503}
        assert {s for phase, s in statuses if phase == "after"} == {200}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        cluster.remove()
