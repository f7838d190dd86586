"""make bench-coverage — /api/coverage/ at 100,000 synthetic services (the bench database of `make bench`).

Targets (issue 4): all 145 Athens neighbourhoods for one category in under 1 s with a cold cache, all 326
municipalities in under 3 s. Requests go over real HTTP to gunicorn on loopback. "Cold" means the result cache
cannot answer: the directory version is bumped before each request, as any edit to a service would. The sample
grids are built once per change of the areas (`manage.py coverage_grids`); their build time is reported apart.
"""

import http.client
import os
import statistics
import time
from urllib.parse import urlencode

from bench.__main__ import PORT, ensure_database, populate, serve, timed  # sets up Django on the bench database
from boundaries.models import Area  # noqa: E402
from coverage.actions import sample_grid_build  # noqa: E402
from coverage.models import SamplePoint  # noqa: E402
from search.actions.directory import directory_changed  # noqa: E402

SIZE = int(os.environ.get("BENCH_COVERAGE_SIZE", "100000"))
RUNS = int(os.environ.get("BENCH_COVERAGE_RUNS", "5"))
CASES = [
    ("145 Athens neighbourhoods, legal aid", {"level": "neighbourhood", "category": "legal-aid"}, 1000),
    ("145 Athens neighbourhoods, health (committee)", {"level": "neighbourhood", "category": "health"}, 1000),
    ("326 municipalities, legal aid", {"level": "municipality", "category": "legal-aid"}, 3000),
    ("326 municipalities, health (committee)", {"level": "municipality", "category": "health"}, 3000),
    ("326 municipalities, all services", {"level": "municipality"}, 3000),
]


def main() -> None:
    ensure_database()
    populate(SIZE)
    rows = []
    for level in ("neighbourhood", "community", "municipality"):
        ids = list(Area.objects.filter(level=level).values_list("id", flat=True))
        if SamplePoint.objects.filter(area_id__in=ids).values("area_id").distinct().count() < len(ids):
            started = time.perf_counter()
            points = sample_grid_build(area_ids=ids)
            rows.append((f"sample grid build, {len(ids)} {level} areas ({points:,} points)",
                         (time.perf_counter() - started) * 1000, None, None))  # fmt: skip
    server = serve()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        timed(conn, "/api/health/")
        for name, params, target in CASES:
            path = "/api/coverage/?" + urlencode(params)
            cold = []
            for _ in range(RUNS):
                directory_changed()  # a change: the cached answer no longer applies
                cold.append(timed(conn, path)[0])
            warm = statistics.median(timed(conn, path)[0] for _ in range(RUNS))
            rows.append((f"{name}: cold p50 / max", statistics.median(cold), max(cold), target))
            rows.append((f"{name}: cached p50", warm, None, None))
    finally:
        server.terminate()
        server.wait()
    print()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{SIZE:,} services; load average during the run {load} on {os.cpu_count()} cores")
    print(f"{'measure':<72} | {'ms':>9} | {'max ms':>9} | {'target ms':>9} | ok")
    print("-" * 112)
    for name, value, worst, target in rows:
        ok = "" if target is None else ("yes" if (worst or value) < target else "NO")
        print(
            f"{name:<72} | {value:>9.1f} | {'' if worst is None else f'{worst:9.1f}':>9} | "
            f"{'' if target is None else target:>9} | {ok}"
        )


if __name__ == "__main__":
    main()
