"""Backups with PostgreSQL's own tools: pg_dump's custom format, restored into a new database that replaces the old
one only when the restore succeeded (a failed restore leaves the running database as it was)."""

import os
import subprocess
from pathlib import Path
from typing import Any

import psycopg
from django.db import connections
from psycopg import sql


class BackupError(RuntimeError):
    """pg_dump or pg_restore failed, or the file is not a backup; the message says which and why."""


def _db(alias: str = "default") -> dict[str, Any]:
    return connections[alias].settings_dict


def _client_env(db: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ}
    for key, value in (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")), ("PGUSER", db.get("USER")),
                       ("PGPASSWORD", db.get("PASSWORD"))):  # fmt: skip
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str], *, env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} not found: install the PostgreSQL client (postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
    return result


def database_backup(*, path: Path, alias: str = "default") -> int:
    """Write the whole database to `path` (pg_dump custom format, no owners); returns the file size in bytes."""
    db = _db(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", db["NAME"]],
         env=_client_env(db))  # fmt: skip
    partial.replace(path)  # never leave a half-written file under the real name
    return path.stat().st_size


def _maintenance(db: dict[str, Any]) -> psycopg.Connection:
    return psycopg.connect(
        host=db.get("HOST") or None, port=db.get("PORT") or None, user=db.get("USER") or None,
        password=db.get("PASSWORD") or None, dbname="postgres", autocommit=True,
    )  # fmt: skip


def database_restore(*, path: Path, alias: str = "default") -> None:
    """Replace the database with the backup at `path`.

    The backup is restored into a new database first; only when every object restored without error is the old
    database dropped (ending its sessions) and the new one renamed into its place.
    """
    db = _db(alias)
    env = _client_env(db)
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    _run(["pg_restore", "--list", str(path)], env=env)  # is it a pg_dump archive at all?
    name = db["NAME"]
    staging = f"{name}__restoring"
    connections[alias].close()
    with _maintenance(db) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(staging)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(staging)))
        try:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  f"--dbname={staging}", str(path)], env=env)  # fmt: skip
        except BackupError:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(staging)))
            raise
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(staging), sql.Identifier(name)))
