"""export_hsds reads services and organisations as plain records (hsds.records), not model instances: the HSDS
writer must render them exactly as it renders the models the API reads (redaction included)."""

import pytest

from hsds.export import COPIED, _copy_table, _plain_table, _write_rows
from hsds.records import Reader, chunks
from hsds.selectors import organization_queryset, service_queryset
from hsds.serializers import Writer
from hsds.tabular import columns
from services.actions.demo import demo_seed
from services.models import Organization, Service, ServiceAtLocation, Taxonomy

from .conftest import Directory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("public", [True, False])
def test_plain_records_render_as_the_models_do(directory: Directory, public: bool) -> None:
    demo_seed(services=40, seed=5)
    # a service only at the shelter: its own phones are withheld in public (services.redaction)
    only_shelter = Service.objects.create(organization=directory.ngo, name="Καταφύγιο", name_el="Καταφύγιο")
    ServiceAtLocation.objects.create(service=only_shelter, location=directory.shelter)
    only_shelter.phones.create(number="+30 210 7777777")
    writer, reader = Writer(language="el", public=public), Reader()

    by_models = [writer.service(s, full=True) for s in service_queryset(full=True)]
    by_records = [writer.service(s, full=True) for ids in chunks(Service, 7) for s in reader.services(ids)]
    assert len(by_records) == Service.objects.count() > 40
    assert by_records == by_models
    assert any(sal["location"].get("redacted") for s in by_records for sal in s["service_at_locations"])
    for nested in ("phones", "contacts", "schedules", "service_areas", "languages", "cost_options", "attributes"):
        assert any(s[nested] for s in by_records), nested  # the sample exercises every nested list

    by_models = [writer.organization(o, full=True) for o in organization_queryset(full=True)]
    by_records = [
        writer.organization(o, full=True) for ids in chunks(Organization, 3) for o in reader.organizations(ids)
    ]
    assert by_records == by_models and len(by_records) == Organization.objects.count()


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
