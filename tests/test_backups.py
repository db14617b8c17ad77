"""
Backups and the restore drill, run the way an operator runs them: as
commands in their own processes, against a scratch database of the same kind
as the suite's (SQLite, or PostgreSQL in the suite's PostgreSQL run).
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def run(*args, url, check=True):
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "PYTHON": sys.executable}
    completed = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check and completed.returncode != 0:
        pytest.fail(f"{args} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


@pytest.fixture
def source_url(tmp_path):
    """A scratch database with the demo in it, of the kind the suite runs on."""
    if connection.vendor == "postgresql":
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"luoshi_backup_test_{uuid.uuid4().hex[:8]}"
        run(sys.executable, "scripts/pg_database.py", "create", f"{base}/postgres", name, url="")
        url = f"{base}/{name}"
        yield url
        run(sys.executable, "scripts/pg_database.py", "drop", f"{base}/postgres", name, url="")
    else:
        url = f"sqlite:///{tmp_path}/source.sqlite3"
        yield url


def test_restore_drill_restores_into_a_fresh_database_and_pages_render(source_url):
    run(sys.executable, "manage.py", "migrate", "-v0", url=source_url)
    run(sys.executable, "manage.py", "load_demo", url=source_url)
    drill = run("scripts/restore_drill.sh", url=source_url)
    assert "1 plans, 23 departments, 39 goals, 114 updates, 26 users" in drill.stdout
    assert "GET /dashboard/ → 200" in drill.stdout
    assert drill.stdout.rstrip().endswith("Restore drill passed.")


def test_backup_then_restore_brings_back_what_was_lost(source_url, tmp_path):
    run(sys.executable, "manage.py", "migrate", "-v0", url=source_url)
    run(sys.executable, "manage.py", "load_demo", url=source_url)
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


def test_restore_asks_for_yes_and_refuses_a_file_that_is_not_a_backup(source_url, tmp_path):
    run(sys.executable, "manage.py", "migrate", "-v0", url=source_url)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database")
    refused = run(
        sys.executable, "manage.py", "restore_database", str(junk), url=source_url, check=False
    )
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    broken = run(
        sys.executable,
        "manage.py",
        "restore_database",
        str(junk),
        "--yes",
        url=source_url,
        check=False,
    )
    assert broken.returncode != 0
    assert "Traceback" not in broken.stderr
