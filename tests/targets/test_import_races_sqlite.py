"""
The import races of test_import_races.py on SQLite as ``make demo`` and a
one-machine office run it: a database file, two processes (two app server
workers), each with its own connection. The settings begin every transaction
IMMEDIATE, so the second confirmation waits for the first one's write lock
(up to the connection's timeout) and then sees what it wrote: it is refused
with a message, never "database is locked", and nothing is written twice.

A department's workbook uploaded twice at once is written once the same way.

The in-memory database of the rest of the suite cannot show this (its
connections share one cache, where a lock is an error at once), so each test
here makes its own file and runs tests/targets/sqlite_race_worker.py.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.helpers import copy_sqlite

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's own race, on a file; PostgreSQL's are in test_import_races.py",
)

WORKER = Path(__file__).with_name("sqlite_race_worker.py")


def environment(folder: Path) -> dict:
    """The environment of the workers: a SQLite file in ``folder``."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'luoshi.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
    }


@pytest.fixture
def database(tmp_path, migrated_sqlite):
    """The workers' environment, the database migrated, and two drafts of one document."""
    env = environment(tmp_path)
    copy_sqlite(migrated_sqlite, tmp_path / "luoshi.sqlite3")  # the worker's migrate: nothing to do
    setup = json.loads(_run(env, "setup"))
    return env, tmp_path, setup["drafts"]


def _run(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, str(WORKER), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def race(env, folder: Path, drafts) -> list[dict]:
    """Start a confirmation of each draft in its own process, released together."""
    return _together(
        env, folder, [["confirm", str(pk), str(version), str(folder)] for pk, version in drafts]
    )


def _together(env, folder: Path, commands: list[list[str]]) -> list[dict]:
    """Run each worker command in its own process; release them together; their outcomes."""
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    deadline = time.monotonic() + 60
    while len(list(folder.glob("ready-*"))) < len(workers):
        assert time.monotonic() < deadline, "the workers did not start"
        assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
        time.sleep(0.01)
    (folder / "go").touch()
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err[-3000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    assert not [o for o in outcomes if o["outcome"] == "error"], outcomes
    return outcomes


@pytest.mark.parametrize(
    ("twice", "refusal"),
    [(False, "未写入任何内容"), (True, "此次导入已于")],
    ids=["two imports of the same file", "the same import twice"],
)
def test_plan_imports_confirmed_at_once_apply_once_on_sqlite(database, twice, refusal):
    env, folder, drafts = database
    outcomes = race(env, folder, [drafts[0], drafts[0]] if twice else drafts)
    assert sorted(o["outcome"] for o in outcomes) == ["ok", "refused"]
    refused = next(o for o in outcomes if o["outcome"] == "refused")
    assert refusal in " ".join(refused["messages"])
    after = json.loads(_run(env, "rows"))
    # One plan, its two goals, their three owners, two indicators, two history rows.
    assert after == {"rows": [1, 2, 3, 2, 2], "states": ["applied", "pending"]}


def test_the_same_upload_applied_twice_at_once_writes_once_on_sqlite(tmp_path, migrated_sqlite):
    env = environment(tmp_path)
    copy_sqlite(migrated_sqlite, tmp_path / "luoshi.sqlite3")
    _run(env, "setup-upload", tmp_path)
    outcomes = _together(env, tmp_path, [["apply", str(tmp_path)]] * 2)
    assert sorted(o["outcome"] for o in outcomes) == ["ok", "refused"]
    after = json.loads(_run(env, "update"))
    assert after == {
        "update": ["completed", 100, 1],
        "actuals": ["96.0000"],
        "events": 1,
        "reason": "upload: 四季度.xlsx",
    }
