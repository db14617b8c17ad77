"""
Backing up and restoring the database the app runs on, without stopping it.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, run with the
connection settings of DATABASE_URL. SQLite: the online backup API, which
copies a consistent snapshot page by page while the app keeps writing — a
plain file copy of a database in WAL mode can miss the last transactions or
catch a half-written page.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """A backup or restore that could not be done, with a message for the operator."""


@dataclass
class Database:
    """The connection settings a backup needs, read from Django's DATABASES."""

    vendor: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def of(cls, alias: str = "default") -> Database:
        settings = connections[alias].settings_dict
        return cls(
            vendor=connections[alias].vendor,
            name=str(settings["NAME"]),
            host=str(settings.get("HOST") or ""),
            port=str(settings.get("PORT") or ""),
            user=str(settings.get("USER") or ""),
            password=str(settings.get("PASSWORD") or ""),
        )

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password  # never on the command line, where ps shows it
        return env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BackupError(f"{command[0]} failed: {detail[-1] if detail else completed.returncode}")


def backup(path: Path, alias: str = "default") -> Path:
    """Write a consistent backup of the database to ``path`` and return it."""
    database = Database.of(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    if database.vendor == "postgresql":
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(path)]
        _run([*command, *database.pg_args(), database.name], database.pg_env())
    elif database.vendor == "sqlite":
        source = sqlite3.connect(database.name)
        try:
            target = sqlite3.connect(path)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    else:
        raise BackupError(f"Backups of {database.vendor} databases are not supported.")
    return path


def restore(path: Path, alias: str = "default") -> None:
    """
    Replace the database's content with the backup at ``path``. Run it with
    the app servers stopped: sessions and locks start over.
    """
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    database = Database.of(alias)
    connections[alias].close()
    if database.vendor == "postgresql":
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
        _run(
            [*command, *database.pg_args(), "--dbname", database.name, str(path)], database.pg_env()
        )
        # pg_restore brings back the rows, not the planner's statistics: until
        # autovacuum gets to them, PostgreSQL would take every table for nearly
        # empty and scan a plan's goals where an index finds a department's.
        with connections[alias].cursor() as cursor:
            cursor.execute("ANALYZE")
        connections[alias].close()
    elif database.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not a sound SQLite database.")
            target = sqlite3.connect(database.name)
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a SQLite database: {error}") from error
        finally:
            source.close()
    else:
        raise BackupError(f"Restoring {database.vendor} databases is not supported.")
