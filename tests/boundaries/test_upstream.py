"""boundaries.upstream: fetch upstream-format samples from a local HTTP server and convert them (no database)."""

import csv
import hashlib
import http.server
import io
import json
import math
import re
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shapely
from django.core.management import call_command
from shapely.geometry import MultiPolygon, Polygon, shape

from boundaries import upstream
from boundaries.actions import REFERENCE_FILES, reference_files_missing
from boundaries.management.commands.refresh_reference_data import Command as RefreshCommand
from boundaries.upstream import (
    AIRBNB_NEIGHBOURHOODS,
    ATHENS_COMMUNITIES,
    HOSPITALS_OSM,
    KALLIKRATIS_MODULE,
    KALLIKRATIS_NAMES,
    POPULATION_2021,
    ChecksumError,
    FetchError,
    OfflineError,
    UnpinnedError,
    UpstreamFile,
)
from geo_accmr.text import transliterate

SAMPLES = Path(__file__).parent / "upstream_samples"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
Fetched = tuple[Path, list[upstream.WrittenFile]]
PROXY_VARIABLES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
OUTPUT_FILES = {
    "athens_neighbourhoods.geojson",
    "athens_municipal_communities.geojson",
    "athens_neighbourhoods_insideairbnb.geojson",
    "greece_municipalities_kallikratis.geojson",
    "greece_municipalities_kallikratis_simplified.geojson",
    "cni_member_municipalities.geojson",
    "cni_member_municipalities.csv",
    "greece_municipalities_population_2021.csv",
    "attica_hospitals_osm.geojson",
}
NEIGHBOURHOOD_FIELDS = [
    "fid", "name_el", "name_en", "kind", "geitonia_el", "geitonia_en", "name_place_el", "name_place_en", "dk",
    "dk_number", "dk_en", "source_area_m2", "source_perimeter_m", "share_inside_kallikratis_athens",
]  # fmt: skip
COMMUNITY_FIELDS = ["dk_number", "name_el", "name_en", "dk", "n_source_polygons", "area_km2"]
MUNICIPALITY_FIELDS = [
    "ypes_code", "name_el", "name_el_full", "name_en", "elstat_2021_codes", "elstat_2021_names", "pop_2021",
    "pop_2011", "pop_2021_note", "cni_member", "area_km2",
]  # fmt: skip
POPULATION_COLUMNS = [
    "elstat_code", "name_el", "name_en", "kallikratis_ypes_code", "kallikratis_name_el", "pop_total_2021",
    "pop_men_2021", "pop_women_2021", "pop_total_2011", "pop_men_2011", "pop_women_2011", "cni_member",
]  # fmt: skip


class SampleServer(http.server.ThreadingHTTPServer):
    """Serves /<owner>/<name>/<commit>/<path> from the samples folder and records every request path."""

    requests: list[str]


class SampleHandler(http.server.BaseHTTPRequestHandler):
    """GET only; unknown commits and paths are 404."""

    server: SampleServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        parts = urllib.parse.urlsplit(self.path).path.lstrip("/").split("/", 3)
        sample = SAMPLES / urllib.parse.unquote(parts[3]) if len(parts) == 4 else None
        if parts[2:3] != [COMMIT] or sample is None or not sample.is_file():
            self.send_error(404)
            return
        data = sample.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def sample_entry(role: str, repo: str, path: str, *, sha256: str | None = "computed") -> UpstreamFile:
    """A manifest entry for a sample file, pinned to the sample's real SHA-256 unless told otherwise."""
    digest = hashlib.sha256((SAMPLES / path).read_bytes()).hexdigest()
    return UpstreamFile(role, repo, COMMIT, path, digest if sha256 == "computed" else sha256, f"sample {path}")


def airbnb_entry(*, sha256: str | None = "computed") -> UpstreamFile:
    """The Inside Airbnb sample entry."""
    repo = "michangelis/Exploring-Airbnb-in-Athens"
    return sample_entry(AIRBNB_NEIGHBOURHOODS, repo, "data/neighbourhoods.geojson", sha256=sha256)


def hospitals_entry(*, sha256: str | None = "computed") -> UpstreamFile:
    """The OSM hospitals sample entry."""
    return sample_entry(
        HOSPITALS_OSM, "kmarkosgis/athens-gis-repository", "data/Amenities/Hospitals.geojson", sha256=sha256
    )


def sample_manifest() -> list[UpstreamFile]:
    """Every upstream role, pointing at the samples."""
    kallikratis = "sourcegr/Kalikratis-GeoJSON"
    return [
        sample_entry(ATHENS_COMMUNITIES, "kmarkosgis/athens-gis-repository", "data/Boundaries/AthensCom.geojson"),
        airbnb_entry(),
        hospitals_entry(),
        sample_entry(POPULATION_2021, "tdiam/greece-population-census-2021", "data/municipalities/populations.csv"),
        sample_entry(KALLIKRATIS_NAMES, kallikratis, "ypesCodeMapping.json"),
        *(sample_entry(KALLIKRATIS_MODULE, kallikratis, f"datafiles/{code}.js") for code in ("9186", "9069", "null")),
    ]


def template(port: int) -> str:
    """A source-URL template for the sample server."""
    return f"http://127.0.0.1:{port}/{{repo}}/{{commit}}/{{path}}"


def closed_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def outputs_in(folder: Path) -> set[str]:
    """Names in ``folder`` other than the download cache."""
    return {path.name for path in folder.iterdir() if path.name != upstream.CACHE_DIRNAME} if folder.exists() else set()


def features(folder: Path, name: str) -> list[dict[str, Any]]:
    """The features of an output GeoJSON, after checking its collection header."""
    document = json.loads((folder / name).read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    assert document["name"] == name.removesuffix(".geojson")
    assert document["crs"]["properties"]["name"] == "urn:ogc:def:crs:OGC:1.3:CRS84"
    return document["features"]


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    """The rows of an output CSV."""
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def coordinates(geometry: dict[str, Any]) -> list[float]:
    """Every number of a GeoJSON geometry, as written."""
    return [float(value) for value in re.findall(r"-?\d+\.?\d*", json.dumps(geometry["coordinates"]))]


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    """The sample server on 127.0.0.1, in a thread, for the whole module."""
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXY_VARIABLES:
            patch.delenv(name, raising=False)
        httpd = SampleServer(("127.0.0.1", 0), SampleHandler)
        httpd.requests = []
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield httpd
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests go straight to 127.0.0.1 and the default source URL is not overridden."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(upstream.SOURCE_URL_ENV, raising=False)


@pytest.fixture(scope="module")
def fetched(server: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> Fetched:
    """One fetch of every sample into a fresh directory, shared by the read-only tests."""
    dest = tmp_path_factory.mktemp("reference") / "data"
    written = upstream.fetch(dest, base_url=template(server.server_port), manifest=sample_manifest(), timeout=5)
    return dest, written


# ------------------------------------------------------------------------------------------------- whole fetch
def test_fetch_writes_every_reference_file(fetched: Fetched, server: SampleServer) -> None:
    dest, written = fetched
    assert {item.path.name for item in written} == OUTPUT_FILES
    assert outputs_in(dest) == OUTPUT_FILES  # no staging or partial files left behind
    counts = {item.path.name: item.count for item in written}
    assert counts["athens_neighbourhoods.geojson"] == 4
    assert counts["greece_municipalities_population_2021.csv"] == 4
    assert all(f"/{COMMIT}/" in request for request in server.requests)
    sums = (dest / upstream.CACHE_DIRNAME / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == len(sample_manifest()) and all(re.fullmatch(r"[0-9a-f]{64}  \S+", line) for line in sums)
    assert any(request.startswith("/sourcegr/Kalikratis-GeoJSON/") for request in server.requests)


def test_neighbourhoods_fields_names_and_truncated_coordinates(fetched: Fetched) -> None:
    dest, _ = fetched
    items = features(dest, "athens_neighbourhoods.geojson")
    assert [feature["properties"]["fid"] for feature in items] == [0, 1, 2, 3]
    assert all(list(feature["properties"]) == NEIGHBOURHOOD_FIELDS for feature in items)
    kolonaki, syntagma, koukaki, nameless = (feature["properties"] for feature in items)
    assert kolonaki["name_el"] == "ΚΟΛΩΝΑΚΙ" and kolonaki["name_en"] == "KOLONAKI"
    assert kolonaki["kind"] == "neighbourhood" and kolonaki["name_place_el"] is None  # " " in the source
    assert (kolonaki["dk"], kolonaki["dk_number"], kolonaki["dk_en"]) == ("1η ΔΚ", 1, "1st")
    assert (kolonaki["source_area_m2"], kolonaki["source_perimeter_m"]) == (973312.4, 3946.4)
    assert syntagma["kind"] == "place" and syntagma["geitonia_el"] is None  # "--" in the source
    assert (syntagma["name_el"], syntagma["name_en"], syntagma["name_place_en"]) == ("ΣΥΝΤΑΓΜΑ", "SYNTAGMA", "SYNTAGMA")
    assert koukaki["dk_number"] == 2
    assert nameless["kind"] is None and nameless["name_el"] is None and nameless["dk_number"] is None
    # 23.7300004999999 / 37.9750008888888 truncate (not round) to 6 decimals
    assert items[0]["geometry"]["coordinates"][0][0] == [23.73, 37.975]
    for feature in items:
        assert all(value == round(value, 6) for value in coordinates(feature["geometry"]))
        assert shape(feature["geometry"]).is_valid
    assert items[3]["geometry"]["type"] == "MultiPolygon"  # the bow-tie was repaired by make_valid
    assert [kolonaki["share_inside_kallikratis_athens"], koukaki["share_inside_kallikratis_athens"]] == [1.0, 1.0]
    assert 0.3 < nameless["share_inside_kallikratis_athens"] < 0.7


def test_communities_are_the_dissolved_neighbourhoods(fetched: Fetched) -> None:
    dest, _ = fetched
    neighbourhoods = {
        f["properties"]["fid"]: shape(f["geometry"]) for f in features(dest, "athens_neighbourhoods.geojson")
    }
    communities = features(dest, "athens_municipal_communities.geojson")
    assert [feature["properties"]["dk_number"] for feature in communities] == [1, 2]  # FID 3 has no community
    assert all(list(feature["properties"]) == COMMUNITY_FIELDS for feature in communities)
    first, second = (feature["properties"] for feature in communities)
    assert first["name_el"] == "1η Δημοτική Κοινότητα Αθηνών"
    assert first["name_en"] == "1st Municipal Community of Athens" and first["dk"] == "1η ΔΚ"
    assert (first["n_source_polygons"], second["n_source_polygons"]) == (2, 1)

    one = shape(communities[0]["geometry"])
    union = shapely.union_all([neighbourhoods[0], neighbourhoods[1]])
    assert len(union.interiors) == 1 and upstream.metric_area(Polygon(union.interiors[0])) < 50
    assert isinstance(one, Polygon) and not one.interiors  # the < 50 m² hole was dropped
    assert one.area == pytest.approx(Polygon(union.exterior).area, rel=1e-12)
    assert one.symmetric_difference(Polygon(union.exterior)).area < 1e-15
    two = shape(communities[1]["geometry"])
    assert two.area == pytest.approx(neighbourhoods[2].area, rel=1e-12) and two.equals(neighbourhoods[2])

    # area_km2 (EPSG:2100 / k0²) against a spherical estimate of the two 0.01° squares (within 1 %)
    radius, lat0, lat1 = 6371008.8, math.radians(37.975), math.radians(37.985)
    spherical = radius**2 * math.radians(0.02) * (math.sin(lat1) - math.sin(lat0)) / 1e6
    assert first["area_km2"] == pytest.approx(spherical, rel=0.01)


def test_airbnb_neighbourhoods_pass_through(fetched: Fetched) -> None:
    dest, _ = fetched
    source = json.loads((SAMPLES / "data/neighbourhoods.geojson").read_text(encoding="utf-8"))
    items = features(dest, "athens_neighbourhoods_insideairbnb.geojson")
    assert [feature["properties"] for feature in items] == [
        {"neighbourhood": "1Ο ΝΕΚΡΟΤΑΦΕΙΟ"},
        {"neighbourhood": "ΡΗΓΙΛΛΗΣ"},
    ]
    assert [feature["geometry"] for feature in items] == [feature["geometry"] for feature in source["features"]]


def test_municipalities_join_population_and_names(fetched: Fetched) -> None:
    dest, _ = fetched
    items = features(dest, "greece_municipalities_kallikratis.geojson")
    assert [feature["properties"]["ypes_code"] for feature in items] == ["9069", "9186", None]
    assert all(list(feature["properties"]) == MUNICIPALITY_FIELDS for feature in items)
    servia, athens, athos = (feature["properties"] for feature in items)
    assert athens["name_el"] == "Αθηναίων" and athens["name_el_full"] == "Δήμος Αθηναίων"
    assert athens["name_en"] == "Athinaion"  # transliteration, not the Wikipedia name of the curated files
    assert (athens["elstat_2021_codes"], athens["elstat_2021_names"]) == ("4501", "ΑΘΗΝΑΙΩΝ")
    assert (athens["pop_2021"], athens["pop_2011"], athens["pop_2021_note"]) == (637798, 664046, None)
    assert athens["cni_member"] is True and servia["cni_member"] is False
    assert servia["elstat_2021_codes"] == "1405,1402" and servia["elstat_2021_names"] == "ΣΕΡΒΙΩΝ + ΒΕΛΒΕΝΤΟΥ"
    assert (servia["pop_2021"], servia["pop_2011"]) == (9486 + 3060, 11382 + 3448)
    assert servia["pop_2021_note"] == "sum of ELSTAT 2021 municipalities created by law 4600/2019"
    assert (athos["name_el"], athos["name_el_full"], athos["name_en"]) == ("Άθως", "Άγιο Όρος (Αυτοδιοίκητο)", "Athos")
    assert (athos["elstat_2021_codes"], athos["pop_2021"]) == ("9901", 1779)
    geometries = [shape(feature["geometry"]) for feature in items]
    assert all(isinstance(geom, MultiPolygon) and geom.is_valid for geom in geometries)
    assert geometries[0].intersection(geometries[1]).area < 1e-12 and geometries[0].touches(geometries[1])
    assert athens["area_km2"] == pytest.approx(upstream.metric_area(geometries[1]) / 1e6, rel=0.01)
    assert 7 < athens["area_km2"] < 10


def test_simplified_municipalities_are_valid_and_smaller(fetched: Fetched) -> None:
    dest, _ = fetched
    full = features(dest, "greece_municipalities_kallikratis.geojson")
    simplified = features(dest, "greece_municipalities_kallikratis_simplified.geojson")
    assert [feature["properties"] for feature in simplified] == [feature["properties"] for feature in full]
    geometries = [shape(feature["geometry"]) for feature in simplified]
    assert all(isinstance(geom, MultiPolygon) and geom.is_valid and not geom.is_empty for geom in geometries)
    assert all(value == round(value, 5) for feature in simplified for value in coordinates(feature["geometry"]))
    assert shapely.get_num_coordinates(geometries[1]) < shapely.get_num_coordinates(shape(full[1]["geometry"]))
    assert geometries[0].intersection(geometries[1]).area < 1e-12  # the coverage stays a coverage


def test_cni_members_keep_full_resolution(fetched: Fetched) -> None:
    dest, _ = fetched
    members = features(dest, "cni_member_municipalities.geojson")
    assert [feature["properties"]["ypes_code"] for feature in members] == ["9186"]
    module = upstream.parse_js_module((SAMPLES / "datafiles/9186.js").read_text(encoding="utf-8"))
    assert shapely.get_num_coordinates(shape(members[0]["geometry"])) == shapely.get_num_coordinates(
        shape(module["geometry"])
    )


def test_population_csv(fetched: Fetched) -> None:
    dest, _ = fetched
    table = rows(dest, "greece_municipalities_population_2021.csv")
    assert list(table[0]) == POPULATION_COLUMNS
    assert [row["elstat_code"] for row in table] == ["1402", "1405", "4501", "9901"]
    velventos, _, athens, athos = table
    assert (velventos["kallikratis_ypes_code"], velventos["kallikratis_name_el"]) == ("9069", "Σερβίων - Βελβεντού")
    assert velventos["name_en"] == "Velventou" and velventos["pop_total_2021"] == "3060"
    assert (athens["pop_men_2021"], athens["pop_women_2011"], athens["cni_member"]) == ("301329", "348836", "true")
    assert (athos["kallikratis_ypes_code"], athos["kallikratis_name_el"], athos["cni_member"]) == ("", "Άθως", "false")
    assert b"\r" not in (dest / "greece_municipalities_population_2021.csv").read_bytes()


def test_cni_member_list(fetched: Fetched) -> None:
    dest, _ = fetched
    table = rows(dest, "cni_member_municipalities.csv")
    assert len(table) == 18 and list(table[0]) == upstream.CNI_COLUMNS
    assert table[0] == {
        "name_en": "Athens",
        "name_el_official": "Δήμος Αθηναίων",
        "kallikratis_ypes_code": "9186",
        "elstat_2021_code": "4501",
        "membership_source": "founding member (MoU Athens–Thessaloniki Jan 2018)",
    }
    assert {row["kallikratis_ypes_code"] for row in table} >= {"9205", "9305", "9031"}  # Piraeus, Heraklion (Crete)


def test_hospitals(fetched: Fetched) -> None:
    dest, _ = fetched
    items = features(dest, "attica_hospitals_osm.geojson")
    assert [feature["properties"] for feature in items] == [
        {
            "osm_layer_objectid": 635,
            "amenity": "hospital",
            "name": 'Γενικό Νοσοκομείο Αθηνών "Ευαγγελισμός"',
            "name_en": "Evangelismos Hospital",
        },
        {"osm_layer_objectid": 68, "amenity": "hospital", "name": None, "name_en": None},
    ]
    assert items[0]["geometry"] == {"type": "Point", "coordinates": [23.7477793, 37.9777601]}


# ------------------------------------------------------------------------------------------------ failures
def test_wrong_sha256_raises_and_writes_nothing(server: SampleServer, tmp_path: Path) -> None:
    manifest = sample_manifest()
    manifest[1] = airbnb_entry(sha256="0" * 64)
    actual = hashlib.sha256((SAMPLES / "data/neighbourhoods.geojson").read_bytes()).hexdigest()
    with pytest.raises(ChecksumError) as error:
        upstream.fetch(tmp_path / "data", base_url=template(server.server_port), manifest=manifest, timeout=5)
    message = str(error.value)
    assert "data/neighbourhoods.geojson" in message and "0" * 64 in message and actual in message
    assert outputs_in(tmp_path / "data") == set()
    cached = [path.name for path in (tmp_path / "data").rglob("*") if path.is_file()]
    assert "neighbourhoods.geojson" not in cached and not any(name.startswith(".part-") for name in cached)


def test_closed_port_is_offline_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(OfflineError) as error:
        upstream.fetch(tmp_path / "data", base_url=template(closed_port()), manifest=sample_manifest(), timeout=2)
    message = str(error.value)
    assert "\n" not in message and message.startswith("offline:")
    assert "GEO_ACCMR_DATA_DIR" in message and "127.0.0.1" in message
    assert not (tmp_path / "data").exists()


def test_http_error_is_not_offline(server: SampleServer, tmp_path: Path) -> None:
    missing = UpstreamFile(HOSPITALS_OSM, "o/r", COMMIT, "no/such/file.geojson", "0" * 64, "missing")
    with pytest.raises(FetchError, match="HTTP 404") as error:
        upstream.fetch(tmp_path, base_url=template(server.server_port), manifest=[missing], timeout=5)
    assert not isinstance(error.value, OfflineError)


def test_malformed_upstream_file_is_a_clear_error(server: SampleServer, tmp_path: Path) -> None:
    not_a_module = sample_entry(KALLIKRATIS_MODULE, "sourcegr/Kalikratis-GeoJSON", "ypesCodeMapping.json")
    with pytest.raises(FetchError, match="ypesCodeMapping.json.*not a `const data"):
        upstream.fetch(tmp_path, base_url=template(server.server_port), manifest=[not_a_module], timeout=5)
    assert outputs_in(tmp_path) == set()


def test_unpinned_files_are_refused_unless_allowed(server: SampleServer, tmp_path: Path) -> None:
    manifest = [airbnb_entry(), hospitals_entry(sha256=None)]
    with pytest.raises(UnpinnedError, match="1 upstream file"):
        upstream.fetch(tmp_path, base_url=template(server.server_port), manifest=manifest, timeout=5)
    assert outputs_in(tmp_path) == set()
    written = upstream.fetch(
        tmp_path, base_url=template(server.server_port), manifest=manifest, timeout=5, allow_unpinned=True
    )
    assert {item.path.name for item in written} == {
        "athens_neighbourhoods_insideairbnb.geojson",
        "attica_hospitals_osm.geojson",
        "cni_member_municipalities.csv",
    }


def test_cache_is_reused_and_env_template_is_honoured(
    server: SampleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(upstream.SOURCE_URL_ENV, template(server.server_port))
    before = len(server.requests)
    upstream.fetch(tmp_path, manifest=[airbnb_entry()], cache_dir=tmp_path / "cache", timeout=5)
    assert len(server.requests) == before + 1
    upstream.fetch(tmp_path, manifest=[airbnb_entry()], cache_dir=tmp_path / "cache", timeout=5)
    assert len(server.requests) == before + 1  # served from the cache, checked against the pin


def test_source_url_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = UpstreamFile(AIRBNB_NEIGHBOURHOODS, "owner/name", "c" * 40, "data/a b.geojson", None, "x")
    assert upstream.source_url(entry) == f"https://raw.githubusercontent.com/owner/name/{'c' * 40}/data/a%20b.geojson"
    assert upstream.source_url(entry, base_url="http://mirror/raw/") == (
        f"http://mirror/raw/owner/name/{'c' * 40}/data/a%20b.geojson"
    )
    monkeypatch.setenv(upstream.SOURCE_URL_ENV, "http://m/{path}?rev={commit}")
    assert upstream.source_url(entry) == f"http://m/data/a%20b.geojson?rev={'c' * 40}"


# ---------------------------------------------------------------------------------------------- the command
def test_command_writes_one_line_per_file(
    server: SampleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upstream, "MANIFEST", sample_manifest())
    monkeypatch.setenv(upstream.SOURCE_URL_ENV, template(server.server_port))
    out = io.StringIO()
    call_command(
        RefreshCommand(), dest=tmp_path / "data", cache_dir=tmp_path / "cache", stdout=out, stderr=io.StringIO()
    )
    lines = out.getvalue().splitlines()
    # the refresh writes what the loader reads, compressed, and keeps its download cache out of the data folder
    assert len(lines) == len(REFERENCE_FILES) and all(line.startswith("wrote ") for line in lines)
    assert any(line.endswith("greece_municipalities_population_2021.csv.gz (4 rows)") for line in lines)
    assert outputs_in(tmp_path / "data") == {f"{name}.gz" for name in REFERENCE_FILES}
    assert reference_files_missing(data_dir=tmp_path / "data") == []


def test_command_offline_exits_3_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(upstream.SOURCE_URL_ENV, template(closed_port()))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(RefreshCommand(), dest=tmp_path / "data", stdout=io.StringIO(), stderr=err, timeout=2)
    assert exit_info.value.code == 3
    assert len(err.getvalue().strip().splitlines()) == 1 and "GEO_ACCMR_DATA_DIR" in err.getvalue()


# ------------------------------------------------------------------------------------------------ the parts
def test_population_codes_and_both_headers() -> None:
    text = (
        "municipality_code,municipality_name,pop_total_2021,pop_total_2011,pop_men_2021,pop_men_2011,"
        "pop_women_2021,pop_women_2011\r\n"
        "4005,ΝΟΤΙΑΣ ΚΥΝΟΥΡΙΑΣ,1,1,1,1,0,0\r\n7101,ΗΡΑΚΛΕΙΟΥ,2,2,1,1,1,1\r\n7102,ΑΡΧΑΝΩΝ - ΑΣΤΕΡΟΥΣΙΩΝ,3,3,2,2,1,1\r\n"
        "4603,ΒΡΙΛΗΣΣΙΩΝ,4,4,2,2,2,2\r\n7101,ΗΡΑΚΛΕΙΟΥ,5,5,3,3,2,2\r\n4605,ΚΗΦΙΣΙΑΣ,6,6,3,3,3,3\r\n"
    )
    parsed = upstream.parse_population_csv(text)
    assert [row["elstat_code"] for row in parsed] == ["4005", "7101", "7102", "4603", "4604", "4605"]
    assert parsed[4]["pop_total_2021"] == 5 and parsed[4]["pop_women_2011"] == 2


def test_parse_js_module() -> None:
    assert upstream.parse_js_module('const data = {"type":"Feature","a":[1]}; export {data}') == {
        "type": "Feature",
        "a": [1],
    }
    with pytest.raises(FetchError, match="datafiles/x.js"):
        upstream.parse_js_module("export default {}", label="datafiles/x.js")


@pytest.mark.parametrize(
    ("greek", "latin"),
    [
        ("Αθηναίων", "Athinaion"),
        ("Νέαπολης - Συκεών", "Neapolis - Sykeon"),
        ("Ευρώτα", "Evrota"),
        ("Ναυπλιέων", "Nafplieon"),
        ("Καλαμπάκας", "Kalampakas"),
        ("Μπενάκειο", "Benakeio"),
        ("Ντόρα", "Dora"),
        ("Άγγελος", "Angelos"),
        ("Χαϊδαρίου", "Chaidariou"),
        ("ΚΕΝΤΡΙΚΗΣ ΚΕΡΚΥΡΑΣ ΚΑΙ ΔΙΑΠΟΝΤΙΩΝ ΝΗΣΩΝ", "Kentrikis Kerkyras kai Diapontion Nison"),
        ("Νάξου & Μικρών Κυκλάδων", "Naxou & Mikron Kykladon"),
    ],
)
def test_transliterate(greek: str, latin: str) -> None:
    assert transliterate(greek) == latin


def test_real_manifest_is_pinned_by_commit() -> None:
    entries = upstream.MANIFEST
    assert len({(entry.repo, entry.path) for entry in entries}) == len(entries) == 5 + 326
    assert all(re.fullmatch(r"[0-9a-f]{40}", entry.commit) for entry in entries)
    assert all(entry.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", entry.sha256) for entry in entries)
    pinned = {entry.role for entry in entries if entry.sha256}
    assert pinned == {POPULATION_2021, AIRBNB_NEIGHBOURHOODS, HOSPITALS_OSM, KALLIKRATIS_NAMES}
    modules = [entry.path for entry in entries if entry.role == KALLIKRATIS_MODULE]
    assert modules[0] == "datafiles/9001.js" and modules[-2:] == ["datafiles/9325.js", "datafiles/null.js"]
