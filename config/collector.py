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
before any request, saved nothing: little of it exists yet). What a worker
keeps grows with the pages it is asked for (its first requests may all be
sign-ins), so it freezes again each time the requests it has served double:
after 200, 400, 800… a handful of times in a worker's life (gunicorn's
``--max-requests`` restarts it).

What is frozen is still freed when nothing refers to it; only a reference cycle
among frozen objects that becomes garbage later stays uncollected, and it can
only be among what existed at one of those few freezes: a bounded amount, not a
leak that grows with the requests.
"""

from __future__ import annotations

import gc
import threading

from django.core.signals import request_finished

# The first freeze: by then the templates, URL patterns and the per-process queries
# of the pages asked for are made (bench/mix.py warms up as long); then at each doubling.
WARM_REQUESTS = 200

_lock = threading.Lock()
_served = 0


def _request_finished(**kwargs) -> None:
    global _served
    with _lock:
        _served += 1
        served = _served
    if not freezes_at(served):
        return
    gc.collect()  # the garbage of the warm-up goes first: what is frozen is what stays
    gc.freeze()


def freezes_at(served: int) -> bool:
    """Whether the process freezes after its ``served``-th request: 200, 400, 800, 1,600…"""
    times, rest = divmod(served, WARM_REQUESTS)
    return times > 0 and rest == 0 and times & (times - 1) == 0


def freeze_after_warm_up() -> None:
    """Freeze what the process holds after ``WARM_REQUESTS`` requests, and at each doubling."""
    request_finished.connect(_request_finished, dispatch_uid="config.collector")
