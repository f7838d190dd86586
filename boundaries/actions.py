"""Writes for areas and the gazetteer: area import through GDAL, the reference-data load."""

import csv
import gzip
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.gis.gdal import DataSource, OGRGeometry
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection, transaction

from geo_accmr.geo import LEVEL_COLUMN, WGS84
from geo_accmr.text import fold

from .models import Area, AreaLevel, Place, PlaceKind, ReferenceDataLoad

logger = logging.getLogger(__name__)

MUNICIPALITIES_FILE = "greece_municipalities_kallikratis.geojson"
COMMUNITIES_FILE = "athens_municipal_communities.geojson"
NEIGHBOURHOODS_FILE = "athens_neighbourhoods.geojson"
POPULATION_FILE = "greece_municipalities_population_2021.csv"
CNI_FILE = "cni_member_municipalities.csv"
AIRBNB_FILE = "athens_neighbourhoods_insideairbnb.geojson"
HOSPITALS_FILE = "attica_hospitals_osm.geojson"
REFERENCE_FILES = [
    MUNICIPALITIES_FILE,
    COMMUNITIES_FILE,
    NEIGHBOURHOODS_FILE,
    POPULATION_FILE,
    CNI_FILE,
    AIRBNB_FILE,
    HOSPITALS_FILE,
]
TAXONOMY_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "taxonomy.json"
ALIASES_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "place_aliases.json"
ATHENS_CODE = "gr-9186"
# Gazetteer order when several places match equally well: bigger areas first.
PLACE_RANK: dict[str, int] = {AreaLevel.MUNICIPALITY: 10, AreaLevel.COMMUNITY: 20, AreaLevel.NEIGHBOURHOOD: 30}
LANDMARK_RANK = 40


class ReferenceDataError(Exception):
    """A reference file is missing or unreadable."""


@dataclass
class AreaImportReport:
    """What an area import did (or would do, on a dry run)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated)


def to_multipolygon(geometry: GEOSGeometry) -> MultiPolygon:
    """Promote a Polygon to a MultiPolygon; repair invalid rings; SRID 4326."""
    if geometry.srid and geometry.srid != WGS84:
        geometry.transform(WGS84)
    if not geometry.valid:
        geometry = geometry.make_valid()
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon(geometry, srid=WGS84)
    elif not isinstance(geometry, MultiPolygon):
        polygons = (
            [g for g in geometry if isinstance(g, Polygon | MultiPolygon)] if hasattr(geometry, "__iter__") else []
        )
        flat = [p for g in polygons for p in (g if isinstance(g, MultiPolygon) else [g])]
        if not flat:
            raise ValueError(f"expected a polygon, got {geometry.geom_type}")
        geometry = MultiPolygon(*flat, srid=WGS84)
    geometry.srid = WGS84
    return geometry


@dataclass
class AreaRow:
    """One area to upsert."""

    code: str
    level: str
    name_el: str
    name_en: str
    geom: MultiPolygon
    parent_code: str | None = None
    population: int | None = None
    population_year: int | None = None
    population_source: str = ""
    cni_member: bool = False
    area_km2: float | None = None
    source: str = ""
    properties: dict[str, Any] = field(default_factory=dict)


def area_upsert(*, rows: list[AreaRow], dry_run: bool = False) -> AreaImportReport:
    """Create or update areas by code, parents first; all or nothing."""
    report = AreaImportReport()
    existing = set(Area.objects.filter(code__in=[r.code for r in rows]).values_list("code", flat=True))
    with transaction.atomic():
        parent_ids = dict(
            Area.objects.filter(code__in={r.parent_code for r in rows if r.parent_code}).values_list("code", "id")
        )
        for row in rows:
            if row.parent_code and row.parent_code not in parent_ids:
                report.errors.append(f"{row.code}: parent area {row.parent_code!r} does not exist")
                continue
            values = {
                "level": row.level,
                "name": row.name_el,
                "name_el": row.name_el,
                "name_en": row.name_en or row.name_el,
                "geom": row.geom,
                "parent_id": parent_ids.get(row.parent_code) if row.parent_code else None,
                "population": row.population,
                "population_year": row.population_year,
                "population_source": row.population_source,
                "cni_member": row.cni_member,
                "area_km2": row.area_km2,
                "source": row.source,
                "properties": row.properties,
            }
            if not dry_run:
                Area.objects.update_or_create(code=row.code, defaults=values)
            (report.updated if row.code in existing else report.created).append(row.code)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report


def area_import(
    *,
    path: Path,
    level: str,
    code_field: str,
    name_el_field: str,
    name_en_field: str | None = None,
    code_prefix: str = "",
    parent: str | None = None,
    population_field: str | None = None,
    population_year: int | None = None,
    dry_run: bool = False,
) -> AreaImportReport:
    """Import areas from any GDAL-readable file (GeoJSON, Shapefile, GeoPackage); idempotent on code."""
    source = DataSource(f"/vsigzip/{path}" if path.suffix == ".gz" else str(path))
    layer = source[0]
    rows: list[AreaRow] = []
    report = AreaImportReport()
    for number, feature in enumerate(layer, start=1):
        try:
            code_value = feature.get(code_field)
            name_el = feature.get(name_el_field)
            if code_value in (None, "") or not name_el:
                raise ValueError(f"missing {code_field!r} or {name_el_field!r}")
            geometry: OGRGeometry = feature.geom
            if geometry.srs is None:
                geometry.srid = WGS84
            population = feature.get(population_field) if population_field else None
            rows.append(
                AreaRow(
                    code=f"{code_prefix}{code_value}".lower().replace(" ", "-"),
                    level=level,
                    name_el=str(name_el),
                    name_en=str(feature.get(name_en_field) or "") if name_en_field else "",
                    geom=to_multipolygon(geometry.geos),
                    parent_code=parent,
                    population=int(population) if population not in (None, "") else None,
                    population_year=population_year if population not in (None, "") else None,
                    source=path.name,
                    properties={k: _jsonable(feature.get(k)) for k in feature.fields},
                )
            )
        except Exception as exc:  # noqa: BLE001 - every bad row is reported, none is skipped silently
            report.errors.append(f"feature {number}: {exc}")
    if report.errors:
        return report
    result = area_upsert(rows=rows, dry_run=dry_run)
    if not dry_run and not result.errors:
        places_rebuild()
        location_areas_refresh()
    return result


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


# ----------------------------------------------------------------------------------------------- reference data
def reference_path(*, data_dir: Path, name: str) -> Path | None:
    """The file for `name` in the data directory: NAME as it is, else the gzip-compressed NAME.gz; None if neither."""
    for path in (data_dir / name, data_dir / f"{name}.gz"):
        if path.is_file():
            return path
    return None


def reference_open(path: Path) -> IO[str]:
    """A reference file as UTF-8 text, decompressed on the fly when it ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def file_sha256(path: Path) -> str:
    """SHA-256 of the content (after decompression for .gz), so NAME and NAME.gz of the same data agree."""
    digest = hashlib.sha256()
    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def reference_files_missing(*, data_dir: Path) -> list[str]:
    """Reference files absent from the data directory (neither NAME nor NAME.gz)."""
    return [name for name in REFERENCE_FILES if reference_path(data_dir=data_dir, name=name) is None]


def _reference(data_dir: Path, name: str) -> IO[str]:
    path = reference_path(data_dir=data_dir, name=name)
    if path is None:
        raise ReferenceDataError(f"missing in {data_dir}: {name}")
    return reference_open(path)


def _features(data_dir: Path, name: str) -> list[dict[str, Any]]:
    with _reference(data_dir, name) as handle:
        return json.load(handle)["features"]


def _geom(feature: dict[str, Any]) -> MultiPolygon:
    return to_multipolygon(GEOSGeometry(json.dumps(feature["geometry"]), srid=WGS84))


def _municipality_rows(data_dir: Path) -> list[AreaRow]:
    population: dict[str, int] = {}
    with _reference(data_dir, POPULATION_FILE) as handle:
        for row in csv.DictReader(handle):
            code = row["kallikratis_ypes_code"] or "athos"
            population[code] = population.get(code, 0) + int(row["pop_total_2021"])
    with _reference(data_dir, CNI_FILE) as handle:
        cni_codes = {row["kallikratis_ypes_code"] for row in csv.DictReader(handle)}
    rows = []
    for feature in _features(data_dir, MUNICIPALITIES_FILE):
        props = feature["properties"]
        ypes = props.get("ypes_code") or "athos"
        rows.append(
            AreaRow(
                code=f"gr-{ypes}",
                level=AreaLevel.MUNICIPALITY,
                name_el=props.get("name_el_full") or props["name_el"],
                name_en=props.get("name_en") or "",
                geom=_geom(feature),
                population=population.get(ypes, props.get("pop_2021")),
                population_year=2021,
                population_source="ELSTAT, Census 2021 (provisional)",
                cni_member=ypes in cni_codes,
                area_km2=props.get("area_km2"),
                source=MUNICIPALITIES_FILE,
                properties=props,
            )
        )
    return rows


def _community_rows(data_dir: Path) -> list[AreaRow]:
    return [
        AreaRow(
            code=f"athens-dk-{feature['properties']['dk_number']}",
            level=AreaLevel.COMMUNITY,
            name_el=feature["properties"]["name_el"],
            name_en=feature["properties"]["name_en"],
            geom=_geom(feature),
            parent_code=ATHENS_CODE,
            area_km2=feature["properties"].get("area_km2"),
            source=COMMUNITIES_FILE,
            properties=feature["properties"],
        )
        for feature in _features(data_dir, COMMUNITIES_FILE)
    ]


def _neighbourhood_rows(data_dir: Path) -> list[AreaRow]:
    rows = []
    for feature in _features(data_dir, NEIGHBOURHOODS_FILE):
        props = feature["properties"]
        dk = props.get("dk_number")
        fid = props["fid"]
        rows.append(
            AreaRow(
                code=f"athens-n-{fid}",
                level=AreaLevel.NEIGHBOURHOOD,
                name_el=props.get("name_el") or f"Ανώνυμη περιοχή {fid}",
                name_en=_title(props.get("name_en") or f"Unnamed area {fid}"),
                geom=_geom(feature),
                parent_code=f"athens-dk-{dk}" if dk else ATHENS_CODE,
                source=NEIGHBOURHOODS_FILE,
                properties=props,
            )
        )
    return rows


def _title(name: str) -> str:
    """KOLONAKI → Kolonaki, keeping Roman numerals (NEA KYPSELI II → Nea Kypseli II)."""
    return " ".join(word if set(word) <= set("IVX") else word.title() for word in name.split(" "))


def _landmark_places(data_dir: Path) -> list[Place]:
    places = []
    for feature in _features(data_dir, AIRBNB_FILE):
        name = feature["properties"]["neighbourhood"]
        point: GEOSGeometry = _geom(feature).point_on_surface
        places.append(_place(PlaceKind.LANDMARK, name, "", point, AIRBNB_FILE, name, LANDMARK_RANK - 5))
    for feature in _features(data_dir, HOSPITALS_FILE):
        props = feature["properties"]
        if not props.get("name"):
            continue
        point = GEOSGeometry(json.dumps(feature["geometry"]), srid=WGS84)
        places.append(
            _place(PlaceKind.LANDMARK, props["name"], props.get("name_en") or "", point, HOSPITALS_FILE,
                   str(props["osm_layer_objectid"]), LANDMARK_RANK)
        )  # fmt: skip
    return places


def _place(kind: str, name_el: str, name_en: str | None, point: Any, source: str, source_id: str, rank: int) -> Place:
    keys = sorted({fold(name) for name in (name_el, name_en) if name})
    return Place(
        kind=kind,
        name=name_el,
        name_el=name_el,
        name_en=name_en or name_el,
        point=point,
        search_text="\n".join(keys),
        rank=rank,
        source=source,
        source_id=source_id,
    )


def places_rebuild(*, extra: list[Place] | None = None) -> int:
    """Rebuild the gazetteer entries of areas (and replace landmarks when `extra` is given)."""
    with ALIASES_FIXTURE.open(encoding="utf-8") as handle:
        aliases = {code: names for code, names in json.load(handle).items() if not code.startswith("_")}
    with transaction.atomic():
        Place.objects.filter(kind=PlaceKind.AREA).delete()
        places = []
        for area in Area.objects.only("id", "code", "level", "name_el", "name_en", "geom", "properties"):
            assert area.name_el is not None  # the loaders set it (a place needs a name)
            place = _place(PlaceKind.AREA, area.name_el, area.name_en, area.geom.point_on_surface, "areas",
                           area.code, PLACE_RANK.get(area.level, 50))  # fmt: skip
            short_name = (area.properties or {}).get("name_el")  # a municipality's bare genitive ("Αθηναίων")
            keys = place.search_text.split("\n")
            for name in [short_name, *aliases.get(area.code, [])]:
                if name and fold(name) not in keys:
                    keys.append(fold(name))
            place.search_text = "\n".join(keys)
            place.area = area
            places.append(place)
        Place.objects.bulk_create(places, batch_size=500)
        if extra is not None:
            Place.objects.filter(kind=PlaceKind.LANDMARK).delete()
            Place.objects.bulk_create(extra, batch_size=500)
    return len(places) + len(extra or [])


def location_areas_refresh(*, ids: list[Any] | None = None) -> int:
    """Set locations' municipality, community and neighbourhood from exact `ST_Covers` tests (all, or `ids`)."""
    level_area = """(SELECT a.id FROM boundaries_area AS a WHERE a.level = '{level}'
                     AND ST_Covers(a.geom, l.point::geometry) ORDER BY a.code LIMIT 1)"""
    sql = f"""
        UPDATE services_location AS l SET
            {", ".join(f"{column} = {level_area.format(level=level)}" for level, column in LEVEL_COLUMN.items())}
        WHERE l.point IS NOT NULL {"AND l.id = ANY(%s)" if ids is not None else ""}
    """  # noqa: S608 - constant SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(ids)] if ids is not None else [])
        return cursor.rowcount


def taxonomy_load(*, path: Path = TAXONOMY_FIXTURE) -> int:
    """Upsert the curated taxonomies; ids are uuid5 of the codes, so every installation shares them."""
    from services.actions.taxonomy import taxonomy_upsert

    with path.open(encoding="utf-8") as handle:
        return taxonomy_upsert(data=json.load(handle))


@dataclass
class ReferenceLoadReport:
    """Counts of what `reference_data_load` holds after it ran."""

    municipalities: int = 0
    communities: int = 0
    neighbourhoods: int = 0
    cni_members: int = 0
    places: int = 0
    taxonomy_terms: int = 0
    skipped: bool = False


def reference_data_load(*, data_dir: Path, force: bool = False) -> ReferenceLoadReport:
    """Load every reference file (areas, population, Cities Network, gazetteer, taxonomy); a no-op when unchanged."""
    missing = reference_files_missing(data_dir=data_dir)
    if missing:
        raise ReferenceDataError(f"missing in {data_dir}: {', '.join(missing)}")
    paths = {name: reference_path(data_dir=data_dir, name=name) for name in REFERENCE_FILES}
    paths |= {TAXONOMY_FIXTURE.name: TAXONOMY_FIXTURE, ALIASES_FIXTURE.name: ALIASES_FIXTURE}
    hashes = {name: file_sha256(path) for name, path in paths.items() if path is not None}
    loaded = dict(ReferenceDataLoad.objects.values_list("file_name", "sha256"))
    report = ReferenceLoadReport()
    if force or loaded != hashes:
        with transaction.atomic():
            report.taxonomy_terms = taxonomy_load()
            for rows in (_municipality_rows(data_dir), _community_rows(data_dir), _neighbourhood_rows(data_dir)):
                result = area_upsert(rows=rows)
                if result.errors:
                    raise ReferenceDataError("; ".join(result.errors[:5]))
            report.places = places_rebuild(extra=_landmark_places(data_dir))
            location_areas_refresh()
            ReferenceDataLoad.objects.all().delete()
            ReferenceDataLoad.objects.bulk_create(
                [ReferenceDataLoad(file_name=name, sha256=sha) for name, sha in hashes.items()]
            )
    else:
        report.skipped = True
    report.municipalities = Area.objects.of_level(AreaLevel.MUNICIPALITY).count()
    report.communities = Area.objects.of_level(AreaLevel.COMMUNITY).count()
    report.neighbourhoods = Area.objects.of_level(AreaLevel.NEIGHBOURHOOD).count()
    report.cni_members = Area.objects.of_level(AreaLevel.MUNICIPALITY).filter(cni_member=True).count()
    report.places = report.places or Place.objects.count()
    return report
