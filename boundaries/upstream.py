"""Download the reference data from its pinned public sources and rebuild the files of the reference-data directory.

When the directory named by ``GEO_ACCMR_DATA_DIR`` is empty, :func:`fetch` downloads the upstream files listed in
:data:`MANIFEST` (each pinned to a repository commit), checks their SHA-256, and converts them into files with the same
names, fields and form as the curated copies described in ``shared/data/README.md``, so the loader reads either.
The download URL is the template ``https://raw.githubusercontent.com/{repo}/{commit}/{path}``; set
``GEO_ACCMR_DATA_SOURCE_URL`` (same placeholders) to use a mirror. If the first request cannot connect, :func:`fetch`
raises :class:`OfflineError` with a one-line message.

Pins. The SHA-256 values were computed from the public code-search index's copy of each file (text re-assembled from
its pages and checked against the index's character count and page boundaries), not from a download, because this
machine cannot reach GitHub. Pinned: the Inside Airbnb ``neighbourhoods.geojson``, the OSM ``Hospitals.geojson``,
``ypesCodeMapping.json`` and the ELSTAT ``populations.csv`` (CRLF line ends, inferred from the index's count).
Not pinned (``sha256=None``): ``AthensCom.geojson`` (413,174 characters of 15-digit coordinates, too large to
re-assemble exactly) and the 326 Kallikratis ``datafiles/*.js`` modules (one file each; the repository has no combined
file). :func:`fetch` refuses unpinned files unless ``allow_unpinned=True`` (``fetch_reference_data --allow-unpinned``),
and reports the SHA-256 of what it downloaded so the pins can be filled in.

Differences from the curated copies. The curated ``shared/`` files carry English municipality names from English
Wikipedia's "List of municipalities of Greece (2011)" (CC BY-SA 4.0); that list could not be fetched from a pinned
source, so downloaded files carry a deterministic ELOT 743 transliteration of the Greek genitive instead
(e.g. "Αθηναίων" → "Athinaion", not "Athens"). The curated ``share_inside_kallikratis_athens`` and all geometry
processing are recomputed here the same way the README describes.

Metric areas (sliver threshold, ``area_km2``) use EPSG:2100 through pyproj when it is installed; otherwise a built-in
Transverse Mercator series on GRS80 with the EPSG:2100 projection parameters (the GGRS87 datum shift is ignored, which
moves areas by about one part in a million).
"""

from __future__ import annotations

import concurrent.futures
import csv
import hashlib
import http.client
import io
import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

try:  # optional: exact EPSG:2100 areas
    from pyproj import Transformer
except ImportError:  # pragma: no cover - depends on the environment
    Transformer = None

logger = logging.getLogger(__name__)

DATA_DIR_ENV = "GEO_ACCMR_DATA_DIR"
SOURCE_URL_ENV = "GEO_ACCMR_DATA_SOURCE_URL"
DEFAULT_SOURCE_URL = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
CACHE_DIRNAME = ".upstream-cache"
CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}

# Roles tell the converter what each upstream file is.
ATHENS_COMMUNITIES = "athens_communities"
AIRBNB_NEIGHBOURHOODS = "airbnb_neighbourhoods"
KALLIKRATIS_NAMES = "kallikratis_names"
KALLIKRATIS_MODULE = "kallikratis_module"
POPULATION_2021 = "population_2021"
HOSPITALS_OSM = "hospitals_osm"

# Output file names (identical to the curated reference-data directory).
NEIGHBOURHOODS_FILE = "athens_neighbourhoods.geojson"
COMMUNITIES_FILE = "athens_municipal_communities.geojson"
AIRBNB_FILE = "athens_neighbourhoods_insideairbnb.geojson"
KALLIKRATIS_FILE = "greece_municipalities_kallikratis.geojson"
KALLIKRATIS_SIMPLIFIED_FILE = "greece_municipalities_kallikratis_simplified.geojson"
CNI_GEOJSON_FILE = "cni_member_municipalities.geojson"
CNI_CSV_FILE = "cni_member_municipalities.csv"
POPULATION_FILE = "greece_municipalities_population_2021.csv"
HOSPITALS_FILE = "attica_hospitals_osm.geojson"


@dataclass(frozen=True)
class UpstreamFile:
    """One upstream file pinned to a commit, with its expected SHA-256 (None when not pinned) and what it is."""

    role: str
    repo: str
    commit: str
    path: str
    sha256: str | None
    description: str

    @property
    def label(self) -> str:
        """Short human name: repo/path@commit."""
        return f"{self.repo}/{self.path}@{self.commit[:12]}"


@dataclass(frozen=True)
class WrittenFile:
    """An output file written by :func:`fetch` and how many features or rows it holds."""

    path: Path
    count: int


@dataclass(frozen=True)
class _Output:
    """One converted file, ready to write."""

    name: str
    data: bytes
    count: int


class FetchError(Exception):
    """Downloading or converting the upstream reference data failed."""


class OfflineError(FetchError):
    """The first request could not connect (DNS, refused connection or timeout)."""


class ChecksumError(FetchError):
    """A downloaded file does not have its pinned SHA-256."""


class UnpinnedError(FetchError):
    """The manifest has files without a SHA-256 pin and ``allow_unpinned`` was not given."""


_ATHENS_GIS = "kmarkosgis/athens-gis-repository"
_KALLIKRATIS = "sourcegr/Kalikratis-GeoJSON"
_KALLIKRATIS_HEAD = "c7cefeb06fb4adedb30c8dd57cf41218f3d9c81c"
_KALLIKRATIS_CODES = [*(str(code) for code in range(9001, 9326)), "null"]  # null.js is Mount Athos

MANIFEST: list[UpstreamFile] = [
    UpstreamFile(
        role=POPULATION_2021,
        repo="tdiam/greece-population-census-2021",
        commit="7cfa2fa6d68d038d38dc9fd25e3feb9b9fc8cd71",
        path="data/municipalities/populations.csv",
        sha256="78f6c218fa73105278cf6cadffb5ab936b6d9a5ca9f456534ac70820d27ccf0e",
        description="ELSTAT 2021 census provisional population per municipality (CC0 compilation; credit ELSTAT)",
    ),
    UpstreamFile(
        role=AIRBNB_NEIGHBOURHOODS,
        repo="michangelis/Exploring-Airbnb-in-Athens",
        commit="7dcb055723e854d8ca0018d66039ba646e53d6f3",
        path="data/neighbourhoods.geojson",
        sha256="e438ff47f6a1531cefc70c333092c684c7e20edde854aa374ca17f3630c438b5",
        description="Inside Airbnb's 45 Athens neighbourhoods (CC BY 4.0)",
    ),
    UpstreamFile(
        role=HOSPITALS_OSM,
        repo=_ATHENS_GIS,
        commit="23cc8f09d5581f4529854465f682f0615f628528",
        path="data/Amenities/Hospitals.geojson",
        sha256="b212c63974b81f4792e8612d7382cb2d756b77dc1af7a6f866d97935d9194e74",
        description="hospitals (amenity=hospital) in Attica from OpenStreetMap (ODbL 1.0)",
    ),
    UpstreamFile(
        role=KALLIKRATIS_NAMES,
        repo=_KALLIKRATIS,
        commit="d4073c8f7193f18a985072c506c0c1c9591f5ec8",
        path="ypesCodeMapping.json",
        sha256="a98e96bc891770a80047f3e9973d096971e6b204d8cc8bfa860a5c460b14bc62",
        description="Kallikratis municipality codes (ΥΠΕΣ) and Greek names",
    ),
    UpstreamFile(
        role=ATHENS_COMMUNITIES,
        repo=_ATHENS_GIS,
        commit="87f74052f21b061b825a1dc302b9d81a7b78f09a",
        path="data/Boundaries/AthensCom.geojson",
        sha256=None,
        description="municipal communities and neighbourhoods of the Municipality of Athens (CC BY 4.0)",
    ),
    *(
        UpstreamFile(
            role=KALLIKRATIS_MODULE,
            repo=_KALLIKRATIS,
            commit=_KALLIKRATIS_HEAD,
            path=f"datafiles/{code}.js",
            sha256=None,
            description=f"Kallikratis municipality polygon {code} as a JS module (geodata.gov.gr, CC BY 3.0)",
        )
        for code in _KALLIKRATIS_CODES
    ),
]

# The 18 Cities Network for Integration members (facts compiled from public pages, see README §6).
CNI_COLUMNS = ["name_en", "name_el_official", "kallikratis_ypes_code", "elstat_2021_code", "membership_source"]
_FOUNDER = "founding member (MoU Athens–Thessaloniki Jan 2018)"
_NEWSLETTERS = "CNI newsletter #1 (Jul 2020) / #2 (Feb 2021)"
_LATE_2020 = "joined late 2020 (CNI newsletter #2 Feb 2021)"
CNI_MEMBERS: list[tuple[str, str, str, str, str]] = [
    ("Athens", "Δήμος Αθηναίων", "9186", "4501", _FOUNDER),
    ("Thessaloniki", "Δήμος Θεσσαλονίκης", "9031", "0701", _FOUNDER),
    ("Agios Dimitrios", "Δήμος Αγίου Δημητρίου", "9194", "4802", _NEWSLETTERS),
    ("Heraklion", "Δήμος Ηρακλείου", "9305", "7101", _NEWSLETTERS),
    ("Ioannina", "Δήμος Ιωαννιτών", "9084", "1801", _NEWSLETTERS),
    ("Karditsa", "Δήμος Καρδίτσας", "9092", "2301", _NEWSLETTERS),
    ("Larissa", "Δήμος Λαρισαίων", "9100", "2201", _NEWSLETTERS),
    ("Livadeia", "Δήμος Λεβαδέων", "9145", "2801", _NEWSLETTERS),
    ("Nea Filadelfeia-Nea Chalkidona", "Δήμος Νέας Φιλαδελφείας-Νέας Χαλκηδόνος", "9193", "4508", _NEWSLETTERS),
    ("Piraeus", "Δήμος Πειραιώς", "9205", "5101", _NEWSLETTERS),
    ("Tilos", "Δήμος Τήλου", "9298", "6904", _NEWSLETTERS),
    ("Trikala", "Δήμος Τρικκαίων", "9114", "2601", _NEWSLETTERS),
    ("Tripoli", "Δήμος Τρίπολης", "9241", "4001", _NEWSLETTERS),
    ("Neapoli-Sykies", "Δήμος Νεάπολης-Συκεών", "9035", "0710", "joined Sep 2020 (CNI newsletter #1/#2)"),
    ("Chania", "Δήμος Χανίων", "9325", "7401", _LATE_2020),
    ("Delta", "Δήμος Δέλτα", "9028", "0704", _LATE_2020),
    ("Kalamaria", "Δήμος Καλαμαριάς", "9032", "0707", _LATE_2020),
    ("Katerini", "Δήμος Κατερίνης", "9047", "1101", "joined 2021 (municipal council decision 177/2021)"),
]
_CNI_YPES = {member[2] for member in CNI_MEMBERS}
_CNI_ELSTAT = {member[3] for member in CNI_MEMBERS}

# ELSTAT 2021 municipalities whose Greek name does not match a Kallikratis polygon name: the Law 4600/2019 splits
# (population summed into the parent polygon), the 2019 renames, spelling variants, the two "Ηρακλείου" and Athos.
_ELSTAT_TO_KALLIKRATIS: dict[str, str] = {
    "1402": "9069", "1405": "9069",  # Βελβεντού, Σερβίων ← Σερβίων - Βελβεντού
    "3201": "9118", "3202": "9118", "3203": "9118",  # Κέρκυρας split in three
    "3501": "9120", "3502": "9120", "3503": "9120",  # Κεφαλονιάς split in three
    "5301": "9261", "5302": "9261",  # Λέσβου split in two
    "5601": "9264", "5602": "9264",  # Σάμου split in two
    "1602": "9065",  # Άργους Ορεστικού ← Ορεστίδος
    "2602": "9112",  # Μετεώρων ← Καλαμπάκας
    "2704": "9163",  # Καμένων Βούρλων ← Μώλου - Αγ. Κωνσταντίνου
    "2802": "9142",  # Αλιάρτου - Θεσπιέων ← Αλιάρτου
    "4203": "9244",  # Λουτρακίου - Περαχώρας - Αγ. Θεοδώρων
    "4508": "9193",  # Νέας Φιλαδέλφειας - Νέας Χαλκηδόνος
    "5104": "9204",  # Νίκαιας - Αγίου Ι. Ρέντη
    "5207": "9213",  # Τροιζηνίας - Μεθάνων
    "0803": "9025", "5702": "9267", "6202": "9281",  # "Ηρωικής ..." prefixes
    "2405": "9108", "2707": "9164", "4506": "9191", "4706": "9184", "5201": "9211",  # spelling variants
    "4604": "9170", "7101": "9305",  # Ηρακλείου: Attica and Crete
    "9901": "null",  # Άγιο Όρος (Mount Athos), null.js
}  # fmt: skip
_SPLIT_NOTE = "sum of ELSTAT 2021 municipalities created by law 4600/2019"
_ATHOS_FULL_NAME = "Άγιο Όρος (Αυτοδιοίκητο)"
_ATHENS_YPES = "9186"

# ------------------------------------------------------------------------------------------------ transliteration
_GREEK_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k", "λ": "l",
    "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f",
    "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_VOICED_AFTER_U = set("αεηιουωβγδζλμνρ")  # αυ/ευ/ηυ → av/ev/iv before these, af/ef/if otherwise
_DIAERESIS = "\u0308"
_LOWERCASE_WORDS = {"kai"}


def _greek_chars(text: str) -> list[tuple[str, bool]]:
    """Lower-case base letters without accents, each with a flag for a diaeresis."""
    chars: list[tuple[str, bool]] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.combining(ch):
            if ch == _DIAERESIS and chars:
                chars[-1] = (chars[-1][0], True)
            continue
        chars.append((ch, False))
    return chars


def transliterate(text: str) -> str:
    """Greek → Latin after ELOT 743 (αυ/ευ → av/af, μπ → b/mp, ντ → d/nt, γγ → ng), words capitalised."""
    chars = _greek_chars(text)
    out: list[str] = []
    i = 0
    while i < len(chars):
        ch, _ = chars[i]
        nxt, nxt_diaeresis = chars[i + 1] if i + 1 < len(chars) else ("", False)
        after = chars[i + 2][0] if i + 2 < len(chars) else ""
        at_start = i == 0 or chars[i - 1][0] not in _GREEK_LETTERS
        if ch in "αεη" and nxt == "υ" and not nxt_diaeresis:
            out.append(_GREEK_LETTERS[ch] + ("v" if after in _VOICED_AFTER_U else "f"))
            i += 2
        elif ch == "ο" and nxt == "υ" and not nxt_diaeresis:
            out.append("ou")
            i += 2
        elif ch == "μ" and nxt == "π":
            out.append("b" if at_start or after not in _GREEK_LETTERS else "mp")
            i += 2
        elif ch == "ν" and nxt == "τ":
            out.append("d" if at_start else "nt")
            i += 2
        elif ch == "γ" and nxt in ("γ", "ξ", "χ"):
            out.append("n")
            i += 1
        else:
            out.append(_GREEK_LETTERS.get(ch, ch))
            i += 1
    latin = "".join(out)

    def capitalise(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word in _LOWERCASE_WORDS and match.start() > 0 else word[:1].upper() + word[1:]

    return re.sub(r"[a-z]+", capitalise, latin)


def _name_key(name: str) -> str:
    """Join key for Greek municipality names: no accents, upper case, '&' as ΚΑΙ, tight hyphens."""
    key = "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch)).upper()
    key = key.replace("&", " ΚΑΙ ")
    key = re.sub(r"\s*-\s*", "-", key)
    return re.sub(r"\s+", " ", key).strip()


# --------------------------------------------------------------------------------------------------- geometry
_GRS80_A = 6378137.0
_GRS80_F = 1 / 298.257222101
_TM87_LON0 = 24.0
_TM87_K0 = 0.9996
_TM87_FALSE_EASTING = 500000.0
_TM87_FALSE_NORTHING = -2000000.0
_SLIVER_M2 = 50.0

# Metric areas (the 50 m² sliver threshold, area_km2): EPSG:2100 through pyproj when it is installed. Without pyproj,
# not a local equal-area approximation but the Transverse Mercator series below on GRS80 with the EPSG:2100 parameters
# (lon0 24°, k0 0.9996, false origin 500000/-2000000), ignoring the GGRS87 datum shift: areas agree with EPSG:2100 to
# about 1e-6 (checked: the seven Athens communities reproduce the curated area_km2 to the third decimal).


def _tm87_series(coords: np.ndarray) -> np.ndarray:
    """Lon/lat degrees → Greek Grid metres by the Transverse Mercator series (Snyder 1987, eq. 8-9/8-10)."""
    e2 = _GRS80_F * (2 - _GRS80_F)
    ep2 = e2 / (1 - e2)
    lon = np.radians(coords[:, 0] - _TM87_LON0)
    lat = np.radians(coords[:, 1])
    sin, cos, tan = np.sin(lat), np.cos(lat), np.tan(lat)
    n = _GRS80_A / np.sqrt(1 - e2 * sin**2)
    t = tan**2
    c = ep2 * cos**2
    a = lon * cos
    m = _GRS80_A * (
        (1 - e2 / 4 - 3 * e2**2 / 64 - 5 * e2**3 / 256) * lat
        - (3 * e2 / 8 + 3 * e2**2 / 32 + 45 * e2**3 / 1024) * np.sin(2 * lat)
        + (15 * e2**2 / 256 + 45 * e2**3 / 1024) * np.sin(4 * lat)
        - (35 * e2**3 / 3072) * np.sin(6 * lat)
    )
    x = _TM87_K0 * n * (a + (1 - t + c) * a**3 / 6 + (5 - 18 * t + t**2 + 72 * c - 58 * ep2) * a**5 / 120)
    y = _TM87_K0 * (
        m
        + n
        * tan
        * (a**2 / 2 + (5 - t + 9 * c + 4 * c**2) * a**4 / 24 + (61 - 58 * t + t**2 + 600 * c - 330 * ep2) * a**6 / 720)
    )
    return np.column_stack([x + _TM87_FALSE_EASTING, y + _TM87_FALSE_NORTHING])


if Transformer is not None:  # pragma: no cover - depends on the environment
    _TO_2100 = Transformer.from_crs("EPSG:4326", "EPSG:2100", always_xy=True)

    def _project(coords: np.ndarray) -> np.ndarray:
        """Lon/lat degrees → EPSG:2100 metres (pyproj)."""
        x, y = _TO_2100.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

else:
    _project = _tm87_series


def metric_area(geom: BaseGeometry) -> float:
    """Area in m² of a lon/lat geometry, measured in EPSG:2100 (see the module docstring for the method)."""
    if geom.is_empty:
        return 0.0
    return float(shapely.transform(geom, _project).area)


def _quantize(geom: BaseGeometry, decimals: int, *, truncate: bool = False) -> BaseGeometry:
    """Round (or truncate toward zero) every coordinate to ``decimals`` places."""
    scale = 10.0**decimals

    def snap(coords: np.ndarray) -> np.ndarray:
        scaled = np.round(coords * scale, 3)  # drop float noise before truncating
        return (np.trunc(scaled) if truncate else np.round(scaled)) / scale

    return shapely.transform(geom, snap)


def _polygons_of(geom: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons inside any geometry (collections and multi-parts flattened)."""
    found: list[Polygon] = []
    stack = [geom]
    while stack:
        item = stack.pop()
        if item.is_empty:
            continue
        if isinstance(item, Polygon):
            found.append(item)
        elif hasattr(item, "geoms"):
            stack.extend(item.geoms)
    found.reverse()
    return found


def _polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """A valid Polygon or MultiPolygon: make_valid, then keep only the polygonal parts."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    polygons = _polygons_of(geom)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _as_multi(geom: Polygon | MultiPolygon) -> MultiPolygon:
    """Wrap a Polygon as a one-part MultiPolygon."""
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom])


def _drop_slivers(geom: BaseGeometry, *, min_area_m2: float = _SLIVER_M2) -> Polygon | MultiPolygon:
    """Remove interior holes and polygon parts smaller than ``min_area_m2``."""
    kept = []
    for polygon in _polygons_of(geom):
        if metric_area(Polygon(polygon.exterior)) < min_area_m2:
            continue
        holes = [ring for ring in polygon.interiors if metric_area(Polygon(ring)) >= min_area_m2]
        kept.append(Polygon(polygon.exterior, holes))
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def _feature(properties: dict[str, Any], geometry: Mapping[str, Any] | BaseGeometry) -> dict[str, Any]:
    """A GeoJSON Feature with properties before geometry."""
    if isinstance(geometry, BaseGeometry):
        geometry = mapping(geometry)
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _geojson(name: str, features: list[dict[str, Any]]) -> _Output:
    """A FeatureCollection in the curated files' form (name, CRS84, compact JSON, trailing newline)."""
    document = {"type": "FeatureCollection", "name": name, "crs": CRS84, "features": features}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _Output(f"{name}.geojson", (text + "\n").encode(), len(features))


def _csv(name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> _Output:
    """A UTF-8 CSV with LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return _Output(name, buffer.getvalue().encode(), count)


# ------------------------------------------------------------------------------------------------- converters
def _clean(value: Any) -> Any:
    """Source placeholders ("--", " ", "") become None; strings are stripped."""
    if isinstance(value, str):
        value = value.strip()
        return None if value in ("", "-", "--") else value
    return value


def _ordinal(number: int) -> str:
    """1 → 1st, 2 → 2nd, 3 → 3rd, 4 → 4th."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def convert_athens(
    document: Mapping[str, Any], *, athens_boundary: BaseGeometry | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """AthensCom.geojson → (neighbourhood features, community features) in the curated fields."""
    neighbourhoods = []
    members: dict[int, list[tuple[BaseGeometry, Mapping[str, Any]]]] = defaultdict(list)
    for source in document.get("features", []):
        raw = source.get("properties") or {}
        geitonia, geiton_en = _clean(raw.get("geitonia")), _clean(raw.get("geiton_en"))
        place, place_en = _clean(raw.get("name_place")), _clean(raw.get("name_pl_en"))
        dk, dk_en = _clean(raw.get("dk")), _clean(raw.get("dk_en"))
        match = re.match(r"(\d+)", dk or "")
        dk_number = int(match.group(1)) if match else None
        if geitonia:
            kind, name_el, name_en = "neighbourhood", geitonia, geiton_en
        elif place:
            kind, name_el, name_en = "place", place, place_en
        else:
            kind = name_el = name_en = None
        geom = _polygonal(_quantize(shape(source["geometry"]), 6, truncate=True))
        share = None
        if athens_boundary is not None:
            own = metric_area(geom)
            share = round(metric_area(geom.intersection(athens_boundary)) / own, 3) if own else None
        area, perimeter = raw.get("shapeaream"), raw.get("shapelengm")
        properties = {
            "fid": raw.get("FID", source.get("id")),
            "name_el": name_el,
            "name_en": name_en,
            "kind": kind,
            "geitonia_el": geitonia,
            "geitonia_en": geiton_en,
            "name_place_el": place,
            "name_place_en": place_en,
            "dk": dk,
            "dk_number": dk_number,
            "dk_en": dk_en,
            "source_area_m2": round(area, 1) if isinstance(area, int | float) else None,
            "source_perimeter_m": round(perimeter, 1) if isinstance(perimeter, int | float) else None,
            "share_inside_kallikratis_athens": share,
        }
        neighbourhoods.append(_feature(properties, geom))
        if dk_number is not None:
            members[dk_number].append((geom, properties))

    communities = []
    for number in sorted(members):
        group = members[number]
        merged = _drop_slivers(shapely.union_all([geom for geom, _ in group]))
        if merged.is_empty:
            continue
        first = group[0][1]
        dk_en = next((props["dk_en"] for _, props in group if props["dk_en"]), None) or _ordinal(number)
        properties = {
            "dk_number": number,
            "name_el": f"{number}η Δημοτική Κοινότητα Αθηνών",
            "name_en": f"{dk_en} Municipal Community of Athens",
            "dk": first["dk"] or f"{number}η ΔΚ",
            "n_source_polygons": len(group),
            "area_km2": round(metric_area(merged) / _TM87_K0**2 / 1e6, 3),
        }
        communities.append(_feature(properties, merged))
    return neighbourhoods, communities


def convert_airbnb(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Inside Airbnb neighbourhoods.geojson → features with the single field ``neighbourhood``, geometry as is."""
    return [
        _feature({"neighbourhood": (source.get("properties") or {}).get("neighbourhood")}, source["geometry"])
        for source in document.get("features", [])
    ]


def convert_hospitals(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """OSM Hospitals.geojson → points with 7-decimal coordinates and the curated fields."""
    features = []
    for source in document.get("features", []):
        raw = source.get("properties") or {}
        lon, lat = source["geometry"]["coordinates"][:2]
        properties = {
            "osm_layer_objectid": raw.get("OBJECTID", source.get("id")),
            "amenity": raw.get("amenity"),
            "name": _clean(raw.get("name")),
            "name_en": _clean(raw.get("name_en")),
        }
        features.append(_feature(properties, {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}))
    return features


def parse_js_module(text: str, *, label: str = "module") -> dict[str, Any]:
    """The object literal of a ``const data = {...}; export {data}`` module (it is JSON)."""
    match = re.match(r"\s*(?:export\s+)?(?:const|let|var)\s+data\s*=\s*", text)
    if not match:
        raise FetchError(f"{label}: not a `const data = {{...}}; export {{data}}` module")
    try:
        value, _ = json.JSONDecoder().raw_decode(text, match.end())
    except json.JSONDecodeError as exc:
        raise FetchError(f"{label}: the data object is not valid JSON ({exc})") from None
    return value


def _module_geometry(data: Mapping[str, Any]) -> BaseGeometry:
    """Geometry of a Feature, FeatureCollection or bare geometry object."""
    if data.get("type") == "FeatureCollection":
        return shapely.union_all([shape(f["geometry"]) for f in data.get("features", [])])
    if data.get("type") == "Feature":
        return shape(data["geometry"])
    return shape(data)


_POPULATION_COUNTS = [
    "pop_total_2021", "pop_men_2021", "pop_women_2021", "pop_total_2011", "pop_men_2011", "pop_women_2011",
]  # fmt: skip
POPULATION_COLUMNS = [
    "elstat_code", "name_el", "name_en", "kallikratis_ypes_code", "kallikratis_name_el", *_POPULATION_COUNTS,
    "cni_member",
]  # fmt: skip


def parse_population_csv(text: str) -> list[dict[str, Any]]:
    """ELSTAT populations.csv → rows keyed like the curated CSV, in file order, with duplicate codes repaired."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = reader.fieldnames or []
    code_field = next((name for name in ("elstat_municipality_code", "municipality_code") if name in fields), None)
    if code_field is None or "municipality_name" not in fields:
        raise FetchError(f"populations.csv: unexpected header {fields}")
    rows = []
    for raw in reader:
        rows.append(
            {
                "elstat_code": raw[code_field].strip().zfill(4),
                "name_el": raw["municipality_name"].strip(),
                **{key: int(raw[key]) for key in _POPULATION_COUNTS},
            }
        )
    _repair_duplicate_codes(rows)
    return rows


def _repair_duplicate_codes(rows: list[dict[str, Any]]) -> None:
    """Give a repeated code that sits among another prefecture's codes the free code after its predecessor."""
    counts = Counter(row["elstat_code"] for row in rows)
    used = set(counts)
    for index in range(1, len(rows) - 1):
        code = rows[index]["elstat_code"]
        before, after = rows[index - 1]["elstat_code"], rows[index + 1]["elstat_code"]
        if counts[code] < 2 or before[:2] != after[:2] or before[:2] == code[:2]:
            continue
        candidate = f"{int(before) + 1:04d}"
        if candidate not in used and candidate < after:
            logger.info("ELSTAT code %s of %s repaired to %s", code, rows[index]["name_el"], candidate)
            rows[index]["elstat_code"] = candidate
            counts[code] -= 1
            used.add(candidate)


@dataclass
class _Municipality:
    """A Kallikratis polygon with its code and Greek name."""

    code: str  # ΥΠΕΣ code, or "null" for Mount Athos
    name_el: str
    geom: Polygon | MultiPolygon


def _kallikratis_key(code: str) -> tuple[bool, str]:
    """Sort by ΥΠΕΣ code, Mount Athos last."""
    return code == "null", code


def build_municipalities(
    names: Sequence[Mapping[str, Any]],
    modules: Sequence[tuple[str, Mapping[str, Any]]],
    population: Sequence[Mapping[str, Any]] | None,
) -> tuple[dict[str, _Output], MultiPolygon | None]:
    """Kallikratis modules + names + ELSTAT rows → national, simplified, CNI GeoJSON, population CSV; Athens polygon."""
    names_by_code = {str(entry["ypes"]) if entry.get("ypes") else "null": entry["name"] for entry in names}
    municipalities = []
    for stem, data in modules:
        raw = data.get("properties") or {}
        code = str(raw.get("KWD_YPES") or stem)
        name = names_by_code.get(code) or raw.get("NAME") or code
        geom = _polygonal(_quantize(_module_geometry(data), 6))
        municipalities.append(_Municipality(code, name, geom))
    municipalities.sort(key=lambda item: _kallikratis_key(item.code))

    by_name: dict[str, list[str]] = defaultdict(list)
    for code, name in names_by_code.items():
        by_name[_name_key(name)].append(code)
    joined: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    population_rows = []
    for row in population or []:
        code = _ELSTAT_TO_KALLIKRATIS.get(row["elstat_code"])
        if code is None:
            candidates = by_name.get(_name_key(row["name_el"]), [])
            code = candidates[0] if len(candidates) == 1 else None
        if code is not None and code not in names_by_code:
            code = None
        if code is None:
            logger.warning("ELSTAT %s %s matches no Kallikratis municipality", row["elstat_code"], row["name_el"])
        else:
            joined[code].append(row)
        population_rows.append((row, code))

    outputs: dict[str, _Output] = {}
    if population is not None:
        rows = sorted(population_rows, key=lambda item: item[0]["elstat_code"])
        outputs[POPULATION_FILE] = _csv(
            POPULATION_FILE,
            POPULATION_COLUMNS,
            (
                [
                    row["elstat_code"],
                    row["name_el"],
                    transliterate(row["name_el"]),
                    "" if code in (None, "null") else code,
                    names_by_code.get(code, "") if code else "",
                    *(row[key] for key in _POPULATION_COUNTS),
                    "true" if row["elstat_code"] in _CNI_ELSTAT else "false",
                ]
                for row, code in rows
            ),
        )
    if not municipalities:
        return outputs, None

    def properties(item: _Municipality) -> dict[str, Any]:
        rows = joined.get(item.code, [])
        return {
            "ypes_code": None if item.code == "null" else item.code,
            "name_el": item.name_el,
            "name_el_full": _ATHOS_FULL_NAME if item.code == "null" else f"Δήμος {item.name_el}",
            "name_en": transliterate(item.name_el),
            "elstat_2021_codes": ",".join(row["elstat_code"] for row in rows) or None,
            "elstat_2021_names": " + ".join(row["name_el"] for row in rows) or None,
            "pop_2021": sum(row["pop_total_2021"] for row in rows) if rows else None,
            "pop_2011": sum(row["pop_total_2011"] for row in rows) if rows else None,
            "pop_2021_note": _SPLIT_NOTE if len(rows) > 1 else None,
            "cni_member": item.code in _CNI_YPES,
            "area_km2": round(metric_area(item.geom) / 1e6, 3),
        }

    props = [properties(item) for item in municipalities]
    geoms = np.array([item.geom for item in municipalities], dtype=object)
    national = [_as_multi(_polygonal(_quantize(g, 6))) for g in shapely.coverage_simplify(geoms, 0.0001)]
    overview = [_as_multi(_polygonal(_quantize(g, 5))) for g in shapely.coverage_simplify(geoms, 0.001)]
    outputs[KALLIKRATIS_FILE] = _geojson(
        KALLIKRATIS_FILE.removesuffix(".geojson"), [_feature(p, g) for p, g in zip(props, national, strict=True)]
    )
    outputs[KALLIKRATIS_SIMPLIFIED_FILE] = _geojson(
        KALLIKRATIS_SIMPLIFIED_FILE.removesuffix(".geojson"),
        [_feature(p, g) for p, g in zip(props, overview, strict=True)],
    )
    outputs[CNI_GEOJSON_FILE] = _geojson(
        CNI_GEOJSON_FILE.removesuffix(".geojson"),
        [_feature(p, _as_multi(m.geom)) for p, m in zip(props, municipalities, strict=True) if p["cni_member"]],
    )
    athens = next((g for p, g in zip(props, national, strict=True) if p["ypes_code"] == _ATHENS_YPES), None)
    return outputs, athens


def convert(files: Sequence[tuple[UpstreamFile, Path]]) -> list[_Output]:
    """Convert downloaded upstream files (any subset of the roles) into the output files."""
    by_role: dict[str, list[tuple[UpstreamFile, Path]]] = defaultdict(list)
    for entry, path in files:
        by_role[entry.role].append((entry, path))

    def load_json(entry: UpstreamFile, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FetchError(f"{entry.label}: not valid JSON ({exc})") from None

    outputs: dict[str, _Output] = {CNI_CSV_FILE: _csv(CNI_CSV_FILE, CNI_COLUMNS, CNI_MEMBERS)}
    names = [entry for e, p in by_role[KALLIKRATIS_NAMES] for entry in load_json(e, p)]
    modules = [
        (Path(e.path).stem, parse_js_module(p.read_text(encoding="utf-8-sig"), label=e.label))
        for e, p in by_role[KALLIKRATIS_MODULE]
    ]
    population = None
    if by_role[POPULATION_2021]:
        entry, path = by_role[POPULATION_2021][0]
        population = parse_population_csv(path.read_text(encoding="utf-8-sig"))
    athens_boundary = None
    if modules or population is not None:
        built, athens_boundary = build_municipalities(names, modules, population)
        outputs.update(built)
    for entry, path in by_role[ATHENS_COMMUNITIES]:
        neighbourhoods, communities = convert_athens(load_json(entry, path), athens_boundary=athens_boundary)
        outputs[NEIGHBOURHOODS_FILE] = _geojson(NEIGHBOURHOODS_FILE.removesuffix(".geojson"), neighbourhoods)
        outputs[COMMUNITIES_FILE] = _geojson(COMMUNITIES_FILE.removesuffix(".geojson"), communities)
    for entry, path in by_role[AIRBNB_NEIGHBOURHOODS]:
        outputs[AIRBNB_FILE] = _geojson(AIRBNB_FILE.removesuffix(".geojson"), convert_airbnb(load_json(entry, path)))
    for entry, path in by_role[HOSPITALS_OSM]:
        outputs[HOSPITALS_FILE] = _geojson(
            HOSPITALS_FILE.removesuffix(".geojson"), convert_hospitals(load_json(entry, path))
        )
    return list(outputs.values())


# ------------------------------------------------------------------------------------------------- downloading
def source_url(entry: UpstreamFile, *, base_url: str | None = None) -> str:
    """The download URL of an entry: ``base_url``, else $GEO_ACCMR_DATA_SOURCE_URL, else raw.githubusercontent.com."""
    template = base_url or os.environ.get(SOURCE_URL_ENV) or DEFAULT_SOURCE_URL
    if "{" not in template:  # a plain prefix
        template = template.rstrip("/") + "/{repo}/{commit}/{path}"
    return template.format(repo=entry.repo, commit=entry.commit, path=urllib.parse.quote(entry.path))


def _sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _cache_path(cache_dir: Path, entry: UpstreamFile) -> Path:
    """Where an entry is cached: <cache>/<owner>__<name>/<commit>/<path>."""
    return cache_dir / entry.repo.replace("/", "__") / entry.commit / entry.path


def _offline_message(url: str, reason: object) -> str:
    """The one-line offline message, naming GEO_ACCMR_DATA_DIR."""
    host = urllib.parse.urlsplit(url).netloc or url
    reason_text = " ".join(str(reason).split())
    return (
        f"offline: cannot reach {host} ({reason_text}); put the reference data files in the directory named by "
        f"{DATA_DIR_ENV} or set {SOURCE_URL_ENV} to a reachable mirror"
    )


def _download(entry: UpstreamFile, url: str, target: Path, *, timeout: float, first: bool) -> str:
    """Download ``url``, verify the pin, then write ``target`` through a temporary file; return the SHA-256."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http(s) by template
            data = response.read()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{entry.label}: HTTP {exc.code} {exc.reason} from {url}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if first:
            raise OfflineError(_offline_message(url, reason)) from None
        raise FetchError(f"{entry.label}: download from {url} failed ({reason})") from None
    got = hashlib.sha256(data).hexdigest()
    if entry.sha256 and got != entry.sha256.lower():
        raise ChecksumError(f"{entry.label}: SHA-256 mismatch: expected {entry.sha256.lower()}, got {got}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return got


def _obtain(
    entries: Sequence[UpstreamFile], *, cache_dir: Path, base_url: str | None, timeout: float, workers: int, first: bool
) -> tuple[list[tuple[UpstreamFile, Path, str]], bool]:
    """Cached or downloaded copies of ``entries`` with their SHA-256; the flag says whether a request was made."""
    results: dict[int, tuple[Path, str]] = {}
    pending: list[tuple[int, UpstreamFile]] = []
    for index, entry in enumerate(entries):
        target = _cache_path(cache_dir, entry)
        digest = _sha256_of(target) if target.is_file() else None
        if digest and (entry.sha256 is None or digest == entry.sha256.lower()):
            results[index] = (target, digest)
        else:
            pending.append((index, entry))

    def get(item: tuple[int, UpstreamFile], is_first: bool) -> None:
        index, entry = item
        target = _cache_path(cache_dir, entry)
        digest = _download(entry, source_url(entry, base_url=base_url), target, timeout=timeout, first=is_first)
        results[index] = (target, digest)

    if pending and first:
        get(pending.pop(0), True)
        first = False
    if pending:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = [pool.submit(get, item, False) for item in pending]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        first = False
    return [(entry, *results[index]) for index, entry in enumerate(entries)], not first


def fetch(
    dest_dir: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    manifest: Sequence[UpstreamFile] | None = None,
    timeout: float = 30.0,
    cache_dir: str | os.PathLike[str] | None = None,
    allow_unpinned: bool = False,
    workers: int = 8,
) -> list[WrittenFile]:
    """Download the manifest's files (cached, SHA-256 checked), convert them and write the outputs into ``dest_dir``.

    Pinned files are fetched first; the first network request doubles as the connectivity check (:class:`OfflineError`).
    The cache (default ``dest_dir/.upstream-cache``) gets a ``SHA256SUMS`` list of everything used, to fill in pins.
    Outputs are built completely before being moved into place, so a failure leaves ``dest_dir`` as it was.
    """
    dest = Path(dest_dir)
    entries = list(MANIFEST if manifest is None else manifest)
    cache = Path(cache_dir) if cache_dir is not None else dest / CACHE_DIRNAME
    pinned = [entry for entry in entries if entry.sha256]
    unpinned = [entry for entry in entries if not entry.sha256]

    options: dict[str, Any] = {"cache_dir": cache, "base_url": base_url, "timeout": timeout, "workers": workers}
    files, requested = _obtain(pinned, first=True, **options)
    if unpinned and not allow_unpinned:
        examples = ", ".join(entry.label for entry in unpinned[:3])
        raise UnpinnedError(
            f"{len(unpinned)} upstream file(s) have no SHA-256 pin (e.g. {examples}); "
            "pass allow_unpinned=True (fetch_reference_data --allow-unpinned) to download them unverified"
        )
    more, _ = _obtain(unpinned, first=not requested, **options)
    files += more
    sums = "".join(f"{digest}  {entry.repo}/{entry.commit}/{entry.path}\n" for entry, _, digest in files)
    if files:
        (cache / "SHA256SUMS").write_text(sums, encoding="utf-8")
    if unpinned:
        logger.warning(
            "%d unpinned upstream files used unverified; SHA-256 list: %s", len(unpinned), cache / "SHA256SUMS"
        )
    try:
        outputs = convert([(entry, path) for entry, path, _ in files])
    except FetchError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
        raise FetchError(f"converting the upstream files failed: {exc!r}") from exc
    return _write_outputs(dest, outputs)


def _write_outputs(dest: Path, outputs: Sequence[_Output]) -> list[WrittenFile]:
    """Write every output to a temporary directory inside ``dest``, then move each into place."""
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest, prefix=".fetch-"))
    try:
        for output in outputs:
            (staging / output.name).write_bytes(output.data)
        written = []
        for output in outputs:
            os.replace(staging / output.name, dest / output.name)
            written.append(WrittenFile(dest / output.name, output.count))
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
