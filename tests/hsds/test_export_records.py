"""export_hsds writes its tables with PostgreSQL's COPY: the bytes must be those of the Python CSV writer (and, for
locations and attributes, of the Python producers it used before)."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.geos import Point

from hsds.export import COPIED, Export, _copy_table, _plain_table, _translated, _write_rows
from hsds.serializers import attribute_id
from hsds.tabular import HSDS_TABLES, LANGUAGE_SUFFIX, TRANSLATED, columns
from services.actions.demo import demo_seed
from services.models import TERM_FIELDS, Location, Service, Taxonomy
from services.redaction import HIDDEN_LOCATION_FIELDS
from tests.factories import term

from .conftest import Directory

pytestmark = pytest.mark.django_db


def test_copied_tables_are_the_bytes_the_python_writer_writes(tmp_path, directory: Directory) -> None:  # noqa: ANN001
    demo_seed(services=20, seed=2)
    directory.clinic.required_documents.create(document="Διαβατήριο", document_el="Διαβατήριο", uri="https://x.gr/a")
    directory.ngo.organization_identifiers.create(identifier_type="ΑΦΜ", identifier="123456789")
    directory.legal.phones.create(number="+30 210 5555555", extension="12a")  # not a number: an empty cell
    codes = dict(Taxonomy.objects.values_list("id", "code"))
    for table, model in COPIED.items():
        names = [name for name, _kind, _description in columns(table)]
        rows = list(_plain_table(model, table)())
        for row in rows:
            row["taxonomy"] = codes.get(row.get("taxonomy_id"), "") if table == "taxonomy_term" else row.get("taxonomy")
        by_python = _write_rows(tmp_path / f"{table}.python.csv", names, rows)
        by_copy = _copy_table(model, table, tmp_path / f"{table}.copy.csv")
        assert by_copy == by_python > 0, table
        assert (tmp_path / f"{table}.copy.csv").read_bytes() == (tmp_path / f"{table}.python.csv").read_bytes(), table


# The Python producers export_hsds used before these tables were copied too: the reference for their bytes.
def python_locations(include_redacted: bool) -> Iterator[dict[str, Any]]:
    fields = [name for name, _k, _d in columns("location") if name not in ("latitude", "longitude", "area_code")]
    fields = [f"{name}_el" if name in TRANSLATED["location"] else name for name in fields]
    rows = Location.objects.order_by("id").values(
        *fields, "point", "neighbourhood__code", "community__code", "municipality__code"
    )
    for row in rows:
        point = row.pop("point")
        areas = [row.pop(f"{level}__code") for level in ("neighbourhood", "community", "municipality")]
        shown = point is not None and (include_redacted or not row["redacted"])
        row["latitude"] = round(point.y, 7) if shown else None
        row["longitude"] = round(point.x, 7) if shown else None
        row["area_code"] = next((code for code in areas if code), None)
        row = _translated("location", row)
        if not (include_redacted or not row["redacted"]):
            row.update({name: "" for name in HIDDEN_LOCATION_FIELDS if name in row})
            row.update({f"{name}_{LANGUAGE_SUFFIX}": "" for name in HIDDEN_LOCATION_FIELDS})
        yield row


def python_attributes() -> Iterator[dict[str, Any]]:
    for taxonomy_code, attname in TERM_FIELDS.items():
        through: Any = Service._meta.get_field(attname).remote_field.through  # type: ignore[union-attr]
        pairs = through.objects.order_by("service_id", "taxonomyterm_id").values_list("service_id", "taxonomyterm_id")
        for service_id, term_id in pairs:
            yield {"id": attribute_id(service_id, term_id), "link_id": service_id, "taxonomy_term_id": term_id,
                   "link_type": taxonomy_code, "link_entity": "service"}  # fmt: skip


@pytest.mark.parametrize("include_redacted", [False, True])
def test_locations_and_attributes_are_the_bytes_the_python_writer_wrote(
    tmp_path: Path, directory: Directory, include_redacted: bool
) -> None:
    demo_seed(services=20, seed=3)
    Location.objects.create(name_el='Σ "εισαγωγικά",\nγραμμή', name_en="", location_type="virtual")
    Location.objects.filter(pk=directory.piraeus.pk).update(point=Point(23.64700004999, 37.1, srid=4326))
    directory.clinic.eligibility.set([term("asylum-seekers", "eligibility")])
    export = Export(include_redacted=include_redacted)
    jobs = {name: write for _part, name, write in export.jobs(tmp_path)}
    for table, rows in (("location", python_locations(include_redacted)), ("attribute", python_attributes())):
        path, _hsds = HSDS_TABLES[table]
        names = [name for name, _kind, _description in columns(table)]
        by_python = _write_rows(tmp_path / f"{table}.python.csv", names, rows)
        assert jobs[table]() == by_python > 3, table
        assert (tmp_path / path).read_bytes() == (tmp_path / f"{table}.python.csv").read_bytes(), table
    shelter = next(r for r in csv.DictReader(io.StringIO((tmp_path / "locations.csv").read_text())) if
                   r["id"] == str(directory.shelter.id))  # fmt: skip
    assert (shelter["name"] == "") != include_redacted and (shelter["latitude"] == "") != include_redacted
