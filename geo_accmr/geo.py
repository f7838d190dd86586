"""Geographic constants used across the project, in one place: SRIDs, Athens, Greece's bounds, area levels."""

from zoneinfo import ZoneInfo

WGS84 = 4326  # storage and API: lon/lat degrees
WEB_MERCATOR = 3857  # map tiles
GREEK_GRID = 2100  # GGRS87 / Greek Grid (metres): areas, sample grids

# Greece's one time zone: the directory's days, opening hours and verified-on dates (services/rules.py).
ATHENS = ZoneInfo("Europe/Athens")
# Athens (Syntagma), (lat, lon): the map's default centre and the benchmarks' search point.
ATHENS_LATLON = (37.9838, 23.7275)

# Greece, islands included (Othonoi 19.38° E, Gavdos 34.80° N, Strongyli 29.65° E, Evros 41.75° N), as
# (west, south, east, north) degrees: coordinates outside are an error, and the geocoder answers only inside it.
GREECE_BBOX = (19.3, 34.7, 29.7, 41.8)

# The column of a location (and of an unmet-need row, and of the search index) that holds its area of each level.
LEVEL_COLUMN = {"municipality": "municipality_id", "community": "community_id", "neighbourhood": "neighbourhood_id"}
