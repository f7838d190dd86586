"""export_hsds writes its plain tables with PostgreSQL's COPY: the bytes must be those of the Python CSV writer."""

import pytest

from hsds.export import COPIED, _copy_table, _plain_table, _write_rows
from hsds.tabular import columns
from services.actions.demo import demo_seed
from services.models import Taxonomy

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
