"""The read replica, for real: `scripts/localdb.sh` starts a primary and its streaming hot standby in a throwaway
folder; gunicorn serves them with DATABASE_REPLICA_URL set. Pausing the standby's replay makes the two copies differ,
so every answer shows which database it came from."""

import http.cookiejar
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection

from boundaries.actions import reference_data_load
from tests.conftest import reference_data_dir
from tests.factories import ServiceAtLocationFactory
from tests.gunicorn import free_port, gunicorn_server
from tests.ops.pgcluster import PGBIN

DBNAME = "replica_pair"
OLD, NEW = "Υπηρεσία πριν", "Υπηρεσία μετά"  # the service's Greek name before and after the write on the primary


@dataclass
class Pair:
    dir: Path
    port: int
    replica_port: int
    replica_url: str
    env: dict[str, str]

    def script(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [str(settings.BASE_DIR / "scripts/localdb.sh"), *args], env=self.env, check=True, capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        return done.stdout

    def sql(self, query: str, *, replica: bool = False) -> str:
        port = self.replica_port if replica else self.port
        command = [str(PGBIN / "psql"), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", str(self.dir), "-p",
                   str(port), "-U", "postgres", "-d", DBNAME, "-c", query]  # fmt: skip
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


@pytest.fixture
def service(transactional_db: None) -> None:
    """One service in central Athens and the reference areas, committed (so that the dump below has them: a
    transactional test run before this one may have emptied the areas the session loaded)."""
    reference_data_load(data_dir=reference_data_dir())
    ServiceAtLocationFactory(service__name=OLD, location__point=Point(23.7275, 37.9838, srid=4326))


@pytest.fixture
def pair(service: None, tmp_path: Path) -> Iterator[Pair]:
    """The test database's committed contents in a new primary and its standby, both stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="geo_accmr-replica-", dir="/var/tmp"))  # postgres must reach it
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port, replica_port = free_port(), free_port()
    while replica_port == port:  # only the socket file names use them (no TCP), but they must differ
        replica_port = free_port()
    env = {**os.environ, "GEO_ACCMR_PGDIR": str(folder), "GEO_ACCMR_PGPORT": str(port),
           "GEO_ACCMR_REPLICA_PGPORT": str(replica_port), "GEO_ACCMR_DBNAME": DBNAME}  # fmt: skip
    pair = Pair(dir=folder, port=port, replica_port=replica_port, replica_url="", env=env)
    try:
        pair.script("start")
        db = connection.settings_dict
        dump = tmp_path / "db.dump"
        subprocess.run(["pg_dump", "-Fc", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-f", str(dump),  # noqa: S603
                        "--exclude-table-data=coverage_*", db["NAME"]], check=True)  # fmt: skip
        subprocess.run(["pg_restore", "--no-owner", "--clean", "--if-exists", "-h", str(folder), "-p", str(port),  # noqa: S603
                        "-U", "postgres", "-d", DBNAME, str(dump)], check=True, capture_output=True)  # fmt: skip
        started = pair.script("replica", "start")
        pair.replica_url = started.strip().splitlines()[-1].removeprefix("DATABASE_REPLICA_URL=")
        yield pair
    finally:
        subprocess.run([str(settings.BASE_DIR / "scripts/localdb.sh"), "stop"], env=env, capture_output=True)  # noqa: S603
        shutil.rmtree(folder, ignore_errors=True)


def opener(*, cookies: bool) -> Callable[[str], tuple[int, bytes]]:
    build = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())) if cookies \
        else urllib.request.build_opener()  # fmt: skip

    def fetch(url: str, data: bytes | None = None) -> tuple[int, bytes]:
        with build.open(url, data=data, timeout=20) as response:
            return response.status, response.read()

    fetch.jar = next((h.cookiejar for h in build.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)), None)  # type: ignore[attr-defined]
    return fetch


def names(body: bytes, key: str = "name") -> list[str]:
    return [f["properties"][key] for f in json.loads(body)["features"]]


def test_reads_go_to_the_replica_writers_read_their_writes_and_a_stopped_replica_falls_back(
    pair: Pair, tmp_path: Path
) -> None:
    env = {"GEO_ACCMR_PGHOST": str(pair.dir), "GEO_ACCMR_PGPORT": str(pair.port), "GEO_ACCMR_DBNAME": DBNAME,
           "DATABASE_REPLICA_URL": pair.replica_url, "DATABASE_REPLICA_RETRY_SECONDS": "1"}  # fmt: skip
    with gunicorn_server(log=tmp_path / "gunicorn.log", env=env) as base:
        nearby = f"{base}/api/nearby/?lat=37.9838&lon=23.7275"
        ogc = f"{base}/ogc/collections/services/items?f=json"
        page = f"{base}/?lat=37.9838&lon=23.7275"
        anonymous, editor = opener(cookies=False), opener(cookies=True)
        assert names(anonymous(nearby)[1]) == [OLD]

        # the standby stops replaying: a write on the primary is not on the replica
        assert pair.sql("SELECT pg_is_in_recovery()", replica=True) == "t"
        pair.sql("SELECT pg_wal_replay_pause()", replica=True)
        pair.sql(f"UPDATE services_service SET name_el = '{NEW}'")  # noqa: S608
        assert pair.sql("SELECT name_el FROM services_service", replica=True) == OLD

        # read-only views read the replica
        assert names(anonymous(nearby)[1]) == [OLD]
        assert names(anonymous(f"{base}/api/map/?bbox=23.6,37.9,23.9,38.1&zoom=16")[1]) == [OLD]
        assert names(anonymous(ogc)[1], "name_el") == [OLD]
        assert OLD in anonymous(f"{base}/export/services.csv")[1].decode()
        assert NEW not in anonymous(f"{base}/export/services.csv")[1].decode()
        assert [s["name"] for s in json.loads(anonymous(f"{base}/hsds/services")[1])["contents"]] == [OLD]
        status, html = anonymous(page)
        assert status == 200 and OLD in html.decode() and NEW not in html.decode()
        assert anonymous(f"{base}/api/coverage/?level=community")[0] == 200
        # anything else reads the primary
        service_id = names(anonymous(nearby)[1], "service_id")[0]
        assert NEW in anonymous(f"{base}/services/{service_id}/referral/")[1].decode()

        # a client that has just written reads the primary (a signed cookie, for DATABASE_REPLICA_STICKY_SECONDS)
        editor(f"{base}/en/")  # the CSRF cookie
        token = next(c.value for c in editor.jar if c.name == "csrftoken")  # type: ignore[attr-defined]
        form = urllib.parse.urlencode({"language": "el", "next": "/", "csrfmiddlewaretoken": token}).encode()
        editor(f"{base}/i18n/setlang/", form)
        assert any(c.name == "accmr_primary" for c in editor.jar)  # type: ignore[attr-defined]
        assert names(editor(nearby)[1]) == [NEW]
        assert names(anonymous(nearby)[1]) == [OLD]

        # replay resumes: the replica catches up and serves the new name
        pair.sql("SELECT pg_wal_replay_resume()", replica=True)
        deadline = time.monotonic() + 20
        while names(anonymous(nearby)[1]) != [NEW] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert names(anonymous(nearby)[1]) == [NEW]

        # the replica stops: every read falls back to the primary, without an error
        pair.script("replica", "stop")
        for _ in range(3):
            assert names(anonymous(nearby)[1]) == [NEW]
            assert names(anonymous(ogc)[1], "name_el") == [NEW]
            status, html = anonymous(page)
            assert status == 200 and NEW in html.decode()

        # and it comes back: once it runs again, reads return to it (seen again by pausing its replay)
        pair.script("replica", "start")
        pair.sql("SELECT pg_wal_replay_pause()", replica=True)
        pair.sql(f"UPDATE services_service SET name_el = '{OLD}'")  # noqa: S608
        assert pair.sql("SELECT name_el FROM services_service", replica=True) == NEW
        time.sleep(1.2)  # DATABASE_REPLICA_RETRY_SECONDS after the last failed try, certainly past by now
        assert names(anonymous(nearby)[1]) == [NEW]
        pair.sql("SELECT pg_wal_replay_resume()", replica=True)
    log = (tmp_path / "gunicorn.log").read_text()
    assert "read replica unavailable, reading from the primary" in log
    assert "Traceback" not in log
