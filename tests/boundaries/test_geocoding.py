"""Geocoding against a local fake Nominatim: provider, cache, rate limit, outages, the API and the pending queue."""

import base64
import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from boundaries.geocode_api import NOTHING_MATCHED, NOTHING_MATCHED_PROVIDER_DOWN
from boundaries.geocoding import (
    PROVIDER_DOWN_WARNING,
    TURN_MARGIN,
    GeocoderUnavailable,
    _wait_for_provider_turn,
    address_query,
    geocode,
    geocode_address,
    provider_search,
    provider_turn_wait,
)
from boundaries.models import Area, GeocodeCacheEntry
from services.actions.geocoding import location_geocode_pending
from services.models import GeocodeStatus, Location
from tests import fake_nominatim as fake
from tests.factories import AddressFactory, LocationFactory
from tests.fake_nominatim import FakeNominatim, geocoder_settings, nominatim_result

# The shared fixtures, under their own names, for the tests below.
fake_nominatim = fake.fake_nominatim
nominatim_down = fake.nominatim_down

pytestmark = pytest.mark.django_db

PATISION = nominatim_result(
    lat=37.9996, lon=23.7325, display_name="Πατησίων 100, Κυψέλη, Αθήνα, 10434, Ελλάδα", kind="house", place_id=7
)
KYPSELI_SQUARE = nominatim_result(
    lat=38.0035, lon=23.7398, display_name="Πλατεία Κυψέλης, Κυψέλη, Αθήνα, Ελλάδα", kind="square", place_id=8
)


# ----------------------------------------------------------------------------------------------- provider
def test_provider_results_bounded_to_greece(fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.answers["Πατησίων 100"] = [PATISION]
    [candidate] = provider_search(query="Πατησίων 100")
    assert candidate.label == "Πατησίων 100, Κυψέλη, Αθήνα, 10434, Ελλάδα"
    assert (candidate.lat, candidate.lon) == (37.9996, 23.7325)
    assert (candidate.source, candidate.kind) == ("nominatim", "house")
    [request] = fake_nominatim.requests
    assert request.path == "/search"
    assert request.params["q"] == "Πατησίων 100"
    assert request.params["countrycodes"] == "gr"
    assert request.params["bounded"] == "1"
    assert request.params["viewbox"] == "19.3,34.7,29.7,41.8"  # west,south,east,north of Greece
    assert request.params["limit"] == "5"
    assert request.params["accept-language"] == "el"
    assert request.headers["User-Agent"] == "geo_accmr-tests"


def test_provider_answers_are_cached_in_the_database(fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.answers["Πατησίων 100"] = [PATISION]
    first = provider_search(query="Πατησίων 100")
    # The same folded query (Greeklish, other case and accents) is answered from the cache.
    assert provider_search(query="PATISION 100") == first
    assert provider_search(query="patisíon   100") == first
    assert fake_nominatim.queries == ["Πατησίων 100"]
    entry = GeocodeCacheEntry.objects.get(provider="nominatim")
    # What was asked and answered is not readable in the database: it may be a client's address. The row key is
    # nothing but a SHA-256 digest and the answer nothing but a Fernet token (version byte 0x80), so neither has room
    # for the text in the clear...
    assert re.fullmatch(r"[0-9a-f]{64}", entry.query_key)
    assert isinstance(entry.results, str) and re.fullmatch(r"[A-Za-z0-9_-]+=*", entry.results)
    assert base64.urlsafe_b64decode(entry.results)[0] == 0x80
    # ...and no part of the question or the answer shows in either. The house number is looked for as a number of
    # its own: "100" may turn up inside a random hex digest or token by chance (the digest depends on this
    # installation's SECRET_KEY), which would prove nothing.
    stored = f"{entry.query_key} {entry.results}"
    for secret in ("patision", "Πατησίων", PATISION["display_name"][:12], PATISION["lat"][:6], PATISION["lon"][:6]):
        assert secret not in stored
    assert not re.search(r"(?<![0-9A-Za-z])100(?![0-9A-Za-z])", stored)
    # Another limit is another question.
    provider_search(query="Πατησίων 100", limit=1)
    assert fake_nominatim.queries == ["Πατησίων 100", "Πατησίων 100"]


def test_empty_answers_are_cached_too(fake_nominatim: FakeNominatim) -> None:
    assert provider_search(query="Οδός που δεν υπάρχει 1") == []
    assert provider_search(query="Οδός που δεν υπάρχει 1") == []
    assert len(fake_nominatim.queries) == 1


def test_expired_cache_entries_are_asked_again(fake_nominatim: FakeNominatim, settings) -> None:  # noqa: ANN001
    fake_nominatim.answers["Πατησίων 100"] = [PATISION]
    provider_search(query="Πατησίων 100")
    stale = timezone.now() - timedelta(days=settings.GEOCODER["CACHE_DAYS"] + 1)
    GeocodeCacheEntry.objects.update(created_at=stale)
    fake_nominatim.answers["Πατησίων 100"] = [KYPSELI_SQUARE]
    [candidate] = provider_search(query="Πατησίων 100")
    assert candidate.kind == "square"
    assert len(fake_nominatim.queries) == 2
    entry = GeocodeCacheEntry.objects.get()
    assert entry.created_at > stale
    assert provider_search(query="Πατησίων 100")[0].kind == "square" and len(fake_nominatim.queries) == 2


def test_a_new_secret_key_makes_old_entries_unreadable_not_wrong(fake_nominatim: FakeNominatim, settings) -> None:  # noqa: ANN001
    fake_nominatim.answers["Πατησίων 100"] = [PATISION]
    provider_search(query="Πατησίων 100")
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert provider_search(query="Πατησίων 100")[0].label == PATISION["display_name"]
    assert len(fake_nominatim.queries) == 2


def test_rate_limiter_spaces_requests_across_calls(fake_nominatim: FakeNominatim, settings) -> None:  # noqa: ANN001
    settings.GEOCODER = {**settings.GEOCODER, "MIN_DELAY_SECONDS": 0.4}
    for query in ("Πατησίων 1", "Πατησίων 2", "Πατησίων 3"):
        provider_search(query=query)
    provider_search(query="Πατησίων 1")  # cached: no request, no wait
    times = [r.received_at for r in fake_nominatim.requests]
    assert len(times) == 3
    # One limiter shared by every call: a limiter made per call would let the 2nd and 3rd request through at once.
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert all(gap >= 0.35 for gap in gaps), gaps


def test_turns_are_spaced_a_margin_beyond_the_minimum(settings) -> None:  # noqa: ANN001
    """Turns are TURN_MARGIN further apart than MIN_DELAY_SECONDS, so a sender that is a little late still leaves the
    provider its minimum between two arrivals (measured here without the network: when each turn comes)."""
    assert TURN_MARGIN == 0.05
    settings.GEOCODER = {**settings.GEOCODER, "MIN_DELAY_SECONDS": 0.4, "TIMEOUT": 5}
    turns = []
    for _ in range(3):
        _wait_for_provider_turn(settings.GEOCODER)
        turns.append(time.monotonic())
    gaps = [later - earlier for earlier, later in zip(turns, turns[1:], strict=False)]
    assert all(0.4 * 1.05 - 0.005 <= gap < 0.4 * 1.05 + 0.2 for gap in gaps), gaps


# Each process asks the provider (the fake) its own addresses, all starting at the same moment.
ASK_FROM_ANOTHER_PROCESS = """
import sys, time, django
django.setup()
from boundaries.geocoding import provider_search
start, queries = float(sys.argv[1]), sys.argv[2:]
time.sleep(max(0.0, start - time.time()))
for query in queries:
    provider_search(query=query)
"""


@pytest.mark.django_db(transaction=True)  # the processes commit their cache rows; flushed afterwards
def test_one_request_per_second_across_processes(fake_nominatim: FakeNominatim) -> None:
    """Two processes (as two gunicorn workers would) asking different addresses at the same time: the provider
    receives its requests MIN_DELAY_SECONDS (here 1 s) apart, whichever process sends them."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.test",
        "GEO_ACCMR_DBNAME": connection.settings_dict["NAME"],
        "GEOCODER_PROVIDER": "nominatim",
        "GEOCODER_DOMAIN": fake_nominatim.domain,
        "GEOCODER_MIN_DELAY_SECONDS": "1",
    }
    start = time.time() + 3.0  # both processes are set up by then
    asked = [["Οδός Πρώτη 1", "Οδός Πρώτη 2"], ["Οδός Δεύτερη 1", "Οδός Δεύτερη 2"]]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", ASK_FROM_ANOTHER_PROCESS, str(start), *queries], cwd=settings.BASE_DIR, env=env
        )
        for queries in asked
    ]
    assert [process.wait(timeout=60) for process in processes] == [0, 0]
    assert sorted(fake_nominatim.queries) == sorted(query for queries in asked for query in queries)
    times = sorted(r.received_at for r in fake_nominatim.requests)
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    # Turns are given out on the database's clock and the fake notes arrivals: a few milliseconds of loopback
    # latency may shorten one gap, never by a sizeable part of the second (two unshared limiters send at once).
    assert all(gap >= 0.98 for gap in gaps), gaps
    assert times[-1] - times[0] < 3 * 1.0 + 1.0  # four requests, spaced, not serialised behind timeouts


def test_a_long_queue_for_the_provider_is_unavailable_not_a_hang(fake_nominatim: FakeNominatim, settings) -> None:  # noqa: ANN001
    """A caller who would wait longer than the request timeout for its turn falls back at once (the gazetteer
    still answers); its turn is not taken, so the queue does not grow."""
    settings.GEOCODER = {**settings.GEOCODER, "MIN_DELAY_SECONDS": 1.0, "TIMEOUT": 1.5}
    provider = settings.GEOCODER["DOMAIN"]
    began = time.monotonic()
    waits = [provider_turn_wait(provider=provider, delay=1.0, max_wait=60) for _ in range(3)]
    # each turn is one second after the one before, less the time it took to ask (a new connection each time)
    asking = time.monotonic() - began
    assert waits[0] == 0 and 1.0 - asking <= waits[1] <= 1.0 and 2.0 - asking <= waits[2] <= 2.0, (waits, asking)
    started = time.monotonic()
    with pytest.raises(GeocoderUnavailable):
        provider_search(query="Πατησίων 100")
    assert time.monotonic() - started < 1.0  # not the ~3 s its turn would have taken
    assert fake_nominatim.requests == []
    last = provider_turn_wait(provider=provider, delay=1.0, max_wait=60)  # the turn after the third, not a fifth
    assert 3.0 - (time.monotonic() - began) <= last <= 3.0, last


def test_timeout_is_unavailable(settings) -> None:  # noqa: ANN001
    with FakeNominatim(delay=3.0) as slow:
        settings.GEOCODER = geocoder_settings(domain=slow.domain, TIMEOUT=0.3)
        started = time.monotonic()
        with pytest.raises(GeocoderUnavailable):
            provider_search(query="Πατησίων 100")
        assert time.monotonic() - started < 2.0
    assert not GeocodeCacheEntry.objects.exists()  # an outage is not an answer


def test_closed_port_is_unavailable(nominatim_down: None) -> None:
    with pytest.raises(GeocoderUnavailable):
        provider_search(query="Πατησίων 100")
    with pytest.raises(GeocoderUnavailable):
        geocode_address(address_1="Πατησίων 100", city="Αθήνα")


@pytest.mark.parametrize("status", [503, 429, 500])
def test_http_errors_are_unavailable(fake_nominatim: FakeNominatim, status: int) -> None:
    fake_nominatim.status = status
    with pytest.raises(GeocoderUnavailable):
        provider_search(query="Πατησίων 100")


def test_no_provider_configured(settings) -> None:  # noqa: ANN001
    settings.GEOCODER = {**settings.GEOCODER, "PROVIDER": "none"}
    assert provider_search(query="Πατησίων 100") == []
    candidates, warning = geocode(query="Κυψέλη")
    assert candidates and warning is None
    with pytest.raises(GeocoderUnavailable):  # imports queue the address instead of losing it
        geocode_address(address_1="Πατησίων 100", city="Αθήνα")


def test_geocode_address(fake_nominatim: FakeNominatim) -> None:
    query = address_query(address_1="Πατησίων 100", city="Αθήνα", postal_code="104 34")
    assert query == "Πατησίων 100, 10434 Αθήνα"
    fake_nominatim.answers[query] = [PATISION]
    point = geocode_address(address_1="Πατησίων 100", city="Αθήνα", postal_code="104 34")
    assert (point.x, point.y, point.srid) == (23.7325, 37.9996, 4326)
    assert fake_nominatim.requests[0].params["limit"] == "1"
    assert geocode_address(address_1="Ανύπαρκτη 99", city="Αθήνα") is None
    assert geocode_address(address_1="  ", city="Αθήνα") is None


# ----------------------------------------------------------------------------------------------- geocode()
def test_geocode_gazetteer_first_then_provider(fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.answers["Κυψέλη"] = [KYPSELI_SQUARE]
    candidates, warning = geocode(query="Κυψέλη", limit=10)
    sources = [c.source for c in candidates]
    assert warning is None
    assert sources[0] == "gazetteer" and sources[-1] == "nominatim"
    assert sources == sorted(sources)  # "gazetteer" < "nominatim": no provider answer before a gazetteer one
    assert candidates[-1].label == KYPSELI_SQUARE["display_name"]


def test_geocode_does_not_ask_the_provider_when_the_gazetteer_fills_the_list(fake_nominatim: FakeNominatim) -> None:
    candidates, _warning = geocode(query="Κυψέλη", limit=3)
    assert [c.source for c in candidates] == ["gazetteer"] * 3
    assert fake_nominatim.requests == []


def test_geocode_provider_down_keeps_gazetteer_results(nominatim_down: None) -> None:
    candidates, warning = geocode(query="Κυψέλη")
    assert candidates[0].label.startswith("ΚΥΨΕΛΗ")
    assert {c.source for c in candidates} == {"gazetteer"}
    assert warning == str(PROVIDER_DOWN_WARNING)


# ----------------------------------------------------------------------------------------------- API
def _api(client, **params: str):  # noqa: ANN001, ANN202
    return client.get(reverse("api:geocode"), params)


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "a"}, {"q": " a "}, {"q": "x" * 201}])
def test_api_rejects_missing_short_or_long_q(client, params: dict[str, str]) -> None:  # noqa: ANN001
    response = _api(client, **params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"q"}
    assert response.json()["errors"]["q"][0]


def test_api_rejects_bad_limit(client) -> None:  # noqa: ANN001
    response = _api(client, q="Κυψέλη", limit="500")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"limit"}


def test_api_gazetteer_then_provider(client, fake_nominatim: FakeNominatim) -> None:  # noqa: ANN001
    fake_nominatim.answers["kypseli"] = [KYPSELI_SQUARE]
    response = _api(client, q="kypseli")
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == ""
    first, last = body["results"][0], body["results"][-1]
    assert first["label"] == "ΚΥΨΕΛΗ — 6η Δημοτική Κοινότητα Αθηνών"
    assert (first["source"], first["kind"]) == ("gazetteer", "neighbourhood")
    assert last == {
        "label": KYPSELI_SQUARE["display_name"],
        "lat": 38.0035,
        "lon": 23.7398,
        "source": "nominatim",
        "kind": "square",
        "area_code": None,
    }
    sources = [r["source"] for r in body["results"]]
    assert sources == sorted(sources)


def test_api_labels_follow_the_language(client, fake_nominatim: FakeNominatim) -> None:  # noqa: ANN001
    body = _api(client, q="Piraeus", lang="en").json()
    assert body["results"][0]["label"] == "Piraeus — Municipality"
    assert fake_nominatim.requests[0].params["accept-language"] == "en"
    body = _api(client, q="Piraeus", lang="el").json()
    assert body["results"][0]["label"].startswith("Δήμος Πειραιώς")


def test_api_nothing_matched(client, fake_nominatim: FakeNominatim) -> None:  # noqa: ANN001
    body = _api(client, q="xqzwvk").json()
    assert body["results"] == []
    with translation.override("el"):
        assert body["message"] == NOTHING_MATCHED % {"query": "xqzwvk"}
    with translation.override("el"):
        assert _api(client, q="XQZWVK").json() == {"results": [], "message": NOTHING_MATCHED % {"query": "XQZWVK"}}
    assert len(fake_nominatim.queries) == 1  # the second answer came from the cache
    body = _api(client, q="xqzwvk", lang="en").json()
    assert body["message"].startswith("Nothing matched “xqzwvk”.")
    assert [r.params["accept-language"] for r in fake_nominatim.requests] == ["el", "en"]  # labels differ by language


def test_api_provider_down_still_answers_from_the_gazetteer(client, nominatim_down: None) -> None:  # noqa: ANN001
    response = _api(client, q="Κυψέλη", lang="en")
    assert response.status_code == 200
    body = response.json()
    assert body["results"][0]["label"].startswith("Kypseli — ")  # English pages: Latin letters
    assert {r["source"] for r in body["results"]} == {"gazetteer"}
    assert "unreachable" in body["message"]


def test_api_provider_down_and_nothing_in_the_gazetteer(client, nominatim_down: None) -> None:  # noqa: ANN001
    response = _api(client, q="Πατησίων 100", lang="en")
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == []
    with translation.override("en"):
        assert body["message"] == NOTHING_MATCHED_PROVIDER_DOWN % {"query": "Πατησίων 100"}


def test_api_is_in_the_schema(client) -> None:  # noqa: ANN001
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert "/api/geocode/" in response.json()["paths"]


# ----------------------------------------------------------------------------------------------- pending queue
def _pending_location(address_1: str) -> Location:
    location = LocationFactory(point=None, geocode_status=GeocodeStatus.PENDING)
    AddressFactory(location=location, address_1=address_1, city="Αθήνα", postal_code="11361")
    return location


def test_pending_location_gets_a_point_and_its_areas(fake_nominatim: FakeNominatim) -> None:
    neighbourhood = Area.objects.get(name_el="ΝΕΑ ΚΥΨΕΛΗ Ι")
    inside = neighbourhood.geom.point_on_surface
    location = _pending_location("Φωκίωνος Νέγρη 20")
    query = address_query(address_1="Φωκίωνος Νέγρη 20", city="Αθήνα", postal_code="11361")
    fake_nominatim.answers[query] = [nominatim_result(lat=inside.y, lon=inside.x, display_name="Φωκίωνος Νέγρη 20")]
    not_found = _pending_location("Ανύπαρκτη οδός 1")

    report = location_geocode_pending()

    assert (report.geocoded, report.failed, report.pending, report.unavailable) == (
        [str(location.pk)],
        [str(not_found.pk)],
        0,
        False,
    )
    location.refresh_from_db()
    assert location.geocode_status == GeocodeStatus.GEOCODED
    assert (location.point.x, location.point.y) == pytest.approx((inside.x, inside.y))
    assert location.neighbourhood == neighbourhood
    assert (location.community.code, location.municipality.code) == ("athens-dk-6", "gr-9186")
    not_found.refresh_from_db()
    assert (not_found.geocode_status, not_found.point) == (GeocodeStatus.FAILED, None)


def test_pending_stays_pending_when_the_provider_is_down(fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.status = 503
    first, second = _pending_location("Πατησίων 100"), _pending_location("Πατησίων 102")
    report = location_geocode_pending()
    assert report.unavailable and report.pending == 2
    assert (report.geocoded, report.failed) == ([], [])
    assert len(fake_nominatim.requests) == 1  # stopped at the first failure instead of hammering a sick server
    assert set(Location.objects.filter(pk__in=[first.pk, second.pk]).values_list("geocode_status", "point")) == {
        (GeocodeStatus.PENDING, None)
    }


def test_pending_with_the_server_gone(nominatim_down: None) -> None:
    location = _pending_location("Πατησίων 100")
    report = location_geocode_pending()
    assert report.unavailable and report.pending == 1
    location.refresh_from_db()
    assert (location.geocode_status, location.point) == (GeocodeStatus.PENDING, None)


def test_pending_limit_and_command(fake_nominatim: FakeNominatim, capsys: pytest.CaptureFixture[str]) -> None:
    locations = [_pending_location(f"Πατησίων {n}") for n in (1, 2, 3)]
    for n in (1, 2, 3):
        query = address_query(address_1=f"Πατησίων {n}", city="Αθήνα", postal_code="11361")
        fake_nominatim.answers[query] = [nominatim_result(lat=38.0, lon=23.735, display_name=query)]
    report = location_geocode_pending(limit=2)
    assert report.geocoded == [str(loc.pk) for loc in locations[:2]]  # oldest first
    assert report.pending == 1
    call_command("geocode_pending")
    assert "geocoded 1, address not found 0, still waiting 0" in capsys.readouterr().out
    assert not Location.objects.filter(geocode_status=GeocodeStatus.PENDING).exists()


def test_command_says_when_the_geocoder_is_down(nominatim_down: None, capsys: pytest.CaptureFixture[str]) -> None:
    _pending_location("Πατησίων 100")
    call_command("geocode_pending")
    captured = capsys.readouterr()
    assert "still waiting 1" in captured.out
    assert "unreachable" in captured.err


def test_suggestions_never_ask_the_provider_and_a_submit_asks_once(client, fake_nominatim) -> None:  # noqa: ANN001
    """Typing six partial addresses asks only our gazetteer; submitting one the gazetteer does not know asks once."""
    for partial in ("Οδ", "Οδός Ανύ", "Οδός Ανύπαρ", "Odos Anyp", "Οδός Ανύπαρκτη", "Οδός Ανύπαρκτη 1"):
        assert _api(client, q=partial, suggest="true").status_code == 200
    assert len(fake_nominatim.requests) == 0
    client.get(reverse("services:home"), {"place": "Οδός Ανύπαρκτη 12"})
    assert len(fake_nominatim.requests) == 1
