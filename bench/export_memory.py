"""make bench-export — stream /export/services.csv and .geojson of 1,000,000 locations; peak memory and throughput.

Uses the benchmark database of `make bench` (GEO_ACCMR_BENCH_DB, default geo_accmr_bench; built when missing or of
another size). One gunicorn sync worker serves the export over loopback; the figure that matters is that worker's
peak resident memory (VmHWM from /proc), which must stay under EXPORT_MEMORY_LIMIT_MB (200) however many rows
stream. Throughput is rows and MB per second as the client reads them.
"""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = int(os.environ.get("EXPORT_BENCH_SIZE", "1000000"))
LIMIT_MB = float(os.environ.get("EXPORT_MEMORY_LIMIT_MB", "200"))
PORT = int(os.environ.get("BENCH_PORT", "8766"))
sys.path.insert(0, str(ROOT))

from bench.__main__ import BENCH_DB, ensure_database, populate  # noqa: E402  (sets up Django on the bench DB)


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def serve() -> tuple[subprocess.Popen, int]:
    """gunicorn with one sync worker; returns the master process and the worker's pid."""
    env = {**os.environ, "GEO_ACCMR_DBNAME": BENCH_DB, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.base"}
    master = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "geo_accmr.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "1", "--timeout", "600", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            conn.request("GET", "/api/health/")
            conn.getresponse().read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise RuntimeError("gunicorn did not start")
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return master, int(children[0])


def export(path: str) -> dict:
    """Read the whole streamed answer in 64 KiB pieces, counting bytes and lines; nothing is kept."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    t0 = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    first_byte = None
    size = records = 0
    marker = b"\n" if path.endswith(".csv") else b'"type":"Feature",'
    tail = b""  # the end of the previous piece, shorter than the marker: a marker split across pieces counts once
    while piece := response.read(65536):
        if first_byte is None:
            first_byte = time.perf_counter() - t0
        size += len(piece)
        records += (tail + piece).count(marker)
        tail = piece[-(len(marker) - 1) :] if len(marker) > 1 else b""
    elapsed = time.perf_counter() - t0
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return {"seconds": elapsed, "first_byte_s": first_byte or elapsed, "mb": size / 1e6, "records": records}


def main() -> None:
    ensure_database()
    populate(SIZE)
    master, worker = serve()
    rows = []
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        conn.request("GET", "/export/services.csv?category=nonexistent-warmup")  # imports, connection: a 400
        conn.getresponse().read()
        idle_mb = memory_kb(worker, "VmRSS") / 1024
        for name, path in [("CSV", "/export/services.csv"), ("GeoJSON", "/export/services.geojson")]:
            result = export(path)
            peak_mb = memory_kb(worker, "VmHWM") / 1024  # the worker's peak so far (both exports by the end)
            records = result["records"] - 1 if name == "CSV" else result["records"]  # the CSV header line
            rows.append((name, records, result, peak_mb))
    finally:
        master.terminate()
        master.wait()
    print()
    print(f"export of {SIZE:,} synthetic locations; one gunicorn sync worker, idle RSS {idle_mb:.0f} MB")
    print(f"{'format':<8} | {'records':>10} | {'MB':>8} | {'s':>7} | {'first byte s':>12} | {'rows/s':>9} | "
          f"{'MB/s':>6} | {'peak RSS MB':>11} | under {LIMIT_MB:.0f} MB")  # fmt: skip
    print("-" * 110)
    ok = True
    for name, records, r, peak in rows:
        under = peak < LIMIT_MB
        ok = ok and under and records == SIZE
        print(f"{name:<8} | {records:>10,} | {r['mb']:>8.1f} | {r['seconds']:>7.1f} | {r['first_byte_s']:>12.2f} | "
              f"{records / r['seconds']:>9,.0f} | {r['mb'] / r['seconds']:>6.1f} | {peak:>11.1f} | "
              f"{'yes' if under else 'NO'}")  # fmt: skip
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
