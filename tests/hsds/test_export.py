"""export_hsds writes an HSDS datapackage; import_hsds reads it back: export → import (empty) → export is identical."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hsds.importer import hsds_import
from hsds.schema import schema_load, schema_path
from services.actions.demo import demo_seed
from services.models import Location, Metadata, Organization, Service, ServiceAtLocation

from .conftest import Directory, Schemas

pytestmark = pytest.mark.django_db
VOLATILE = {"last_modified"}  # set by the database on every write, so a re-import has new ones


def export(directory: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("export_hsds", str(directory), *args, stdout=out)
    return out.getvalue()


def snapshot(directory: Path) -> dict[str, Any]:
    """Every file of an export, with the volatile columns and keys left out."""
    result: dict[str, Any] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
                result[path.name] = [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]
        else:
            result[path.name] = _strip(json.loads(path.read_text(encoding="utf-8")))
    return result


def _strip(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k not in VOLATILE}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def empty_the_directory() -> None:
    Organization.objects.all().delete()  # cascades to services, locations and everything under them
    Metadata.objects.all().delete()
    assert not Service.objects.exists() and not Location.objects.exists()


def test_round_trip_export_import_export_gives_the_same_data(tmp_path: Path, directory: Directory) -> None:
    demo_seed(services=12, seed=3)
    first, second = tmp_path / "first", tmp_path / "second"
    export(first, "--include-redacted")
    before = snapshot(first)
    assert len(before["services.csv"]) == 15 and len(before["service_at_location.csv"]) >= 16
    empty_the_directory()

    out = io.StringIO()
    call_command("import_hsds", str(first), stdout=out)
    assert "import finished" in out.getvalue() or out.getvalue()

    export(second, "--include-redacted")
    after = snapshot(second)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    # and the texts of both languages came back
    legal = Service.objects.get(pk=directory.legal.pk)
    assert (legal.name_el, legal.name_en) == (directory.legal.name_el, "Legal advice for asylum seekers")
    assert Location.objects.get(pk=directory.shelter.pk).redacted is True
    assert set(legal.categories.values_list("code", flat=True)) == {"legal-aid"}


def test_the_datapackage_follows_the_hsds_tables(tmp_path: Path, directory: Directory, hsds_schemas: Schemas) -> None:
    output = export(tmp_path)
    assert "service: 3" in output
    package = json.loads((tmp_path / "datapackage.json").read_text())
    tabular = schema_load(schema_path(hsds_schemas.compiled, "tabular"))["properties"]
    csv_resources = {r["name"]: r for r in package["resources"] if r["format"] == "csv"}
    assert set(csv_resources) == set(tabular)
    for table, definition in tabular.items():
        item = definition["items"]
        resource = csv_resources[table]
        assert resource["path"] == item["path"]
        hsds_columns = [
            name for name, spec in item["properties"].items() if spec.get("type") not in ("array", "object")
            and "$ref" not in spec
        ]  # fmt: skip
        fields = [field["name"] for field in resource["schema"]["fields"]]
        assert fields[: len(hsds_columns)] == hsds_columns, table  # the HSDS columns first, in order
        with (tmp_path / item["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == fields
    # every service in the JSON file is a valid HSDS service
    services = json.loads((tmp_path / "services.json").read_text())
    assert {s["id"] for s in services} == {str(directory.legal.id), str(directory.closed.id), str(directory.clinic.id)}
    for service in services:
        hsds_schemas.check("service", service)
    for organization in json.loads((tmp_path / "organizations.json").read_text()):
        hsds_schemas.check("organization", organization)


def test_the_default_export_withholds_redacted_locations(tmp_path: Path, directory: Directory) -> None:
    export(tmp_path)
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert "Φωκίωνος" not in text and "9999999" not in text and "38.003" not in text
    with (tmp_path / "locations.csv").open(encoding="utf-8", newline="") as handle:
        shelter = next(row for row in csv.DictReader(handle) if row["id"] == str(directory.shelter.id))
    assert (shelter["latitude"], shelter["longitude"], shelter["redacted"]) == ("", "", "true")
    assert shelter["area_code"]
    private = tmp_path / "private"
    export(private, "--include-redacted")
    assert "Φωκίωνος" in (private / "addresses.csv").read_text(encoding="utf-8")


def test_a_broken_datapackage_is_reported_and_nothing_is_written(tmp_path: Path, directory: Directory) -> None:
    export(tmp_path, "--include-redacted")
    empty_the_directory()
    services = (tmp_path / "services.csv").read_text(encoding="utf-8")
    (tmp_path / "services.csv").write_text(services.replace(",active,", ",sleeping,", 1), encoding="utf-8")
    locations = (tmp_path / "locations.csv").read_text(encoding="utf-8")
    (tmp_path / "locations.csv").write_text(locations.replace("37.9841", "48.85", 1), encoding="utf-8")

    report = hsds_import(path=tmp_path)

    assert {issue.field.rsplit(".", 1)[-1] for issue in report.errors} == {"status", "latitude"}
    assert not Service.objects.exists() and not ServiceAtLocation.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_hsds", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert hsds_import(path=tmp_path / "nothing").errors
