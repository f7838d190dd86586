"""Every kind of bad upload gets a clear report and leaves the directory exactly as it was (ids of every table)."""

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from bulkupload.models import Upload
from services.models import Location, Metadata, Organization, Service
from tests.hsds.conftest import Directory, make_directory
from tests.search.test_search_index import index_differences

from .conftest import csv_bytes, directory_snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db
UPLOAD = "/en/upload/"
HEADER = [
    "organization",
    "name_el",
    "categories",
    "audience",
    "eligibility",
    "address",
    "city",
    "latitude",
    "longitude",
]


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    with translation.override("en"):
        yield


def good(org: Organization, **changes: str) -> list[str]:
    row = dict(
        zip(HEADER, [org.name_el, "Υπηρεσία", "health", "", "", "Ερμού 1", "Αθήνα", "37.98", "23.73"], strict=True)
    )
    row.update(changes)
    return [row[column] for column in HEADER]


def post(client: Client, name: str, content: bytes) -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)}, follow=True)


def report_of(response: Any) -> dict[str, Any]:
    upload = Upload.objects.order_by("-created_at").first()
    assert upload is not None and response.redirect_chain, response.content.decode()[:500]
    return upload.report


# ------------------------------------------------------------------------------------------- refused files
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("garbage.csv", os.urandom(10 * 1024 * 1024), "the limit is 5.0 MB"),
        ("garbage.zip", b"PK\x03\x04" + os.urandom(10 * 1024 * 1024), "the limit is 5.0 MB"),
        ("garbage.csv", os.urandom(200_000), "binary data"),
        ("garbage.xlsx", os.urandom(2000), "is not a ZIP/XLSX file"),
        ("greek.csv", "organization,name_el\nΔήμος,Ιατρείο\n".encode("cp1253"), "Windows-1253"),
        ("latin.csv", "organization,name_el\nx,caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Old Excel files"),
        ("empty.csv", b"", "empty"),
        ("picture.png", b"\x89PNG\r\n\x1a\n", "Unsupported file type"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason_and_nothing_is_stored(
    coordinator_client: Client, name: str, content: bytes, words: str
) -> None:
    before, uploads = directory_snapshot(), Upload.objects.count()
    response = post(coordinator_client, name, content)
    assert response.status_code == (413 if "limit" in words else 400)  # too large: 413 Content Too Large
    page = response.content.decode()
    assert "The file was not accepted" in page and words in page, page[page.find("error-summary") :][:400]
    assert Upload.objects.count() == uploads
    assert directory_snapshot() == before


def zipped(members: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "links", "words"),
    [
        ({"datapackage.json": b"{}", "../../evil.csv": b"x"}, (), "unsafe path"),
        ({"datapackage.json": b"{}", "/etc/cron.d/evil": b"x"}, (), "unsafe path"),
        ({"datapackage.json": b"{}"}, ("services.csv",), "symbolic link"),
        ({"datapackage.json": b"{}", "bomb.csv": b"0" * 80_000_000}, (), "zip bomb"),
        ({"readme.txt": b"hello"}, (), "neither a datapackage.json"),
    ],
)
def test_dangerous_zips_are_refused_before_anything_is_unpacked(
    coordinator_client: Client, tmp_path: Path, members: dict[str, bytes], links: tuple[str, ...], words: str
) -> None:
    before = directory_snapshot()
    response = post(coordinator_client, "package.zip", zipped(members, links=links))
    assert response.status_code == 400 and words in response.content.decode()
    assert not Upload.objects.exists() and directory_snapshot() == before


def test_an_xlsx_bomb_is_refused(coordinator_client: Client) -> None:
    content = zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/sheet1.xml": b" " * 80_000_000})
    response = post(coordinator_client, "bomb.xlsx", content)
    assert response.status_code == 400 and "zip bomb" in response.content.decode()


# ------------------------------------------------------------------------------------------- row reports
def rows_case(organization: Organization, case: str) -> tuple[str, bytes]:
    """A file with one kind of mistake (the other rows are good)."""
    ok = good(organization)
    cases: dict[str, Any] = {
        "wrong columns": [["organisation", "name", "colour", "categories"], ["x", "y", "z", "health"]],
        "bad coordinates": [
            HEADER,
            ok,
            good(organization, latitude="48.85", longitude="2.35"),
            good(organization, name_el="Β", latitude="north", longitude="23.7"),
            good(organization, name_el="Γ", latitude="23.73", longitude="37.98"),
        ],
        "unknown categories": [HEADER, ok, good(organization, name_el="Β", categories="health, cooking")],
        "unknown audience and eligibility": [
            HEADER,
            good(organization, audience="aliens", eligibility="asylum-seeker"),
        ],
        "unknown organisation": [HEADER, good(organization, organization="No Such NGO")],
        "csv formulas": [
            HEADER,
            ok,
            good(organization, name_el='=HYPERLINK("http://evil.example","click")'),
            good(organization, name_el="Δ", address="@SUM(1+1)*cmd|' /C calc'!A0"),
            good(organization, name_el="Ε", city="+cmd|' /C calc'!A0"),
            good(organization, name_el="Ζ", city="-2+3+cmd|' /C calc'!A0"),
        ],
        "missing location": [HEADER, good(organization, address="", city="", latitude="", longitude="")],
        "bad hours": [
            HEADER + ["hours"],
            ok + ["MO-FR 9-17"],
        ],
    }
    if case == "xlsx formulas":
        return "f.xlsx", xlsx_bytes([HEADER, ok, good(organization, name_el="Β", latitude="=37+1")])
    return "f.csv", csv_bytes(cases[case])


EXPECTED = {
    "wrong columns": {(1, "", "unknown columns: organisation, name, colour"), (1, "", "missing required columns")},
    "bad coordinates": {(3, "latitude", "outside Greece"), (4, "latitude", "not a number"), (5, "latitude", "swapped")},
    "unknown categories": {(3, "categories", "unknown categories code 'cooking'")},
    "unknown audience and eligibility": {
        (2, "audience", "unknown audience code 'aliens'"),
        (2, "eligibility", "Did you mean asylum-seekers?"),
    },
    "unknown organisation": {(2, "organization", "no organisation")},
    "csv formulas": {
        (3, "name_el", "formula"),
        (4, "address", "formula"),
        (5, "city", "formula"),
        (6, "city", "formula"),
    },
    "missing location": {(2, "address", "give an address or latitude and longitude")},
    "bad hours": {(2, "hours", "not a time range")},
    "xlsx formulas": {(3, "latitude", "formula")},
}


@pytest.mark.parametrize("case", list(EXPECTED))
def test_each_bad_row_is_reported_with_row_column_and_value_and_nothing_is_written(
    coordinator_client: Client, organization: Organization, case: str
) -> None:
    before = directory_snapshot()
    name, content = rows_case(organization, case)
    response = post(coordinator_client, name, content)
    report = report_of(response)
    assert not report["ok"]
    for row, column, words in EXPECTED[case]:
        assert any(
            issue["row"] == row and issue["column"] == column and words in issue["message"]
            for issue in report["issues"]
        ), (row, column, words, report["issues"])
    page = response.content.decode()
    assert "nothing can be written" in page and "Apply: write everything" not in page
    upload = Upload.objects.get()
    assert coordinator_client.post(f"/en/upload/{upload.pk}/apply/").status_code == 302  # re-checked, still refused
    assert directory_snapshot() == before


def test_the_error_report_csv_lists_every_problem_and_never_carries_a_live_formula(
    coordinator_client: Client, organization: Organization
) -> None:
    name, content = rows_case(organization, "csv formulas")
    post(coordinator_client, name, content)
    upload = Upload.objects.get()
    response = coordinator_client.get(f"/en/upload/{upload.pk}/errors.csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["row", "column", "problem", "value"]
    values = {row[0]: row[3] for row in rows[1:]}
    assert values["3"] == "'" + '=HYPERLINK("http://evil.example","click")'
    assert values["4"].startswith("'@") and values["5"].startswith("'+") and values["6"].startswith("'-")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_an_xlsx_formula_is_never_evaluated_even_with_a_cached_value(
    coordinator_client: Client, organization: Organization
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(good(organization))
    sheet["B2"] = '=CONCAT("Υπηρεσία", "")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = directory_snapshot()
    report = report_of(post(coordinator_client, "f.xlsx", buffer.getvalue()))
    assert [(i["row"], i["column"]) for i in report["issues"]] == [(2, "name_el")]
    assert "formula" in report["issues"][0]["message"] and report["issues"][0]["value"].startswith("=CONCAT")
    assert directory_snapshot() == before


# ------------------------------------------------------------------------------------------- datapackage
def export_zip(tmp_path: Path) -> bytes:
    folder = tmp_path / "export"
    call_command("export_hsds", str(folder), "--include-redacted", stdout=io.StringIO())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"export/{path.name}")
    return buffer.getvalue()


def directory_state() -> dict[str, Any]:
    return {
        "services": {
            (
                str(s.pk),
                s.name_el,
                s.name_en,
                s.organization_id,
                tuple(sorted(s.categories.values_list("code", flat=True))),
            )
            for s in Service.objects.all()
        },
        "locations": {
            (str(loc.pk), loc.point.wkt if loc.point else None, loc.redacted) for loc in Location.objects.all()
        },
    }


def test_an_hsds_datapackage_round_trip_brings_back_the_same_services(
    coordinator_client: Client, coordinator: Any, tmp_path: Path
) -> None:
    directory: Directory = make_directory()
    content = export_zip(tmp_path)
    before = directory_state()
    assert len(before["services"]) == 3
    Organization.objects.all().delete()
    Metadata.objects.all().delete()
    assert not Service.objects.exists()

    response = post(coordinator_client, "export.zip", content)
    report = report_of(response)
    assert report["ok"], report["issues"]
    assert report["kind"] == "datapackage" and report["services_new"] == 3
    assert {row["organization"] for row in report["preview"]} == {"Ένωση Νομικής Βοήθειας", "Δήμος Πειραιά – Υγεία"}
    assert not Service.objects.exists()  # the dry run wrote nothing
    upload = Upload.objects.get()
    coordinator_client.post(f"/en/upload/{upload.pk}/apply/")
    assert directory_state() == before
    assert index_differences() == 0
    assert Service.objects.get(pk=directory.legal.pk).name_en == directory.legal.name_en
    assert set(
        Metadata.objects.filter(resource_type="service", last_action_type="create").values_list("user", flat=True)
    ) == {coordinator.pk}


def test_a_broken_datapackage_is_reported_by_record_and_field(coordinator_client: Client, tmp_path: Path) -> None:
    make_directory()
    folder = tmp_path / "export"
    call_command("export_hsds", str(folder), "--include-redacted", stdout=io.StringIO())
    locations = (folder / "locations.csv").read_text(encoding="utf-8")
    (folder / "locations.csv").write_text(locations.replace("37.9841", "48.85", 1), encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    before = directory_snapshot()
    report = report_of(post(coordinator_client, "broken.zip", buffer.getvalue()))
    assert not report["ok"]
    assert any(issue["column"].endswith("latitude") and issue["record"] for issue in report["issues"])
    assert directory_snapshot() == before


def test_a_datapackage_text_starting_like_a_formula_is_refused(coordinator_client: Client, tmp_path: Path) -> None:
    directory = make_directory()
    folder = tmp_path / "export"
    call_command("export_hsds", str(folder), stdout=io.StringIO())
    services = (folder / "services.csv").read_text(encoding="utf-8")
    name = directory.legal.name_el
    (folder / "services.csv").write_text(services.replace(name, '=HYPERLINK("http://evil.example")', 1), "utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    before = directory_snapshot()
    report = report_of(post(coordinator_client, "formula.zip", buffer.getvalue()))
    assert [(issue["column"], issue["record"]) for issue in report["issues"]] == [("name", str(directory.legal.pk))]
    assert "formula" in report["issues"][0]["message"]
    assert directory_snapshot() == before
