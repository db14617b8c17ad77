"""
Scratch databases and gunicorn app servers for bench/load.py and
bench/multi_server.py.

The servers run with production-like settings: DEBUG off, a random
SECRET_KEY shared by all of them, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect
(loopback, no nginx in front), CONN_MAX_AGE, static files collected into a
temporary STATIC_ROOT and served by WhiteNoise.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/luoshi_load"


def production_env(database_url: str, static_root: str, media_root: str) -> dict[str, str]:
    """The environment of the app servers (and of the process preparing the database)."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        # Loopback: no nginx in front, REMOTE_ADDR is the client.
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
    }


class ScratchDatabase:
    """A PostgreSQL database created for the run (dropped after), or a SQLite file."""

    def __init__(self, *, sqlite: bool, pg_url: str = DEFAULT_PG):
        self.sqlite = sqlite
        self.tmp = tempfile.mkdtemp(prefix="luoshi-load-")
        if sqlite:
            self.url = f"sqlite:///{self.tmp}/load.sqlite3"
            self.name = f"{self.tmp}/load.sqlite3"
        else:
            self.url = pg_url
            self.name = urlsplit(pg_url).path.lstrip("/")
            if not self.name.startswith("luoshi_") or not self.name.replace("_", "").isalnum():
                raise SystemExit(f"refusing to use {self.name!r}: scratch databases are luoshi_*")

    def _admin(self):
        import psycopg2

        parts = urlsplit(self.url)
        conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        conn.autocommit = True
        return conn

    def create(self) -> None:
        if self.sqlite:
            return
        # Not ``with conn``: psycopg2 opens a transaction there, and CREATE DATABASE refuses one.
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                cur.execute(f"CREATE DATABASE \"{self.name}\" ENCODING 'UTF8' TEMPLATE template0")
        finally:
            conn.close()

    def drop(self) -> None:
        if not self.sqlite:
            conn = self._admin()
            try:
                with conn.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            finally:
                conn.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``gunicorn config.wsgi`` on 127.0.0.1:port; its output goes to a log file."""

    def __init__(self, env: dict[str, str], *, workers: int = 4, port: int | None = None, log=None):
        self.env = env
        self.workers = workers
        self.port = port or free_port()
        self.log_path = log or Path(env["STATIC_ROOT"]).parent / f"gunicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn) if gunicorn.exists() else "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "60",
            "--error-logfile",
            "-",
        ]
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /accounts/login/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    if s.recv(12).startswith(b"HTTP/1.") and self._all_workers_up():
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on port {self.port}: see {self.log_path}")

    def _all_workers_up(self) -> bool:
        text = Path(self.log_path).read_text(errors="replace")
        return text.count("Booting worker") >= self.workers

    def errors(self) -> str:
        """The tracebacks and errors the server logged."""
        text = Path(self.log_path).read_text(errors="replace")
        return "\n".join(
            line
            for line in text.splitlines()
            if "Traceback" in line or "Error" in line or "ERROR" in line
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: workers finish their request
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def prepare_django(env: dict[str, str]) -> None:
    """Set up Django in this process with the servers' environment."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def migrate_and_collect() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


@contextmanager
def bench_district(args, *, sqlite: bool = False):
    """
    The in-process benches' set-up (bench/pages.py, mix.py, kept.py, figures.py):
    a scratch database (``args.pg_url``, or a SQLite file), Django configured as
    the app servers run it, migrated, and bench/load.py's district of
    ``args.goals`` goals and ``args.departments`` departments with its accounts.
    Yields the district and the seconds the set-up took; the database is dropped after.
    """
    from bench.load import prepare_district

    database = ScratchDatabase(sqlite=sqlite, pg_url=args.pg_url)
    env = production_env(database.url, f"{database.tmp}/static", f"{database.tmp}/media")
    try:
        database.create()
        prepare_django(env)
        start = time.perf_counter()
        migrate_and_collect()
        district = prepare_district(args)
        yield district, time.perf_counter() - start
    finally:
        from django.db import connections

        connections.close_all()
        database.drop()
