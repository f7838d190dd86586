"""make bench, paging and exports: /ogc/ items paged through `next` links, and export_hsds at 100,000 services.

- /ogc/ (issue 17, item 4): at each size of the benchmark database (BENCH_SIZES; the locations of `make bench`),
  the first and the last page of the whole `services` collection (1,000 features a page; the last page is asked as a
  client following the `next` links would: `after` the id that ends the page before it), and pages of town-sized
  `bbox` queries around Athens (each box paged to its end through the `next` links), p50/p95. Targets: the last page
  within 2× the first; `bbox` pages under 300 ms p95.
- export_hsds (item 5): the whole datapackage of a `seed_demo --services 100000` directory (a separate database,
  GEO_ACCMR_EXPORT_BENCH_DB, default geo_accmr_bench_export, built when missing and kept), run as `manage.py
  export_hsds` in a child process: the CSV tables' and the JSON files' times (each summed over its files; two
  threads write them side by side) and the child's peak memory (maxrss). BENCH_EXPORT=0 skips it.
  Targets: under 2 minutes, under 300 MB.
"""

import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.__main__ import (  # noqa: E402  (sets up Django on the benchmark database)
    ATHENS,
    BENCH_DB,
    PORT,
    SIZES,
    ensure_database,
    percentile,
    populate,
    serve,
    timed,
)

EXPORT_DB = os.environ.get("GEO_ACCMR_EXPORT_BENCH_DB", "geo_accmr_bench_export")
EXPORT_SERVICES = int(os.environ.get("EXPORT_BENCH_SERVICES", "100000"))
EXPORTS = os.environ.get("BENCH_EXPORT", "1") != "0"  # BENCH_EXPORT=0: the /ogc/ paging alone
PAGE = 1000
BBOXES = int(os.environ.get("BENCH_BBOXES", "30"))
ITEMS = "/ogc/collections/services/items"
PAGE_RATIO_TARGET = 2.0
BBOX_TARGET_MS = 300
EXPORT_TARGET_S = 120
EXPORT_MEMORY_MB = 300


def _next(body: bytes) -> str | None:
    import json

    links = {link["rel"]: link["href"] for link in json.loads(body)["links"]}
    if "next" not in links:
        return None
    parts = urlsplit(links["next"])
    return f"{parts.path}?{parts.query}"


def last_page_key(limit: int) -> str:
    """The id after which the collection's last page starts (what the `next` link of the page before it carries)."""
    from django.db import connection

    from opendata.selectors import service_location_window
    from services.selectors import SearchFilters

    window = service_location_window(filters=SearchFilters(), limit=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM (SELECT sal.id FROM services_serviceatlocation sal ORDER BY sal.id DESC"
            " LIMIT %s) last ORDER BY id LIMIT 1",
            [(window.matched - 1) % limit + 2],
        )
        return str(cursor.fetchone()[0])


def town_boxes(rng: random.Random) -> list[str]:
    """Town-sized boxes (1–6 km across) around Athens."""
    boxes = []
    for _ in range(BBOXES):
        lat, lon = ATHENS[0] + rng.gauss(0, 0.04), ATHENS[1] + rng.gauss(0, 0.04)
        half = rng.uniform(0.005, 0.03)
        boxes.append(f"{lon - half:.5f},{lat - half * 0.8:.5f},{lon + half:.5f},{lat + half * 0.8:.5f}")
    return boxes


def ogc_rows(n: int, rng: random.Random) -> list[tuple]:
    populate(n)
    key = last_page_key(PAGE)
    server = serve()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        first_path = f"{ITEMS}?limit={PAGE}"
        last_path = f"{ITEMS}?{urlencode({'limit': PAGE, 'after': key})}"
        for _ in range(2):  # warm up
            timed(conn, first_path)
            timed(conn, last_path)
        first, last = [], []
        for _ in range(5):
            first.append(timed(conn, first_path)[0])
            elapsed, body = timed(conn, last_path)
            last.append(elapsed)
            assert _next(body) is None, "the last page has no next link"
        pages, firsts, matched = [], [], []
        for box in town_boxes(rng):
            path: str | None = f"{ITEMS}?{urlencode({'bbox': box, 'limit': PAGE})}"
            while path:
                elapsed, body = timed(conn, path)
                pages.append(elapsed)
                if "after=" not in path:
                    firsts.append(elapsed)  # the box's first page: it reads the box (the later ones its rows)
                path = _next(body)
            matched.append(int(body.split(b'"numberMatched":', 1)[1].split(b",", 1)[0]))
    finally:
        server.terminate()
        server.wait()
    f50, l50 = statistics.median(first), statistics.median(last)
    p95 = percentile(pages, 0.95)
    return [
        (n, f"/ogc/ first page ({PAGE:,} of {n:,})", f50, "", None, None),
        (n, "/ogc/ last page (after=key, as the next links ask)", l50, f"≤ {PAGE_RATIO_TARGET} × first page",
         l50 / f50, l50 <= PAGE_RATIO_TARGET * f50),
        (n, f"/ogc/ bbox pages p95 ({len(pages)} pages, {BBOXES} towns, ≤{max(matched):,} matched)", p95,
         f"{BBOX_TARGET_MS} ms target; p50 {statistics.median(pages):.1f};"
         f" first pages p95 {percentile(firsts, 0.95):.1f}; load {os.getloadavg()[0]:.1f}",
         p95 / BBOX_TARGET_MS, p95 < BBOX_TARGET_MS),
    ]  # fmt: skip


def ensure_export_database() -> None:
    """A seed_demo directory of EXPORT_SERVICES services in its own database (seeded once, then kept)."""
    env = {**os.environ, "GEO_ACCMR_BENCH_DB": EXPORT_DB, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.base"}
    code = (
        "from bench.__main__ import ensure_database; ensure_database()\n"
        "from services.models import Service\n"
        "from django.core.management import call_command\n"
        f"if Service.objects.count() < {EXPORT_SERVICES}:\n"
        f"    call_command('seed_demo', services={EXPORT_SERVICES})\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def export_rows() -> list[tuple]:
    ensure_export_database()
    env = {**os.environ, "GEO_ACCMR_DBNAME": EXPORT_DB, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.base"}
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "manage.py", "export_hsds", folder, "--verbosity", "2"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdout is not None
        output = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory (maxrss, kB)
        total = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise RuntimeError(f"export_hsds failed ({child.returncode})")
        peak_mb = usage.ru_maxrss / 1024
        cpu_s = usage.ru_utime + usage.ru_stime  # the Python side; the database's work is not in it
        load = os.getloadavg()[0]
        size_mb = sum(path.stat().st_size for path in Path(folder).iterdir()) / 1e6
    times = dict(line.split(" seconds: ", 1) for line in output.splitlines() if " seconds: " in line)
    services = next(line for line in output.splitlines() if line.startswith("service: "))
    label = f"{services.split()[1]} services, {size_mb:.0f} MB"
    return [
        (EXPORT_SERVICES, f"export_hsds CSV tables ({label}; summed, beside the JSON)", float(times["csv"]) * 1000,
         "", None, None),
        (EXPORT_SERVICES, "export_hsds JSON (services.json, organizations.json; summed)", float(times["json"]) * 1000,
         "", None, None),
        (EXPORT_SERVICES, "export_hsds whole datapackage", total * 1000,
         f"{EXPORT_TARGET_S} s target; load {load:.1f}, process CPU {cpu_s:.0f} s", total / EXPORT_TARGET_S,
         total < EXPORT_TARGET_S),
        (EXPORT_SERVICES, "export_hsds peak memory (MB, maxrss)", peak_mb, f"{EXPORT_MEMORY_MB} MB target",
         peak_mb / EXPORT_MEMORY_MB, peak_mb < EXPORT_MEMORY_MB),
    ]  # fmt: skip


def main() -> None:
    rng = random.Random(17)
    ensure_database()
    rows = []
    for n in reversed(SIZES):  # the size `make bench` left in the database first: no regeneration
        print(f"/ogc/ paging at {n:,} ({BENCH_DB})", flush=True)
        rows += ogc_rows(n, rng)
    if EXPORTS:
        print(f"export_hsds at {EXPORT_SERVICES:,} services ({EXPORT_DB})", flush=True)
        rows += export_rows()
    print()
    print(f"{'size':>10} | {'measure':<60} | {'ms':>9} | {'target':<40} | {'ratio':>6} | ok")
    print("-" * 142)
    for n, name, value, target, ratio, ok in rows:
        shown = "" if ratio is None else f"{ratio:>6.2f}"
        verdict = "" if ok is None else ("yes" if ok else "NO")
        print(f"{n:>10,} | {name:<60} | {value:>9.1f} | {target:<40} | {shown:>6} | {verdict}")


if __name__ == "__main__":
    main()
