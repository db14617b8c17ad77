"""
A scratch test database for a benchmark: SQLite in a temporary folder unless
``DATABASE_URL`` names a server (then a test database is created there and
dropped), Django set up as the test runner does.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager


@contextmanager
def scratch_database():
    """Django set up on a fresh, migrated test database, dropped on the way out."""
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="luoshi-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        yield connection
    finally:
        runner.teardown_databases(old_config)
        connection.close()
