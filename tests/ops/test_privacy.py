"""Privacy by design: what a caseworker searches for (a point, an address, words) reaches neither the logs nor the
database. Real gunicorn with the production log format (gunicorn.conf.py), real PostgreSQL, a fake Nominatim."""

import struct
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from tests.factories import ServiceAtLocationFactory
from tests.fake_nominatim import FakeNominatim, nominatim_result
from tests.gunicorn import gunicorn_server

LAT, LON = 37.98123457, 23.72654321  # a client's home, say
ADDRESS = "Σοφοκλέους 17"
WORDS = "ψυχολογική υποστήριξη"


def traces() -> list[str]:
    """Every form the search could take in text: numbers, words, URL-encodings, and the point's binary doubles."""
    doubles = [struct.pack("<dd", LON, LAT).hex(), struct.pack(">dd", LON, LAT).hex()]
    return ["37.98123", "23.72654", ADDRESS, "Σοφοκλ", "sofokle", "psichologik", "ψυχολογ",
            urllib.parse.quote(ADDRESS), urllib.parse.quote(WORDS), *doubles]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_searches_reach_neither_logs_nor_database(tmp_path: Path) -> None:
    ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
    log = tmp_path / "gunicorn.log"
    with FakeNominatim() as nominatim:
        nominatim.answers[ADDRESS] = [nominatim_result(lat=LAT, lon=LON, display_name=f"{ADDRESS}, Αθήνα")]
        env = {"GEOCODER_PROVIDER": "nominatim", "GEOCODER_DOMAIN": nominatim.domain, "LOG_LEVEL": "INFO"}
        with gunicorn_server(log=log, env=env) as base:
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


@pytest.mark.django_db
def test_the_purge_logs_counts_only(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    """The retention purge's own log lines (and its command's output) name no person, address or email."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.actions import person_update
    from accounts.models import Role
    from feedback.models import ProblemReport, ReportStatus
    from tests.accounts.conftest import person

    service = ServiceAtLocationFactory().service
    long_ago = timezone.now() - timedelta(days=400)
    ProblemReport.objects.create(
        service=service, kind="phone", contact_email="reporter@example.org", status=ReportStatus.RESOLVED,
        resolved_at=long_ago,
    )  # fmt: skip
    AccessAttempt.objects.create(
        username="guessed-user", ip_address="198.51.100.23", user_agent="SecretBrowser/1.0", http_accept="*/*",
        path_info="/accounts/login/", get_data="", post_data="", failures_since_start=3,
    )  # fmt: skip
    AccessAttempt.objects.update(attempt_time=long_ago)
    editor = person("eleni", Role.EDITOR, first_name="Eleni", last_name="Papadopoulou", email="eleni@example.org")
    person_update(user=editor, role=Role.EDITOR, organizations=[], is_active=False)
    editor.profile.deactivated_at = long_ago
    editor.profile.save()
    with caplog.at_level("DEBUG"):
        call_command("purge_personal_data")
    logged = caplog.text + "".join(capsys.readouterr())
    assert "accounts_anonymised=1" in logged and "report_emails_cleared=1" in logged
    for trace in ("reporter", "example.org", "guessed", "198.51.100", "SecretBrowser", "eleni", "Eleni", "Papadop"):
        assert trace not in logged, f"{trace!r} reached the purge's log"
