"""
The fixed cast every test can use, as healthchecks does with Alice and Bob:
``staff_a`` and ``staff_a2`` in department A, ``staff_b`` in department B, a
``supervisor``, a ``leader`` and an ``admin``; and ``goal_a``, a goal of the
active 2023 plan led by A and supported by nobody, with one indicator.
"""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.choices import Role
from targets.periods import Quarter
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    UserFactory,
)
from tests.helpers import copy_sqlite

# A fast password hasher, as pretalx and healthchecks do in their tests: the default
# (PBKDF2) is slow on purpose, about a second per test user on this machine.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_HASHERS
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        _quicker_postgres(settings)


def _quicker_postgres(settings):
    """
    Two shortcuts for the suite's PostgreSQL run, neither of which changes what a test sees.

    A commit does not wait for the server to write its log to disk
    (``synchronous_commit=off``): a crash of the test server may lose the last commits of
    a test database that is dropped anyway, and nothing else.

    A test that commits (``transaction=True``: the browser tests, the races) ends with
    Django emptying every table. It does so with one ``TRUNCATE`` of all of them, which
    makes new files for each of about a hundred tables and their indexes and waits for
    every other connection's locks: seconds per test, ~90 s of the run, where ``DELETE``
    of the few rows a test leaves takes milliseconds. Django's foreign keys on PostgreSQL
    are ``DEFERRABLE INITIALLY DEFERRED``, so the deletes run in any order inside the
    one transaction the flush runs in. Resetting sequences or cascading beyond the
    tables listed (neither of which the suite asks for) still truncates.
    """
    from django.db import connections
    from django.db.backends.postgresql.operations import DatabaseOperations

    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
    connections["default"].settings_dict["OPTIONS"] = options

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        delete = style.SQL_KEYWORD("DELETE FROM")
        return [f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture(autouse=True)
def _today_in_2023_q4(monkeypatch):
    """
    The demo plan is 2023's: pin "today" to 2023 Q4 so every 2023 quarter is
    reportable, whatever the real date is.
    """
    import targets.selectors.plans

    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2023, 4))


@pytest.fixture(autouse=True)
def _no_pages_remembered_from_another_test():
    """
    Each test starts with this process's memory of kept pages empty: the shared
    cache's rows are rolled back with the test, and a rolled-back test's ids
    come back in the next one (SQLite), so a page it kept would match a key again.
    """
    from targets.selectors import page_cache

    page_cache.forget()


@pytest.fixture
def department_a(db):
    return DepartmentFactory(name="洪山区发展和改革局", short_name="区发改局", code="fgj")


@pytest.fixture
def department_b(db):
    return DepartmentFactory(name="洪山区科学技术局", short_name="区科技局", code="kjj")


@pytest.fixture
def staff_a(department_a):
    return UserFactory(username="staff_a", department=department_a, role=Role.STAFF)


@pytest.fixture
def staff_a2(department_a):
    return UserFactory(username="staff_a2", department=department_a, role=Role.STAFF)


@pytest.fixture
def staff_b(department_b):
    return UserFactory(username="staff_b", department=department_b, role=Role.STAFF)


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", department=None, role=Role.SUPERVISOR)


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", department=None, role=Role.LEADER)


@pytest.fixture
def admin(db):
    return UserFactory(
        username="admin", department=None, role=Role.ADMIN, is_staff=True, is_superuser=True
    )


@pytest.fixture
def plan(db):
    return PlanFactory(year=2023, title="2023年洪山区政府工作报告")


@pytest.fixture
def goal_a(plan, department_a):
    goal = GoalFactory(plan=plan, code="2.2.3", title="净增高企", leads=[department_a])
    IndicatorFactory(goal=goal)
    return goal


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory, worker_id) -> Path:
    """
    A SQLite database file with every migration applied, by ``manage.py migrate`` in
    its own process, once per run: migrating takes seconds, so tests that need a
    database file of their own (commands in other processes) start from a copy
    (``tests.helpers.copy_sqlite``). The workers of one run share it: the first to
    need it makes it in their common temporary folder, under a lock the others wait on.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # pytest-xdist: every worker's folder is inside this one
    path = shared / "migrated" / "luoshi.sqlite3"
    path.parent.mkdir(exist_ok=True)
    with open(shared / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            making = path.with_suffix(".making")
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{making}", "DEBUG": "1"}
            done = subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"],
                cwd=Path(__file__).resolve().parents[1],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert done.returncode == 0, done.stderr[-3000:]
            copy_sqlite(making, path)  # one file, with what the write-ahead log still holds
    return path


@pytest.fixture(scope="session")
def slapd_server(tmp_path_factory):
    """
    A real OpenLDAP server (Debian's slapd) on a free loopback port with a small
    directory of its own (tests/accounts/slapd.py), started once for the session
    by the first test that asks and stopped at its end; skipped where slapd is missing.
    """
    from tests.accounts import slapd

    if not slapd.available():
        pytest.skip(slapd.MISSING)
    server = slapd.start(tmp_path_factory.mktemp("slapd") / "server")
    yield server
    server.stop()
