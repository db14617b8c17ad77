"""
The pages' cache (config.cache.UpsertDatabaseCache): Django's database cache
written in one statement, counted and culled on one write in ``COUNT_EVERY``.
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def rows_in(alias: str) -> int:
    table = connection.ops.quote_name(settings.CACHES[alias]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def test_a_write_is_one_statement_and_reads_back_as_written():
    pages = caches["pages"]
    pages.restart_count()
    with CaptureQueriesContext(connection) as queries:
        pages.set("page:a", ("第三季度", b"\x00\x01"), 300)
    assert len(queries) == 1
    assert pages.get("page:a") == ("第三季度", b"\x00\x01")
    pages.set("page:a", "改过", 300)  # the same key again: the value replaced, one row
    assert pages.get("page:a") == "改过"
    assert rows_in("pages") == 1


def test_an_entry_past_its_timeout_is_not_read():
    pages = caches["pages"]
    pages.set("page:old", "旧", -1)
    assert pages.get("page:old") is None


def test_the_table_stays_within_max_entries_and_count_every():
    options = {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2, "COUNT_EVERY": 3}
    with override_settings(
        CACHES={**settings.CACHES, "pages": {**settings.CACHES["pages"], "OPTIONS": options}}
    ):
        pages = caches["pages"]
        sizes = []
        for n in range(30):
            pages.set(f"page:{n:02}", n, 300)
            sizes.append(rows_in("pages"))
            assert pages.get(f"page:{n:02}") == n  # the entry just written is there
    assert max(sizes) <= 4 + 3
    assert sizes[-1] < 30  # culled along the way
