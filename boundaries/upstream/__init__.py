"""Rebuild the reference files (boundaries/data/) from their pinned public sources: `refresh_reference_data`.

Only that command uses this package; set-up, `make run` and `make test` read the committed files and never download.
:func:`fetch` downloads the upstream files listed in :data:`MANIFEST` (each pinned to a repository commit), checks their
SHA-256, and converts them into files with the same names, fields and form as the curated copies described in
``boundaries/data/README.md``, so the loader reads either. The download URL is the template
``https://raw.githubusercontent.com/{repo}/{commit}/{path}``; set ``GEO_ACCMR_DATA_SOURCE_URL`` (same placeholders) to
use a mirror. If the first request cannot connect, :func:`fetch` raises :class:`OfflineError` with a one-line message.

Pins. The SHA-256 values were computed from the public code-search index's copy of each file (text re-assembled from
its pages and checked against the index's character count and page boundaries), not from a download, because the
machine they were written on could not reach GitHub. Pinned: the Inside Airbnb ``neighbourhoods.geojson``, the OSM
``Hospitals.geojson``, ``ypesCodeMapping.json`` and the ELSTAT ``populations.csv`` (CRLF line ends, inferred from the
index's count). Not pinned (``sha256=None``): ``AthensCom.geojson`` (413,174 characters of 15-digit coordinates, too
large to re-assemble exactly) and the 326 Kallikratis ``datafiles/*.js`` modules (one file each; the repository has no
combined file). :func:`fetch` refuses unpinned files unless ``allow_unpinned=True`` (``--allow-unpinned``), and
records the SHA-256 of what it downloaded in the cache's ``SHA256SUMS`` so the pins can be filled in.

Differences from the curated copies. The curated files carry English municipality names from English Wikipedia's
"List of municipalities of Greece (2011)" (CC BY-SA 4.0); that list could not be fetched from a pinned source, so
downloaded files carry the ELOT 743 romanisation of the Greek genitive instead (``geo_accmr.text.transliterate``:
"Αθηναίων" → "Athinaion", not "Athens"). The curated ``share_inside_kallikratis_athens`` and all geometry processing
are recomputed here the same way the data README describes; metric areas (the 50 m² sliver threshold, ``area_km2``)
are measured in EPSG:2100 through GDAL/PROJ (:func:`metric_area`).

Modules: :mod:`.sources` (manifest, file names, Cities Network list, errors), :mod:`.geometry`, :mod:`.convert`,
:mod:`.download`.
"""

from .convert import (
    POPULATION_COLUMNS,
    build_municipalities,
    convert,
    convert_airbnb,
    convert_athens,
    convert_hospitals,
    parse_js_module,
    parse_population_csv,
)
from .download import fetch, gzip_bytes, source_url
from .geometry import metric_area
from .sources import (
    AIRBNB_FILE,
    AIRBNB_NEIGHBOURHOODS,
    ATHENS_COMMUNITIES,
    CACHE_DIRNAME,
    CNI_COLUMNS,
    CNI_CSV_FILE,
    CNI_GEOJSON_FILE,
    CNI_MEMBERS,
    COMMUNITIES_FILE,
    DATA_DIR_ENV,
    DEFAULT_SOURCE_URL,
    HOSPITALS_FILE,
    HOSPITALS_OSM,
    KALLIKRATIS_FILE,
    KALLIKRATIS_MODULE,
    KALLIKRATIS_NAMES,
    KALLIKRATIS_SIMPLIFIED_FILE,
    MANIFEST,
    NEIGHBOURHOODS_FILE,
    POPULATION_2021,
    POPULATION_FILE,
    SOURCE_URL_ENV,
    ChecksumError,
    FetchError,
    OfflineError,
    UnpinnedError,
    UpstreamFile,
    WrittenFile,
)

__all__ = [
    "AIRBNB_FILE",
    "AIRBNB_NEIGHBOURHOODS",
    "ATHENS_COMMUNITIES",
    "CACHE_DIRNAME",
    "CNI_COLUMNS",
    "CNI_CSV_FILE",
    "CNI_GEOJSON_FILE",
    "CNI_MEMBERS",
    "COMMUNITIES_FILE",
    "DATA_DIR_ENV",
    "DEFAULT_SOURCE_URL",
    "HOSPITALS_FILE",
    "HOSPITALS_OSM",
    "KALLIKRATIS_FILE",
    "KALLIKRATIS_MODULE",
    "KALLIKRATIS_NAMES",
    "KALLIKRATIS_SIMPLIFIED_FILE",
    "MANIFEST",
    "NEIGHBOURHOODS_FILE",
    "POPULATION_2021",
    "POPULATION_COLUMNS",
    "POPULATION_FILE",
    "SOURCE_URL_ENV",
    "ChecksumError",
    "FetchError",
    "OfflineError",
    "UnpinnedError",
    "UpstreamFile",
    "WrittenFile",
    "build_municipalities",
    "convert",
    "convert_airbnb",
    "convert_athens",
    "convert_hospitals",
    "fetch",
    "gzip_bytes",
    "metric_area",
    "parse_js_module",
    "parse_population_csv",
    "source_url",
]
