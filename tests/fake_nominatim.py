"""A local stand-in for Nominatim's `/search`, so geocoding tests never reach the internet.

Use the `fake_nominatim` fixture (import it into the test module) and put canned answers in
`fake_nominatim.answers[query] = [nominatim_result(...)]`; `fake_nominatim.requests` records what it was asked.
`nominatim_down` points the geocoder at a port that refuses connections.
"""

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from geo_accmr.text import fold

LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"


def nominatim_result(
    *,
    lat: float,
    lon: float,
    display_name: str,
    category: str = "place",
    kind: str = "house",
    addresstype: str | None = None,
    place_id: int = 1,
) -> dict[str, Any]:
    """One result as Nominatim's `format=json` writes it (coordinates as strings, `class` for the category)."""
    return {
        "place_id": place_id,
        "licence": LICENCE,
        "osm_type": "node",
        "osm_id": place_id,
        "lat": f"{lat:.7f}",
        "lon": f"{lon:.7f}",
        "class": category,
        "type": kind,
        "place_rank": 30,
        "importance": 0.1,
        "addresstype": addresstype or kind,
        "name": display_name.split(",")[0],
        "display_name": display_name,
        "boundingbox": [f"{lat - 0.0005:.7f}", f"{lat + 0.0005:.7f}", f"{lon - 0.0005:.7f}", f"{lon + 0.0005:.7f}"],
    }


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake server received."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    received_at: float  # time.monotonic()


@dataclass
class FakeNominatim:
    """A threaded HTTP server on 127.0.0.1 (a free port) answering `/search` from `answers`.

    Answers are looked up by the exact `q`, then by its folded key (so "Κυψέλη" also answers "kypseli");
    unknown queries get `[]`, as Nominatim does. `delay` makes every answer late (for timeout tests) and
    `status` other than 200 answers with that HTTP error (503 overload, 429 rate limited, ...).
    """

    answers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    delay: float = 0.0
    status: int = 200
    requests: list[RecordedRequest] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def port(self) -> int:
        assert self._server is not None, "the fake server is not running"
        return self._server.server_address[1]

    @property
    def domain(self) -> str:
        """`host:port`, as geopy's `domain` argument wants it."""
        return f"127.0.0.1:{self.port}"

    @property
    def queries(self) -> list[str]:
        """The `q` parameter of every `/search` request, in order."""
        return [r.params.get("q", "") for r in self.requests if r.path == "/search"]

    def answer_for(self, query: str) -> list[dict[str, Any]]:
        if query in self.answers:
            return self.answers[query]
        folded = {fold(key): value for key, value in self.answers.items()}
        return folded.get(fold(query), [])

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> "FakeNominatim":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                url = urlsplit(self.path)
                params = dict(parse_qsl(url.query, keep_blank_values=True))
                fake.record(RecordedRequest(url.path, params, dict(self.headers.items()), time.monotonic()))
                if fake.delay:
                    time.sleep(fake.delay)
                if url.path != "/search":
                    self._send(404, {"error": "not found"})
                elif fake.status != 200:
                    self._send(fake.status, {"error": {"code": fake.status, "message": "fake failure"}})
                else:
                    results = fake.answer_for(params.get("q", ""))
                    limit = int(params.get("limit") or 10)
                    if params.get("format") == "jsonv2":
                        results = [{**r, "category": r.get("class")} for r in results]
                    self._send(200, results[:limit])

            def _send(self, status: int, payload: Any) -> None:
                body = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests): nothing to answer

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a deliberately slow answer must not hold up the test's teardown
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeNominatim":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def geocoder_settings(*, domain: str, **overrides: Any) -> dict[str, Any]:
    """A `settings.GEOCODER` for a local server: Nominatim over plain HTTP, no rate-limit delay."""
    return {
        "PROVIDER": "nominatim",
        "DOMAIN": domain,
        "SCHEME": "http",
        "USER_AGENT": "geo_accmr-tests",
        "TIMEOUT": 2.0,
        "MIN_DELAY_SECONDS": 0.0,
        "CACHE_DAYS": 90,
        **overrides,
    }


@pytest.fixture
def fake_nominatim(settings: Any) -> Iterator[FakeNominatim]:
    """A running fake Nominatim with settings.GEOCODER pointing at it."""
    with FakeNominatim() as server:
        settings.GEOCODER = geocoder_settings(domain=server.domain)
        yield server


@pytest.fixture
def nominatim_down(settings: Any) -> Iterator[None]:
    """settings.GEOCODER pointing at a local port that refuses connections (bound, never listening)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))  # held for the whole test, so no other process can take the port
        settings.GEOCODER = geocoder_settings(domain=f"127.0.0.1:{sock.getsockname()[1]}")
        yield
