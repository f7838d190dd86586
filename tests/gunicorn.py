"""A real gunicorn with the project's gunicorn.conf.py, on a free loopback port, for end-to-end tests."""

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(*, log: Path, env: dict[str, str]) -> Iterator[str]:
    """Serve the test database (one worker, test settings, `env` on top) logging to `log`; yields the base URL once
    /api/health/ answers, and stops the server afterwards."""
    port = free_port()
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "geo_accmr.settings.test", "PORT": str(port),
                "GEO_ACCMR_DBNAME": connection.settings_dict["NAME"], "WEB_CONCURRENCY": "1", **env}  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            [str(settings.BASE_DIR / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "geo_accmr.wsgi:application"],
            cwd=settings.BASE_DIR, env=full_env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/api/health/", timeout=1)  # noqa: S310 - loopback
                    break
                except OSError:
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)
