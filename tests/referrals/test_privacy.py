"""Referrals and privacy: the links a client receives reach the server's logs as a path only. Real gunicorn with the
production log format (gunicorn.conf.py), real PostgreSQL. (That the share text is composed in the browser and sent
to no server of ours is tested in tests/browser/test_referral_sheet.py.)"""

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from referrals.sheet import labels
from tests.gunicorn import gunicorn_server
from tests.referrals.helpers import described_service


@pytest.mark.django_db(transaction=True)
def test_referral_links_reach_the_log_as_a_path_only(tmp_path: Path) -> None:
    services = [described_service() for _ in range(2)]
    ids = ",".join(str(s.id) for s in services)
    intro = labels("ar")["share_intro"]
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(log=log, env={"LOG_LEVEL": "INFO"}) as base:
        statuses = []
        for path, params in [
            ("/referral/", {"services": ids, "lang": "ar"}),
            ("/r/", {"services": ids, "lang": "ar"}),
            ("/r/", {"services": ids, "lang": "ar", "text": intro}),  # a share text pasted into the link by mistake
            ("/r/", {"services": f"{ids},not-an-id", "lang": "ar"}),  # a 400 is logged as a warning
        ]:
            try:
                statuses.append(urllib.request.urlopen(f"{base}{path}?{urllib.parse.urlencode(params)}").status)  # noqa: S310
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
    assert statuses == [200, 200, 200, 400]
    logged = log.read_text()
    assert '"GET /referral/"' in logged and logged.count('"GET /r/"') == 3  # the access log is there
    for trace in [*(str(s.id) for s in services), "lang=", "services", intro, urllib.parse.quote(intro), "not-an-id"]:
        assert trace not in logged, f"{trace!r} reached the log"
