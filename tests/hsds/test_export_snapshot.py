"""export_hsds writes its files from two threads, each with its own connection: every connection reads the one
snapshot the export's transaction exports, so a write committed while the files are being written is in none."""

import csv
import json
import threading
from pathlib import Path

import pytest
from django.db import connection

from boundaries.actions import reference_data_load
from hsds import export as export_module
from hsds.export import Export
from services.models import Organization, Service, TaxonomyTerm
from tests.conftest import reference_data_dir

from .conftest import Directory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """A transactional test runs after others may have emptied the reference data (tests/conftest.py): load it."""
    if not TaxonomyTerm.objects.exists():
        reference_data_load(data_dir=reference_data_dir())


def write_elsewhere(label: str) -> None:
    """Commit a change from another connection (a thread of its own, in autocommit)."""

    def change() -> None:
        try:
            newcomer = Organization.objects.create(name=f"Νεοφερμένος {label}", kind="local_ngo")
            Service.objects.create(organization=newcomer, name=f"Νέα υπηρεσία {label}")
            Service.objects.filter(name_el="Παλιό πρόγραμμα").update(name_el=f"Μετονομασία {label}")
        finally:
            connection.close()

    thread = threading.Thread(target=change)
    thread.start()
    thread.join()


def test_every_file_shows_one_moment(tmp_path: Path, directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes commit after the export began and before the second worker joins its snapshot, then between two files
    that worker reads; the first worker waits for that, so both write files after both changes."""
    services_before = Service.objects.count()
    original_import, original_run = export_module.snapshot_import, Export._run
    imported: list[int] = []
    second_did_a_file = threading.Event()

    def late_import(snapshot: str) -> None:
        imported.append(threading.get_ident())
        if len(imported) == 2:
            write_elsewhere("A")
        original_import(snapshot)

    def run(self: Export, job: tuple) -> None:
        if threading.get_ident() == imported[0]:
            assert second_did_a_file.wait(timeout=60)
            original_run(self, job)
            return
        original_run(self, job)
        if not second_did_a_file.is_set():
            write_elsewhere("B")
            second_did_a_file.set()

    monkeypatch.setattr(export_module, "snapshot_import", late_import)
    monkeypatch.setattr(Export, "_run", run)
    export = Export(include_redacted=False)
    counts = export.write(tmp_path, workers=2)

    assert len(set(imported)) == 2 and Service.objects.count() == services_before + 2  # both changes committed
    assert counts["service"] == services_before == len(json.loads((tmp_path / "services.json").read_text()))
    with (tmp_path / "services.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == services_before
    text = "".join(path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
    assert "Νεοφερμένος" not in text and "Νέα υπηρεσία" not in text and "Μετονομασία" not in text
    assert "Παλιό πρόγραμμα" in (tmp_path / "services.csv").read_text(encoding="utf-8")
    assert "Παλιό πρόγραμμα" in (tmp_path / "organizations.json").read_text(encoding="utf-8")
    assert export.seconds["json"] > 0 and export.seconds["csv"] > 0


def test_a_failing_file_fails_the_export(tmp_path: Path, directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("hsds.export.write_organizations", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Export(include_redacted=False).write(tmp_path)
