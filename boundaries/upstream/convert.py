"""Convert the downloaded upstream files into the reference files, with the curated copies' names, fields and form."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from geo_accmr.text import strip_accents, transliterate

from .geometry import GREEK_GRID_SCALE_FACTOR, as_multi, drop_slivers, metric_area, polygonal, quantize
from .sources import (
    _ATHENS_YPES,
    _ATHOS_FULL_NAME,
    _CNI_ELSTAT,
    _CNI_YPES,
    _ELSTAT_TO_KALLIKRATIS,
    _SPLIT_NOTE,
    AIRBNB_FILE,
    AIRBNB_NEIGHBOURHOODS,
    ATHENS_COMMUNITIES,
    CNI_COLUMNS,
    CNI_CSV_FILE,
    CNI_GEOJSON_FILE,
    CNI_MEMBERS,
    COMMUNITIES_FILE,
    CRS84,
    HOSPITALS_FILE,
    HOSPITALS_OSM,
    KALLIKRATIS_FILE,
    KALLIKRATIS_MODULE,
    KALLIKRATIS_NAMES,
    KALLIKRATIS_SIMPLIFIED_FILE,
    NEIGHBOURHOODS_FILE,
    POPULATION_2021,
    POPULATION_FILE,
    FetchError,
    Output,
    UpstreamFile,
)

logger = logging.getLogger(__name__)


def _name_key(name: str) -> str:
    """Join key for Greek municipality names: no accents, upper case, '&' as ΚΑΙ, tight hyphens."""
    key = strip_accents(name).upper().replace("&", " ΚΑΙ ")
    key = re.sub(r"\s*-\s*", "-", key)
    return re.sub(r"\s+", " ", key).strip()


def _feature(properties: dict[str, Any], geometry: Mapping[str, Any] | BaseGeometry) -> dict[str, Any]:
    """A GeoJSON Feature with properties before geometry."""
    if isinstance(geometry, BaseGeometry):
        geometry = mapping(geometry)
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _geojson(name: str, features: list[dict[str, Any]]) -> Output:
    """A FeatureCollection in the curated files' form (name, CRS84, compact JSON, trailing newline)."""
    document = {"type": "FeatureCollection", "name": name, "crs": CRS84, "features": features}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Output(f"{name}.geojson", (text + "\n").encode(), len(features))


def _csv(name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Output:
    """A UTF-8 CSV with LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return Output(name, buffer.getvalue().encode(), count)


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
        kind: str | None
        name_el: str | None
        name_en: str | None
        if geitonia:
            kind, name_el, name_en = "neighbourhood", geitonia, geiton_en
        elif place:
            kind, name_el, name_en = "place", place, place_en
        else:
            kind = name_el = name_en = None
        geom = polygonal(quantize(shape(source["geometry"]), 6, truncate=True))
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
        merged = drop_slivers(shapely.union_all([geom for geom, _ in group]))
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
            "area_km2": round(metric_area(merged) / GREEK_GRID_SCALE_FACTOR**2 / 1e6, 3),
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
) -> tuple[dict[str, Output], MultiPolygon | None]:
    """Kallikratis modules + names + ELSTAT rows → national, simplified, CNI GeoJSON, population CSV; Athens polygon."""
    names_by_code = {str(entry["ypes"]) if entry.get("ypes") else "null": entry["name"] for entry in names}
    municipalities = []
    for stem, data in modules:
        raw = data.get("properties") or {}
        code = str(raw.get("KWD_YPES") or stem)
        name = names_by_code.get(code) or raw.get("NAME") or code
        geom = polygonal(quantize(_module_geometry(data), 6))
        municipalities.append(_Municipality(code, name, geom))
    municipalities.sort(key=lambda item: _kallikratis_key(item.code))

    by_name: dict[str, list[str]] = defaultdict(list)
    for code, name in names_by_code.items():
        by_name[_name_key(name)].append(code)
    joined: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    population_rows = []
    for row in population or []:
        matched = _ELSTAT_TO_KALLIKRATIS.get(row["elstat_code"])
        if matched is None:
            candidates = by_name.get(_name_key(row["name_el"]), [])
            matched = candidates[0] if len(candidates) == 1 else None
        if matched is not None and matched not in names_by_code:
            matched = None
        if matched is None:
            logger.warning("ELSTAT %s %s matches no Kallikratis municipality", row["elstat_code"], row["name_el"])
        else:
            joined[matched].append(row)
        population_rows.append((row, matched))

    outputs: dict[str, Output] = {}
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
    national = [as_multi(polygonal(quantize(g, 6))) for g in shapely.coverage_simplify(geoms, 0.0001)]
    overview = [as_multi(polygonal(quantize(g, 5))) for g in shapely.coverage_simplify(geoms, 0.001)]
    outputs[KALLIKRATIS_FILE] = _geojson(
        KALLIKRATIS_FILE.removesuffix(".geojson"), [_feature(p, g) for p, g in zip(props, national, strict=True)]
    )
    outputs[KALLIKRATIS_SIMPLIFIED_FILE] = _geojson(
        KALLIKRATIS_SIMPLIFIED_FILE.removesuffix(".geojson"),
        [_feature(p, g) for p, g in zip(props, overview, strict=True)],
    )
    outputs[CNI_GEOJSON_FILE] = _geojson(
        CNI_GEOJSON_FILE.removesuffix(".geojson"),
        [_feature(p, as_multi(m.geom)) for p, m in zip(props, municipalities, strict=True) if p["cni_member"]],
    )
    athens = next((g for p, g in zip(props, national, strict=True) if p["ypes_code"] == _ATHENS_YPES), None)
    return outputs, athens


def convert(files: Sequence[tuple[UpstreamFile, Path]]) -> list[Output]:
    """Convert downloaded upstream files (any subset of the roles) into the output files."""
    by_role: dict[str, list[tuple[UpstreamFile, Path]]] = defaultdict(list)
    for entry, path in files:
        by_role[entry.role].append((entry, path))

    def load_json(entry: UpstreamFile, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FetchError(f"{entry.label}: not valid JSON ({exc})") from None

    outputs: dict[str, Output] = {CNI_CSV_FILE: _csv(CNI_CSV_FILE, CNI_COLUMNS, CNI_MEMBERS)}
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
