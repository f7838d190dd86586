"""Toolkit: searchable by words (accents and Greeklish folded), committee, language and kind; PDFs checked by type,
bytes and size, kept in the database and sent back only as downloads that the browser does not sniff."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from community.models import ToolkitEntry, ToolkitFile
from tests.factories import term

from .conftest import PDF, make_entry

pytestmark = pytest.mark.django_db


def entry_post(organization, **overrides) -> dict:  # noqa: ANN001
    data = {
        "organization": str(organization.pk),
        "committee": str(term("rights-legal").pk),
        "kind": "guide",
        "title": "Οδηγός για το άσυλο",
        "description": "Βήμα βήμα η αίτηση",
        "language": "el",
        "published_on": "2026-03-01",
        "link": "",
    }
    data.update(overrides)
    return data


def test_search_by_words_committee_language_and_kind(client, org_a) -> None:  # noqa: ANN001
    asylum = make_entry(org_a, title="Οδηγός ασύλου", language="el")
    school = make_entry(org_a, title="School enrolment template", language="en", kind="template",
                        committee=term("education"))  # fmt: skip
    ids = lambda url: [e.pk for e in client.get(url).context["page"].object_list]  # noqa: E731
    assert ids("/toolkit/?q=ασυλου") == [asylum.pk]  # accents dropped
    assert ids("/toolkit/?q=asylou") == [asylum.pk]  # Greeklish
    assert ids("/toolkit/?q=enrol") == [school.pk]  # start of a word
    assert ids("/toolkit/?q=nrol") == []
    assert ids("/toolkit/?q=organisation a") == [school.pk, asylum.pk] or ids("/toolkit/?q=organisation a") == [
        asylum.pk,
        school.pk,
    ]
    assert ids("/toolkit/?committee=education") == [school.pk]
    assert ids("/toolkit/?language=el") == [asylum.pk]
    assert ids("/toolkit/?kind=template") == [school.pk]
    assert client.get("/toolkit/?committee=nope").status_code == 400
    assert client.get("/toolkit/?kind=poster").status_code == 400


def test_an_editor_uploads_a_pdf_and_anyone_downloads_it_safely(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    upload = SimpleUploadedFile('../../etc/"odigos"\r\n.pdf', PDF, content_type="application/pdf")
    response = client.post(reverse("toolkit:create"), {**entry_post(org_a), "file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ToolkitEntry.objects.get()
    stored = ToolkitFile.objects.get(entry=entry)
    assert bytes(stored.content) == PDF and stored.sha256 == hashlib.sha256(PDF).hexdigest()
    client.logout()
    download = client.get(reverse("toolkit:file", args=[entry.pk]))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="odigos.pdf"'
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_greek_file_name_is_encoded_in_the_header(client, coordinator, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    upload = SimpleUploadedFile("οδηγός.pdf", PDF, content_type="application/pdf")
    client.post(reverse("toolkit:create"), {**entry_post(org_a), "file": upload})
    download = client.get(reverse("toolkit:file", args=[ToolkitEntry.objects.get().pk]))
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''%CE%BF%CE%B4%CE%B7%CE%B3%CF%8C%CF%82.pdf"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),  # HTML named .pdf
        ("doc.pdf", PDF, "text/html"),  # declared as something else
        ("page.html", b"<html></html>", "text/html"),
        ("pic.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(client, editor_a, org_a, name, content, content_type) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post("/en" + reverse("toolkit:create"), {**entry_post(org_a), "file": upload})
    assert response.status_code == 400
    assert "Only PDF files can be uploaded" in " ".join(response.context["form"].errors["file"])
    assert not ToolkitEntry.objects.exists() and not ToolkitFile.objects.exists()


@override_settings(TOOLKIT_MAX_BYTES=100 * 1024)
def test_an_oversized_upload_is_refused_with_a_message(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 300 * 1024, content_type="application/pdf")
    response = client.post("/en/toolkit/new/", {**entry_post(org_a), "file": big})
    assert response.status_code == 413
    assert "The file is 0.3 MB; the limit is 0.1 MB." in response.content.decode()
    assert not ToolkitEntry.objects.exists()


@override_settings(TOOLKIT_MAX_BYTES=100 * 1024)
def test_a_file_just_over_the_limit_stops_while_arriving(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    # larger than the limit but within the multipart allowance: the body is read and the limiter stops the file
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (100 * 1024), content_type="application/pdf")
    response = client.post(reverse("toolkit:create"), {**entry_post(org_a), "file": big})
    assert response.status_code == 413
    assert not ToolkitEntry.objects.exists()


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/a.pdf", "file:///etc/passwd", "data:text/html,x"]
)
def test_a_link_that_is_not_http_is_refused(client, editor_a, org_a, link) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.post(reverse("toolkit:create"), entry_post(org_a, link=link))
    assert response.status_code == 400
    assert response.context["form"].errors["link"]
    assert not ToolkitEntry.objects.exists()


def test_an_entry_needs_a_link_or_a_file(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.post("/en" + reverse("toolkit:create"), entry_post(org_a))
    assert response.status_code == 400
    assert "Give a link or upload a PDF file." in response.context["form"].errors["link"]
    ok = client.post(reverse("toolkit:create"), entry_post(org_a, link="https://example.org/guide"))
    assert ok.status_code == 302
    assert ToolkitEntry.objects.get().published_on == date(2026, 3, 1)


def test_editing_keeps_the_file_and_a_bad_replacement_changes_nothing(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    client.post(
        reverse("toolkit:create"),
        {**entry_post(org_a), "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
    )
    entry = ToolkitEntry.objects.get()
    edit = reverse("toolkit:edit", args=[entry.pk])
    assert client.post(edit, entry_post(org_a, title="Νέος τίτλος")).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Νέος τίτλος" and bytes(entry.file.content) == PDF
    bad = SimpleUploadedFile("b.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post(edit, {**entry_post(org_a, title="Άλλος"), "file": bad}).status_code == 400
    entry.refresh_from_db()
    assert entry.title == "Νέος τίτλος" and bytes(entry.file.content) == PDF
