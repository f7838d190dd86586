"""GDAL's OAPIF driver (what QGIS uses for "WFS / OGC API – Features") reads /ogc/ from a live server."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from shapely.geometry import shape

from boundaries.models import Area

from .conftest import Directory

pytestmark = pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="gdal-bin is not installed")


def _gdal(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_gdal_reads_services_and_areas_with_counts_and_geometries(
    live_server, live_directory: Directory, tmp_path: Path
) -> None:
    source = f"OAPIF:{live_server.url}/ogc"
    listing = _gdal("ogrinfo", "-ro", "-q", source)
    assert "services" in listing and "areas" in listing
    summary = _gdal("ogrinfo", "-ro", "-so", source, "services")
    assert "Geometry: Point" in summary
    assert re.search(r"Feature Count: (\d+)", summary).group(1) == str(len(live_directory.public))

    # a full copy pages through the items (10 per page: 13 features need 2 pages) as QGIS does
    out = tmp_path / "services.geojson"
    _gdal("ogr2ogr", "-f", "GeoJSON", str(out), source, "services")
    features = {f["properties"]["id"]: f for f in json.loads(out.read_text())["features"]}
    assert set(features) == set(live_directory.public)
    for sal, (lon, lat) in live_directory.points().items():
        assert features[sal]["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-9)
    assert features[live_directory.redacted]["geometry"] is None
    assert features[next(iter(live_directory.points()))]["properties"]["name_el"].startswith("Υπηρεσία")

    # a spatial filter goes to the server as bbox; GDAL and the server agree on what is inside
    west = tmp_path / "west.geojson"
    _gdal("ogr2ogr", "-f", "GeoJSON", "-spat", "23.0", "37.0", "23.5", "37.5", str(west), source, "services")
    assert {f["properties"]["id"] for f in json.loads(west.read_text())["features"]} == live_directory.west

    areas = tmp_path / "areas.geojson"
    _gdal("ogr2ogr", "-f", "GeoJSON", str(areas), source, "areas")
    read = {f["properties"]["code"]: shape(f["geometry"]) for f in json.loads(areas.read_text())["features"]}
    assert set(read) == {"t-west", "t-east"}
    for area in Area.objects.all():
        assert read[area.code].equals_exact(shape(json.loads(area.geom.geojson)), tolerance=1e-6)
