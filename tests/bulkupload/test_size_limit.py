"""The upload's size limit holds while the request arrives: a body declared too large is refused before a byte of it
is read, a file that grows past the limit stops the parse, and the refusal says why (413, in Greek or English).
Over real HTTP (gunicorn), an oversized spreadsheet gets the message and nothing is stored."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bulkupload.models import Upload
from tests.gunicorn import gunicorn_server

from .conftest import PASSWORD, directory_snapshot, make_user

UPLOAD = "/en/upload/"
LIMIT = settings.BULKUPLOAD_MAX_BYTES


class UnreadableBody:
    """A request body that must not be read: any read is recorded and fails the request."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, *args: Any) -> bytes:
        self.reads += 1
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_body_declared_larger_than_the_limit_is_refused_before_it_is_read(coordinator_client: Client) -> None:
    body = UnreadableBody()
    response = coordinator_client.generic(
        "POST", UPLOAD, b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3), **{"wsgi.input": body},
    )  # fmt: skip
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file was not accepted" in page and "The file is 1024.0 MB; the limit is 5.0 MB." in page
    assert body.reads == 0
    assert not Upload.objects.exists()


@pytest.mark.django_db
def test_a_file_that_grows_past_the_limit_while_arriving_stops_there(coordinator_client: Client) -> None:
    """Content-Length within the multipart allowance, but the file part itself over the limit."""
    before = directory_snapshot()
    data = b"organization,name_el\n" + b"x" * LIMIT
    response = coordinator_client.post(UPLOAD, {"file": SimpleUploadedFile("big.csv", data)})
    assert response.status_code == 413
    assert "The file is larger than the limit of 5.0 MB." in response.content.decode()
    greek = coordinator_client.post("/upload/", {"file": SimpleUploadedFile("big.csv", data)})
    assert greek.status_code == 413 and "Το αρχείο υπερβαίνει το όριο των 5.0 MB." in greek.content.decode()
    assert not Upload.objects.exists()
    assert directory_snapshot() == before


@pytest.mark.django_db
def test_a_file_at_the_limit_is_still_accepted(coordinator_client: Client) -> None:
    header = b"organization,name_el\n"
    data = header + b"\n" * (LIMIT - len(header))
    response = coordinator_client.post(UPLOAD, {"file": SimpleUploadedFile("full.csv", data)})
    assert response.status_code in (302, 400), response.content.decode()[:300]  # stored, or refused for its rows
    assert "limit" not in response.content.decode()


def multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]  # fmt: skip
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.mark.django_db(transaction=True)
def test_over_real_http_an_oversized_upload_gets_the_message_and_nothing_is_stored(tmp_path: Path) -> None:
    make_user("coordinator", "coordinator")
    before = directory_snapshot()
    with gunicorn_server(log=tmp_path / "gunicorn.log", env={}) as base:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = opener.open(f"{base}/en/accounts/login/").read().decode()
        signed_in = opener.open(
            f"{base}/en/accounts/login/?next={UPLOAD}",
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": csrf_token(login), "username": "coordinator", "password": PASSWORD}
            ).encode(),
        )
        assert signed_in.url.endswith(UPLOAD)
        token = csrf_token(signed_in.read().decode())
        body, content_type = multipart({"csrfmiddlewaretoken": token}, "huge.csv", b"organization,name_el\n" * 300_000)
        assert len(body) > LIMIT + 64 * 1024
        request = urllib.request.Request(
            f"{base}{UPLOAD}", data=body, headers={"Content-Type": content_type, "Referer": f"{base}{UPLOAD}"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(request, timeout=60)
        assert refused.value.code == 413
        page = refused.value.read().decode()
    assert "The file was not accepted" in page and "the limit is 5.0 MB" in page and "Nothing was stored" in page
    assert not Upload.objects.exists()
    assert directory_snapshot() == before


@pytest.mark.django_db
def test_the_csrf_check_still_guards_the_upload(coordinator: Any) -> None:
    """The view does its own CSRF check (after the limit is in place): a post without the token is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("small.csv", b"organization,name_el\n")})
    assert response.status_code == 403
    assert not Upload.objects.exists()
