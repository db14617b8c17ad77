"""
The pages' cache (``CACHES["pages"]``): Django's database cache, written in one
statement.

Django's ``DatabaseCache.set`` counts the table's rows (to cull past
``MAX_ENTRIES``), then, in a transaction, looks for the key and inserts or
updates it: five round trips (``COUNT``, ``BEGIN``, ``SELECT``, ``INSERT``,
``COMMIT``) for every page rendered afresh, the ``COUNT`` reading the whole
table (up to 12,000 entries). Here a write is one upsert (``INSERT … ON
CONFLICT DO UPDATE``, PostgreSQL and SQLite alike), atomic by itself, which two
app servers writing one key at once cannot make fail; the count and the cull are
Django's own, on one write in ``COUNT_EVERY`` of each process. The table then
holds at most ``COUNT_EVERY`` entries more per process than ``MAX_ENTRIES``
before it is culled. Reads are Django's.
"""

from __future__ import annotations

import base64
import itertools
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router


class UpsertDatabaseCache(DatabaseCache):
    """Django's database cache whose ``set`` is one upsert (the module's docstring)."""

    def __init__(self, table, params):
        super().__init__(table, params)
        self._count_every = max(1, int(params.get("OPTIONS", {}).get("COUNT_EVERY", 1)))
        self.restart_count()

    def restart_count(self) -> None:
        """
        Writes counted from none, as in a new process: the ``COUNT_EVERY``-th write
        from now counts and culls (tests start so, each with the same queries).
        """
        self._writes = itertools.count(1)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if next(self._writes) % self._count_every == 0:
            super().set(key, value, timeout, version)
            return
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        # As Django stores it, so that its reads read it.
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(self._table)} ({quote('cache_key')}, {quote('value')}, "
                f"{quote('expires')}) VALUES (%s, %s, %s) ON CONFLICT ({quote('cache_key')}) "
                f"DO UPDATE SET {quote('value')} = EXCLUDED.{quote('value')}, "
                f"{quote('expires')} = EXCLUDED.{quote('expires')}",
                [key, encoded, expires],
            )
