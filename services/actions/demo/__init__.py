"""Demo data: clearly labelled fictional organisations and services, placed inside the real areas and loaded in bulk.

Ids are uuid5 of (seed, number of services, record kind, index): running again with the same `seed` and `services`
updates the same rows in place (their languages, schedules, phones, categories… are replaced); another seed or size
adds a second, separate demo set beside the first.

Where: a municipality drawn with weight population × 4 in Attica and in the Cities Network for Integration (× 3 more
for Athens, the map's home); inside Athens a neighbourhood drawn by area. Points come from PostGIS
`ST_GeneratePoints` inside that polygon, seeded by seed and area code (the same seed gives the same points wherever
the same reference data is loaded), and are kept only when the municipality covers them under the exact `ST_Covers`
test the app uses. (Sampling in Python with shapely's `contains_xy` took the same 0.2 s for 100,000 points, but
PostGIS decides "inside" exactly as the app's queries do.)

How: rows are built as plain tuples, then each table is filled with one COPY (psycopg 3); records that exist already
(same seed and size) go through a staging table and `INSERT … ON CONFLICT DO UPDATE`. Last, one
`location_areas_refresh()` assigns each location its municipality, community and neighbourhood. COPY bypasses
the one recorder of changes (`editing.writer.history_record`): demo data gets no history versions and no HSDS
`metadata` rows, on purpose (fictional records, loaded in bulk for speed); the next edit of one records the state it
finds as its first version.

Modules: `vocabulary` (fixed word lists, hours patterns, codes and shares), `reference` (the areas and taxonomy read
from the database), `plan` (every row, from one seeded random generator), `points` (PostGIS points inside the
areas), `load` (the bulk COPY and upsert), `seed` (`demo_seed`: the steps in order, under the deferred search
index, then the final refresh), `report` (`DemoReport`, `DemoSeedError`).
"""

from .report import DemoReport, DemoSeedError
from .seed import demo_seed
from .vocabulary import DEMO_LABEL_EL, DEMO_LABEL_EN

__all__ = ["DEMO_LABEL_EL", "DEMO_LABEL_EN", "DemoReport", "DemoSeedError", "demo_seed"]
