"""Throughput and the nearby floor on a user's installation: 100,000 demo services (`seed_demo`), nothing else done.

`make bench` runs this after its own tables (`python -m bench.saturation` alone runs only this part). Data: a
database of its own (GEO_ACCMR_SAT_DB, default geo_accmr_sat) filled by `manage.py seed_demo --services N`
(SAT_SERVICES, default 100,000) and kept between runs; no manual step after the seed (no VACUUM, CLUSTER or
refresh_map_cells: what the commands do themselves is what counts). The server is the production set-up:
gunicorn with gunicorn.conf.py (2 workers unless WEB_CONCURRENCY says otherwise), on loopback.

1. Nearby at its floor: p50 of /api/nearby/ (10 nearest) one request at a time, against 1.5 × (p50 of
   /api/health/ + the raw KNN execution time: EXPLAIN ANALYZE of `ORDER BY point <-> p LIMIT 10` on the search
   table), and the same with a filter (health + Arabic).
2. The map on the day after seeding: the cells are set back to yesterday (as a server that seeded yesterday
   would have them), then random viewports; the first request of the day rolls them over. p95 against 100 ms.
3. Closed-loop saturation: SAT_CONNECTIONS (12) connections, no think time, SAT_SECONDS (8) per endpoint in
   SAT_ROUNDS (4) turns taken endpoint after endpoint (the machine's other load weighs on all alike); requests
   per second of /api/health/, /api/nearby/, /api/map/ and the search page `/?lat=&lon=`, and each one's ratio
   to /api/health/ (targets: nearby ≥ 0.5, map ≥ 0.4, search page ≥ 0.25), with the errors.
"""

import asyncio
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SAT_DB = os.environ.get("GEO_ACCMR_SAT_DB", "geo_accmr_sat")
SERVICES = int(os.environ.get("SAT_SERVICES", "100000"))
CONNECTIONS = int(os.environ.get("SAT_CONNECTIONS", "12"))
SECONDS = float(os.environ.get("SAT_SECONDS", "8"))
ROUNDS = int(os.environ.get("SAT_ROUNDS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
PORT = int(os.environ.get("SAT_PORT", "8767"))
ATHENS = (37.9838, 23.7275)
TARGETS = {"/api/nearby/": 0.5, "/api/map/": 0.4, "/ (search page)": 0.25}
MAP_TARGET_MS = 100

os.environ["GEO_ACCMR_DBNAME"] = SAT_DB
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_accmr.settings.base")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.cells import cells_as_of_yesterday  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ensure_database() -> None:
    """The database, migrated, with the reference data and exactly SERVICES demo services (seeded once)."""
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SAT_DB]).fetchone():
            c.execute(f'CREATE DATABASE "{SAT_DB}"')
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name the manifest's files
    from services.models import Service

    if Service.objects.count() != SERVICES:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE services_organization CASCADE")  # this database holds only the demo
        call_command("load_reference_data", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", services=SERVICES, verbosity=0)
        print(f"  seed_demo --services {SERVICES:,}: {time.perf_counter() - started:.0f} s", flush=True)


def serve() -> subprocess.Popen:
    """gunicorn as in production (gunicorn.conf.py); the rate limiter runs but never trips; no external geocoder.

    The limit is per second: DRF's throttle keeps the time of every request of the period in one cached list, so a
    per-minute limit that never trips grows that list to tens of thousands of entries, read and written on every
    API request, and each endpoint measured later would pay for the requests of those before it. Per second, the
    list holds about what production's 600/min holds.
    """
    env = {**os.environ, "GEO_ACCMR_DBNAME": SAT_DB, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.base",
           "API_RATE_LIMIT": "100000/s", "GEOCODER_PROVIDER": "none", "PORT": str(PORT)}  # fmt: skip
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "geo_accmr.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,  # the access log goes to stdout, as in production
    )  # fmt: skip
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            conn.request("GET", "/api/health/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def timed(conn: http.client.HTTPConnection, path: str) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status} {body[:200]!r}")
    return elapsed, body


def points(rng: random.Random, n: int) -> list[tuple[float, float]]:
    return [(ATHENS[0] + rng.gauss(0, 0.04), ATHENS[1] + rng.gauss(0, 0.04)) for _ in range(n)]


def viewports(rng: random.Random, n: int) -> list[dict[str, object]]:
    """Random 1280×800 px viewports from country-wide to street level, mostly over Athens; a third filtered."""
    out = []
    for _ in range(n):
        zoom = rng.randint(6, 17)
        if rng.random() < 0.7:
            lat, lon = ATHENS[0] + rng.gauss(0, 0.05), ATHENS[1] + rng.gauss(0, 0.05)
        else:
            lat, lon = rng.uniform(35.5, 41), rng.uniform(20.5, 26)
        half_w = 640 * 360 / (256 * 2**zoom)
        half_h = half_w * 800 / 1280 * 0.8
        bbox = f"{lon - half_w:.5f},{lat - half_h:.5f},{lon + half_w:.5f},{lat + half_h:.5f}"
        extra = rng.choice([{}, {}, {"category": "health"}, {"language": "ar"}])
        out.append({"bbox": bbox, "zoom": zoom, **extra})
    return out


# ----------------------------------------------------------------------------------------------- 1. nearby floor
def raw_knn_ms(cursor, lat: float, lon: float) -> float:  # noqa: ANN001
    """The execution time PostgreSQL reports for the bare nearest-ten query on the search table."""
    cursor.execute(
        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM search_searchentry"
        " ORDER BY point <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography LIMIT 10",
        [lon, lat],
    )
    plan = cursor.fetchone()[0]
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Execution Time"]


def nearby_floor(rng: random.Random) -> list[tuple[str, float, str, float, bool]]:
    samples = points(rng, REQUESTS)
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    with connection.cursor() as cursor:
        for lat, lon in samples[:20]:  # warm up
            timed(conn, "/api/health/")
            timed(conn, "/api/nearby/?" + urlencode({"lat": lat, "lon": lon, "limit": 10}))
            raw_knn_ms(cursor, lat, lon)
        health, knn, nearby, filtered = [], [], [], []
        for lat, lon in samples:  # one after the other: the machine's other load weighs on all alike
            health.append(timed(conn, "/api/health/")[0])
            knn.append(raw_knn_ms(cursor, lat, lon))
            nearby.append(timed(conn, "/api/nearby/?" + urlencode({"lat": lat, "lon": lon, "limit": 10}))[0])
            query = {"lat": lat, "lon": lon, "limit": 10, "category": "health", "language": "ar"}
            filtered.append(timed(conn, "/api/nearby/?" + urlencode(query))[0])
    floor = statistics.median(health) + statistics.median(knn)
    baseline = f"1.5 × ({statistics.median(health):.2f} health + {statistics.median(knn):.2f} raw KNN)"
    return [
        ("/api/nearby/ p50 (10 nearest)", statistics.median(nearby), baseline, statistics.median(nearby) / floor,
         statistics.median(nearby) <= 1.5 * floor),
        ("/api/nearby/ p50 (health + Arabic)", statistics.median(filtered), baseline,
         statistics.median(filtered) / floor, statistics.median(filtered) <= 1.5 * floor),
    ]  # fmt: skip


# ----------------------------------------------------------------------------------------------- 2. map, next day
def map_next_day(rng: random.Random) -> list[tuple[str, float, str, float, bool]]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    times = [timed(conn, "/api/map/?" + urlencode(params))[0] for params in viewports(rng, REQUESTS)]
    p95 = percentile(times, 0.95)
    return [
        (f"/api/map/ p95, day after seeding ({len(times)} viewports; first {times[0]:.0f} ms)", p95,
         f"{MAP_TARGET_MS} ms target", p95 / MAP_TARGET_MS, p95 < MAP_TARGET_MS),
    ]  # fmt: skip


# ----------------------------------------------------------------------------------------------- 3. saturation
async def _client(paths: list[str], deadline: float, counts: dict[str, int], offset: int) -> None:
    """One closed loop sending requests back to back until the deadline (HTTP/1.1, Content-Length); it opens a new
    connection whenever the server closes one (gunicorn's sync workers close after every response)."""
    index = offset
    reader = writer = None
    while time.perf_counter() < deadline:
        path = paths[index % len(paths)]
        index += 1
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: el\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length, close = 0, False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            await reader.readexactly(length)
            counts["ok" if status == 200 else "errors"] += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            counts["errors"] += 1
            close = True
        if close and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _saturate(paths: list[str], seconds: float, offset: int) -> dict[str, int]:
    counts = {"ok": 0, "errors": 0}
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_client(paths, deadline, counts, offset + n * 7) for n in range(CONNECTIONS)))
    return counts


def saturation(rng: random.Random) -> list[tuple[str, float, str, float, bool]]:
    """Each endpoint for SECONDS in all, in ROUNDS turns taken one endpoint after the other, so that whatever else the
    machine does meanwhile weighs on every endpoint and on the minimal request alike."""
    near = points(rng, 400)
    endpoints = {
        "/api/health/": ["/api/health/"],
        "/api/nearby/": ["/api/nearby/?" + urlencode({"lat": lat, "lon": lon, "limit": 10}) for lat, lon in near],
        "/api/map/": ["/api/map/?" + urlencode(params) for params in viewports(rng, 400)],
        "/ (search page)": ["/?" + urlencode({"lat": f"{lat:.5f}", "lon": f"{lon:.5f}"}) for lat, lon in near],
    }
    for paths in endpoints.values():  # warm up: connections, caches, prepared statements
        asyncio.run(_saturate(paths, 1.0, 0))
    done = {name: 0 for name in endpoints}
    errors = {name: 0 for name in endpoints}
    elapsed = {name: 0.0 for name in endpoints}
    for turn in range(ROUNDS):
        for name, paths in endpoints.items():
            started = time.perf_counter()
            counts = asyncio.run(_saturate(paths, SECONDS / ROUNDS, turn * CONNECTIONS * 7))
            elapsed[name] += time.perf_counter() - started
            done[name] += counts["ok"]
            errors[name] += counts["errors"]
    rates = {name: done[name] / elapsed[name] for name in endpoints}
    health = rates["/api/health/"]
    label = (
        f"/api/health/ req/s ({CONNECTIONS} conn × {SECONDS:g} s in {ROUNDS} turns; {errors['/api/health/']} errors)"
    )
    rows = [(label, health, "the minimal request", 1.0, errors["/api/health/"] == 0)]  # fmt: skip
    for name, target in TARGETS.items():
        rows.append((f"{name} req/s ({errors[name]} errors)", rates[name], f"ratio to health ≥ {target}",
                     rates[name] / health, rates[name] / health >= target and errors[name] == 0))  # fmt: skip
    return rows


def main() -> None:
    rng = random.Random(17)
    print(f"saturation and nearby floor: {SERVICES:,} demo services (seed_demo), gunicorn.conf.py", flush=True)
    ensure_database()
    cells_as_of_yesterday()
    server = serve()
    try:
        rows = map_next_day(rng)  # first: the first map request of the day rolls the cells over
        rows = nearby_floor(rng) + rows
        rows += saturation(rng)
    finally:
        server.terminate()
        server.wait()
    print()
    print(f"{'services':>9} | {'measure':<62} | {'value':>8} | {'baseline':<40} | {'ratio':>6} | ok")
    print("-" * 145)
    for name, value, baseline, ratio, ok in rows:
        print(f"{SERVICES:>9,} | {name:<62} | {value:>8.2f} | {baseline:<40} | {ratio:>6.2f} | {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
