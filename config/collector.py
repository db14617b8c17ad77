"""
The garbage collector of an app server, told once what is there to stay.

Python's cyclic collector walks every container object it tracks each time it
runs a full collection. A gunicorn worker's first requests make most of what it
keeps for its life: compiled templates, the URL patterns, the queries compiled
once per process and the rows and pages kept in memory (``targets.recent``).
Every full collection walked them all again: ``bench/mix.py`` measured 2.3 ms of
collection per request of the end-of-quarter mix, about a tenth of its CPU.
``gc.freeze()`` after the worker's first requests moves what they made out of
the collector's sight (1.2 ms per request measured; freezing at start-up,
before any request, saved nothing: little of it exists yet).

What is frozen is still freed when nothing refers to it; only a reference cycle
among frozen objects that becomes garbage later stays, and it can only be among
what existed when the worker froze, once: a bounded amount, not a leak that
grows.
"""

from __future__ import annotations

import gc
import threading

from django.core.signals import request_finished

# The first requests of a worker: by then the templates, URL patterns and the
# per-process queries of the pages people use are made (bench/mix.py warms up as long).
WARM_REQUESTS = 200

_lock = threading.Lock()
_served = 0


def _request_finished(**kwargs) -> None:
    global _served
    with _lock:
        _served += 1
        if _served != WARM_REQUESTS:
            return
    gc.collect()  # the garbage of the warm-up goes first: what is frozen is what stays
    gc.freeze()


def freeze_after_warm_up() -> None:
    """Freeze what the process holds once it has served ``WARM_REQUESTS`` requests."""
    request_finished.connect(_request_finished, dispatch_uid="config.collector")
