"""
Backups and the restore drill, run the way an operator runs them: as
commands in their own processes, against a scratch database of the same kind
as the suite's (SQLite, or PostgreSQL in the suite's PostgreSQL run).
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from psycopg2 import sql

from tests.helpers import copy_sqlite

ROOT = Path(settings.BASE_DIR)


def run(*args, url, check=True):
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "PYTHON": sys.executable}
    completed = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check and completed.returncode != 0:
        pytest.fail(f"{args} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


def _postgres(statement: sql.Composable) -> None:
    """Run a CREATE or DROP DATABASE on the suite's PostgreSQL server."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    server = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    server.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    with closing(server), server.cursor() as cursor:
        cursor.execute(statement)


class Scratch:
    """
    Scratch databases of the kind the suite runs on: SQLite files, or PostgreSQL
    databases (dropped at the end). ``new(template)`` is a copy of another one, so that
    migrating and loading the demo, seconds each in their own processes, happen once
    per module rather than once per test.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.postgres = connection.vendor == "postgresql"
        self.made: list[str] = []

    def new(self, template: str | None = None) -> str:
        name = f"luoshi_backup_test_{uuid.uuid4().hex[:8]}"
        if self.postgres:
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                template_name = template.rsplit("/", 1)[1]
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template_name))
            _postgres(create)
            self.made.append(name)
            return f"{os.environ['DATABASE_URL'].rsplit('/', 1)[0]}/{name}"
        path = self.folder / f"{name}.sqlite3"
        if template:
            copy_sqlite(Path(template.removeprefix("sqlite:///")), path)
        return f"sqlite:///{path}"

    def drop_all(self) -> None:
        for name in self.made:
            _postgres(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    databases = Scratch(tmp_path_factory.mktemp("backups"))
    yield databases
    databases.drop_all()


@pytest.fixture(scope="module")
def migrated_template(scratch, request) -> str:
    """A scratch database with every migration applied (on SQLite, the suite's migrated file)."""
    if scratch.postgres:
        url = scratch.new()
        run(sys.executable, "manage.py", "migrate", "-v0", url=url)
        return url
    return f"sqlite:///{request.getfixturevalue('migrated_sqlite')}"


@pytest.fixture(scope="module")
def demo_template(scratch, migrated_template) -> str:
    """A migrated scratch database with the demo loaded by ``load_demo``."""
    url = scratch.new(migrated_template)
    run(sys.executable, "manage.py", "load_demo", url=url)
    return url


@pytest.fixture
def migrated_url(scratch, migrated_template) -> str:
    """A scratch database of the kind the suite runs on, migrated, for this test alone."""
    return scratch.new(migrated_template)


@pytest.fixture
def source_url(scratch, demo_template) -> str:
    """A scratch database with the demo in it, of the suite's kind, for this test alone."""
    return scratch.new(demo_template)


def test_restore_drill_restores_into_a_fresh_database_and_pages_render(source_url):
    # What the demo holds, counted in the source: the restored copy must count the same.
    count = (
        "from targets.models import Plan, Department, Goal, QuarterlyUpdate; "
        "from accounts.models import User; "
        "print(f'{Plan.objects.count()} plans, {Department.objects.count()} departments, "
        "{Goal.objects.count()} goals, {QuarterlyUpdate.objects.count()} updates, "
        "{User.objects.count()} users')"
    )
    source = run(sys.executable, "manage.py", "shell", "-v0", "-c", count, url=source_url)
    assert source.stdout.startswith(
        "2 plans, 23 departments, "
    )  # the demo: 2023 and the draft 2024
    drill = run("scripts/restore_drill.sh", url=source_url)
    assert source.stdout.strip() in drill.stdout
    assert "GET /dashboard/ → 200" in drill.stdout
    assert drill.stdout.rstrip().endswith("Restore drill passed.")


def test_backup_then_restore_brings_back_what_was_lost(source_url, tmp_path):
    backup = tmp_path / "before.backup"
    run(sys.executable, "manage.py", "backup_database", "-o", str(backup), url=source_url)
    lose = "from targets.models import IndicatorActual; IndicatorActual.objects.all().delete()"
    run(sys.executable, "manage.py", "shell", "-v0", "-c", lose, url=source_url)
    count = "from targets.models import IndicatorActual; print(IndicatorActual.objects.count())"
    assert (
        run(sys.executable, "manage.py", "shell", "-v0", "-c", count, url=source_url).stdout
        == "0\n"
    )
    run(sys.executable, "manage.py", "restore_database", str(backup), "--yes", url=source_url)
    restored = run(sys.executable, "manage.py", "shell", "-v0", "-c", count, url=source_url).stdout
    assert int(restored) > 0
    if connection.vendor == "postgresql":
        # The planner's statistics come back too (pg_restore alone leaves none).
        analysed = (
            "from django.db import connection; c = connection.cursor(); "
            'c.execute("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables '
            "WHERE relname = 'targets_goal'\"); print(c.fetchone()[0])"
        )
        shell = ("manage.py", "shell", "-v0", "-c", analysed)
        assert run(sys.executable, *shell, url=source_url).stdout == "True\n"


def test_restore_asks_for_yes_and_refuses_a_file_that_is_not_a_backup(migrated_url, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database")
    refused = run(
        sys.executable, "manage.py", "restore_database", str(junk), url=migrated_url, check=False
    )
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    broken = run(
        sys.executable,
        "manage.py",
        "restore_database",
        str(junk),
        "--yes",
        url=migrated_url,
        check=False,
    )
    assert broken.returncode != 0
    assert "Traceback" not in broken.stderr


# -- the migrations build the schema the suite runs on ----------------------------------------

SQLITE_SCHEMA = """
    SELECT m.name, c.name, c.type, c."notnull", c.pk
    FROM sqlite_master m, pragma_table_info(m.name) c
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'
    UNION ALL
    SELECT m.name,
        -- SQLite numbers a column's own UNIQUE by where the column stands in the table
        'index ' || iif(i.name LIKE 'sqlite_autoindex%', '(unique column)', i.name),
        group_concat(ii.name), i."unique", i.partial
    FROM sqlite_master m, pragma_index_list(m.name) i, pragma_index_info(i.name) ii
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND i.origin != 'pk'
    GROUP BY m.name, i.name
"""
POSTGRES_SCHEMA = """
    SELECT table_name, column_name, data_type, is_nullable, character_maximum_length
    FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT tablename, 'index ' || indexname, indexdef, NULL, NULL
    FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT conrelid::regclass::text, 'constraint ' || conname, pg_get_constraintdef(oid), NULL,
        NULL
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
"""


def schema(cursor, vendor: str) -> list[tuple]:
    """Every table's columns (type, nullability), indexes and constraints, sorted."""
    cursor.execute(POSTGRES_SCHEMA if vendor == "postgresql" else SQLITE_SCHEMA)
    rows = (tuple("" if v is None else str(v) for v in row) for row in cursor.fetchall())
    # Migrate's own record of what it applied is the one table the models do not make; and
    # Django's own auth migrations leave the group-permission link's id a bigint on
    # PostgreSQL where its model says integer (Django's, not Luoshi's: nothing here writes it).
    return sorted(
        row
        for row in rows
        if row[0] != "django_migrations" and row[:2] != ("auth_group_permissions", "id")
    )


def test_the_migrations_build_the_schema_the_suite_runs_on(migrated_template, db):
    """
    The suite's own test databases are built from the models (``--no-migrations`` in
    pyproject.toml, seconds faster per worker); the database every migration was applied
    to, in its own process by ``manage.py migrate``, must have the same tables, columns,
    indexes and constraints, so that what the suite tests is what a deployment runs.
    """
    with connection.cursor() as cursor:
        from_models = schema(cursor, connection.vendor)
    if connection.vendor == "postgresql":
        parts = urlsplit(migrated_template)
        migrated = psycopg2.connect(
            host=parts.hostname, port=parts.port, user=parts.username, dbname=parts.path[1:]
        )
    else:
        migrated = sqlite3.connect(migrated_template.removeprefix("sqlite:///"))
    with closing(migrated):
        from_migrations = schema(migrated.cursor(), connection.vendor)
    assert [row[0] for row in from_models].count("targets_goal") > 5  # the query sees tables
    assert sorted(set(from_migrations) - set(from_models)) == []
    assert sorted(set(from_models) - set(from_migrations)) == []
