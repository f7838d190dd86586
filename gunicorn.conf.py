"""gunicorn settings for `make run`, Docker, production and the benchmarks (gunicorn also reads this file by itself
when started in the project folder; command-line options win).

Privacy: the access log names the path, never the query string (`%(U)s`, not `%(r)s`), so the places, points and
words caseworkers search for never reach a log.

A sync worker is killed when one request keeps it busy longer than `timeout`: a streamed export of a million rows
(/export/services.csv) runs for minutes, so the default 30 s would cut it off. GUNICORN_TIMEOUT overrides.

Retention: with GEO_ACCMR_PURGE_DAILY=1 (set by `make run`, which has no cron) the master runs
`manage.py purge_personal_data` once when it is ready and then every 24 hours, in a child process, so a failure
never touches the server. Production runs the same command from cron instead (README, Deploy).
"""

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

PURGE_EVERY_SECONDS = 24 * 3600


def _purge_daily() -> None:
    manage = Path(__file__).resolve().parent / "manage.py"
    stop = threading.Event()
    while not stop.is_set():
        subprocess.run([sys.executable, str(manage), "purge_personal_data"], check=False)  # noqa: S603
        stop.wait(PURGE_EVERY_SECONDS)


def when_ready(server: Any) -> None:
    """gunicorn hook: start the daily retention purge of `make run` (a daemon thread of the master)."""
    if os.environ.get("GEO_ACCMR_PURGE_DAILY") == "1":
        threading.Thread(target=_purge_daily, name="purge_personal_data", daemon=True).start()
