"""manage.py backup / restore: backup → wipe → restore gives the same data; a bad file changes nothing."""

from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command
from django.db import connection

from services.models import Organization
from tests.factories import LanguageFactory, ServiceAtLocationFactory

TABLES = ["services_organization", "services_service", "services_location", "services_serviceatlocation",
          "services_language", "search_searchentry"]  # fmt: skip


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the tables that hold directory data, as text, in a fixed order."""
    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT t::text FROM {table} t ORDER BY 1")  # noqa: S608 - our own table names
            out[table] = cursor.fetchall()
    return out


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_the_same_data(tmp_path: Path) -> None:
    for n in range(3):
        sal = ServiceAtLocationFactory(location__point=Point(23.72 + n / 100, 37.98, srid=4326))
        LanguageFactory(service=sal.service, code="ar")
    before = snapshot()
    assert len(before["search_searchentry"]) == 3
    path = tmp_path / "geo_accmr.dump"
    call_command("backup", str(path))
    assert path.stat().st_size > 0 and not path.with_name(path.name + ".partial").exists()

    Organization.objects.all().delete()  # the wipe
    assert snapshot() != before

    call_command("restore", str(path), "--noinput")
    assert snapshot() == before
    # the triggers came back with the data: an edit still reaches the search index
    Organization.objects.update(name_el="Μετά την επαναφορά")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchentry WHERE properties_el LIKE '%Μετά την επαναφορά%'")
        assert cursor.fetchone()[0] == 3


@pytest.mark.django_db(transaction=True)
def test_restore_of_a_bad_file_changes_nothing(tmp_path: Path) -> None:
    ServiceAtLocationFactory(location__point=Point(23.72, 37.98, srid=4326))
    before = snapshot()
    garbage = tmp_path / "garbage.dump"
    garbage.write_bytes(b"PGDMP" + b"\x00" * 100 + b"not really a dump" * 1000)
    with pytest.raises(CommandError, match="pg_restore"):
        call_command("restore", str(garbage), "--noinput")
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.dump"), "--noinput")
    assert snapshot() == before
