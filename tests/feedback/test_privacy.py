"""A problem report reaches the coordinators' table and nothing else: real gunicorn with the production log format
(gunicorn.conf.py); the report's text and the reporter's address never reach the log, whether the report is
accepted, refused as bad input, or refused by the rate limit."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from feedback.models import ProblemReport
from tests.factories import ServiceAtLocationFactory
from tests.gunicorn import gunicorn_server

TEXT = "Ο κύριος Χατζηδάκης λέει ότι έκλεισε"
EMAIL = "whistle-blower@example.org"


@pytest.mark.django_db(transaction=True)
def test_reports_never_reach_the_log(tmp_path: Path) -> None:
    service = ServiceAtLocationFactory().service
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(log=log, env={"LOG_LEVEL": "DEBUG", "FEEDBACK_REPORTS_PER_HOUR": "2"}) as base:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"{base}/services/{service.pk}/").read().decode()  # the form and its CSRF cookie
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        statuses = []
        for kind in ("closed", "nonsense", "hours", "phone"):  # accepted, bad input, accepted, over the limit
            data = {"csrfmiddlewaretoken": token, "kind": kind, "text": TEXT, "contact_email": EMAIL}
            try:
                answer = opener.open(f"{base}/feedback/services/{service.pk}/", urllib.parse.urlencode(data).encode())
                statuses.append(answer.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
    # the limit counts attempts: the bad one counted too, so the third valid one is the one refused
    assert statuses == [200, 200, 429, 429]
    assert ProblemReport.objects.filter(text=TEXT, contact_email=EMAIL).count() == 1
    logged = log.read_text()
    assert "/feedback/services/" in logged  # the access log is there
    for trace in (TEXT, "Χατζηδάκ", urllib.parse.quote(TEXT), EMAIL, urllib.parse.quote(EMAIL), "whistle"):
        assert trace.lower() not in logged.lower(), f"{trace!r} reached the log"
