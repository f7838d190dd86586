"""A throwaway PostgreSQL cluster for fault tests: it can be stopped and started without touching the test database."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PGBIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1] / "bin"


def _as_owner(command: list[str]) -> None:
    if os.getuid() == 0:  # initdb refuses root: run the server as postgres, as scripts/localdb.sh does
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, cwd="/")  # noqa: S603


class TempCluster:
    """initdb in a folder under /var/tmp, a Unix socket there, a free port; `stop()`/`start()` at will."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="geo_accmr-fault-", dir="/var/tmp"))
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.data = self.dir / "data"
        _as_owner([str(PGBIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                   "--locale=C.UTF-8"])  # fmt: skip

    def start(self) -> None:
        _as_owner([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-o",
                   f"-p {self.port} -k {self.dir} -c listen_addresses='' -c jit=off", "start"])  # fmt: skip

    def stop(self) -> None:
        _as_owner([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def psql(self, sql: str, dbname: str = "postgres") -> None:
        command = [str(PGBIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.dir), "-p",
                   str(self.port), "-U", "postgres", "-d", dbname, "-c", sql]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)
