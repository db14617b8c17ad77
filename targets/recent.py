"""
What one app server keeps of its own work, to make it once: the department
page's rendered rows and table headers (``tables.recent_rows``,
``tables.recent_headers``), its built queries (``selectors.goals.built_queries``),
the goal and department pages' compiled queries (``selectors.compiled``) and the
pages' menus (``templatetags.frame``).

Each is kept under a key made of *everything* it was made from, so a kept
value is never older than what it shows and nothing has to be invalidated;
that is what makes a per-process memory safe behind several app servers
(docs/architecture.md). Bounded by count, least recently used out first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Recent:
    """The values last made in this process, by key, at most ``size`` of them."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()  # a threaded server's requests share it

    def get(self, key: Hashable, make: Callable[[], object]):
        """The value kept under ``key``, else ``make()``'s, kept."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
                return value
        value = make()  # outside the lock: another request may make it too, to the same value
        with self._lock:
            self._values[key] = value
            if len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        """Everything dropped (tests; a setting changed)."""
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
