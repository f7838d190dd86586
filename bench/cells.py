"""The map cells as a server that seeded yesterday has them this morning (shared by bench/__main__ and
bench/saturation: the map on the day after seeding, with no manual step)."""

from datetime import timedelta


def cells_as_of_yesterday() -> None:
    """Count the cells for yesterday: the first map request of today then rolls them over, as on a live server."""
    from django.db import connection

    from freshness.policy import freshness_cutoffs
    from services.rules import service_day

    yesterday = service_day() - timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_map_cells_recount(%s, %s)", [yesterday, freshness_cutoffs(today=yesterday).hidden_before]
        )
