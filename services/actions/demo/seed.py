"""`demo_seed`: plan the rows, place the points, load them in bulk, then refresh areas, caches and search index."""

import time

from django.utils import timezone

from boundaries.actions import location_areas_refresh
from search.actions.directory import directory_changed
from search.actions.search_index import search_index_deferred

from .load import rows_write
from .plan import rows_plan
from .points import points_generate
from .reference import reference_load
from .report import DemoReport, DemoSeedError


def demo_seed(*, services: int = 300, seed: int = 1) -> DemoReport:
    """Create (or update in place, for the same seed and size) labelled fictional organisations and services."""
    if services < 1:
        raise DemoSeedError("the number of services must be at least 1")
    report = DemoReport()
    clock_start = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock_start
        now = time.perf_counter()
        report.seconds[step] = round(now - clock_start, 3)
        clock_start = now

    ref = reference_load()
    today = timezone.localdate()
    rows, cells, cell_areas = rows_plan(ref=ref, services=services, seed=seed, today=today)
    lap("plan")
    with search_index_deferred():
        points = points_generate(cells=cells, cell_areas=cell_areas, seed=seed, services=services)
        rows.locations = [(*row[:-1], point) for row, point in zip(rows.locations, points, strict=True)]
        lap("points")
        report.rows, report.new = rows_write(rows=rows, now=timezone.now(), timings=report.table_seconds)
        lap("write")
        location_areas_refresh()
        lap("location_areas_refresh")
        directory_changed()  # COPY sends no model signals: tell caches and map cells ourselves
        lap("directory")
    lap("search index")
    from community.demo import community_demo_seed  # activities, open calls, toolkit of the demo organisations

    community_demo_seed(seed=seed, today=today)
    report.organizations = len(rows.organizations)
    report.services = len(rows.services)
    report.locations = len(rows.locations)
    report.municipalities = len({municipality for _, municipality in cell_areas.values()})
    return report
