"""
The dashboard's figures, cached once for every app server.

At the end of a quarter hundreds of people open ``/dashboard/`` while the
departments save their updates; computing the figures for 2,000 goals takes
tens of milliseconds a time, the same for every leader. They are kept in the
shared cache (settings.CACHES: a table in the database), under a key made of
what they are computed from:

- a fingerprint of the data (``data_fingerprint``): the newest history row of
  goals, owners and updates — every save, import, review, archive or delete of
  them writes one — the newest admin log entry (departments, sections and
  reporting periods are changed through the admin or services that log
  there) and the newest reorganisation (a rename changes names and moves no
  owner). One query of five index lookups; nothing is written on the write
  path, so no save waits for the cache and none can leave it stale;
- the plan (and when it was last changed), the quarter, whose goals (every
  goal for supervisors, leaders and admins, else one department's) and the
  language (the chart payloads hold translated labels).

The fingerprint is stored with the figures: when the data has changed, one
request recomputes them while the others are served the previous figures
(see ``cached``). The cockpit reads the fingerprint as columns of its period
picker's plans (``fingerprint_annotations``), and which figures it would be
served from their ``Head`` (``served_version``): a look while the figures lag a
save finds the page rendered from them without reading them. Entries expire
after ``TIMEOUT``, which also bounds how long a change that writes neither
history nor a log entry (a raw SQL fix) could go unseen.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from .. import rules
from ..models import Goal, GoalDepartment, QuarterlyUpdate, Reorganisation
from ..periods import Quarter

TIMEOUT = 300  # seconds
# The shape of what is kept: raise it when the figures' structure changes, so
# that app servers of a new release never read entries an older one left in
# the shared cache (they expire unread after TIMEOUT). The ranking's HTML is kept
# too: a change to its template (templates/targets/_department_ranking.html) raises it.
FORMAT = 5
LOCK_TIMEOUT = 30  # seconds: far longer than a computation takes


@functools.cache
def _tables() -> tuple[tuple[str, str], ...]:
    # Once per process: simple_history's ``history`` descriptor is slow to read,
    # and this is asked on every look at the dashboard.
    history = [model.history.model._meta for model in (Goal, GoalDepartment, QuarterlyUpdate)]
    tables = [(meta.db_table, meta.pk.column) for meta in history]
    tables.append((LogEntry._meta.db_table, LogEntry._meta.pk.column))
    # A rename moves no owner: the ranking's names change with the reorganisation's row.
    tables.append((Reorganisation._meta.db_table, Reorganisation._meta.pk.column))
    return tuple(tables)


def _terms() -> list[str]:
    quote = connection.ops.quote_name
    # Table and column names come from model metadata, quoted: no user input.
    return [f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in _tables()]


def data_fingerprint() -> str:
    """The newest row of each table the dashboard's figures follow, as one string (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_terms())}")
        row = cursor.fetchone()
    return fingerprint_of(row)


def fingerprint_of(values) -> str:
    """``data_fingerprint``'s string from its terms' values, however they were read."""
    return "-".join(str(value or 0) for value in values)


FINGERPRINT_COLUMN = "dashboard_fingerprint_%d"


def fingerprint_annotations() -> dict[str, RawSQL]:
    """
    ``data_fingerprint``'s terms as annotations of another query, named
    ``FINGERPRINT_COLUMN % n``: the cockpit reads them with the period picker's
    plans, one round trip fewer on every look (``fingerprint_from``). They name
    no column of the query they join, so PostgreSQL runs each once per query,
    not per row.
    """
    return {
        FINGERPRINT_COLUMN % n: RawSQL(term, (), output_field=BigIntegerField())
        for n, term in enumerate(_terms())
    }


def fingerprint_from(row) -> str | None:
    """The fingerprint a row read with ``fingerprint_annotations`` carries; None: none."""
    columns = [FINGERPRINT_COLUMN % n for n in range(len(_tables()))]
    if not all(hasattr(row, column) for column in columns):
        return None
    return fingerprint_of(getattr(row, column) for column in columns)


def scope_of(user) -> str:
    """Whose goals the user's figures count: all of them, or one department's."""
    if rules.can_see_all_departments(user):
        return "all"
    return f"department-{user.department_id or 0}"


def dashboard_key(plan, period: Quarter, user) -> str:
    """
    Where the dashboard's figures for ``plan``, ``period``, ``user``'s goals and
    the current language are kept (the fingerprint is kept with them).
    """
    changed = plan.updated_at.timestamp() if plan.updated_at else 0
    return (
        f"dashboard:v{FORMAT}:{plan.pk}:{changed}:{period.year}-{period.quarter}:"
        f"{scope_of(user)}:{translation.get_language()}"
    )


@dataclass
class Figures:
    """What ``cached`` returns: the value, the data it was computed from, and when."""

    value: object
    fingerprint: str
    computed_at: datetime.datetime

    @property
    def version(self) -> str:
        """Names this version of the figures (for fragments rendered from them)."""
        return self.fingerprint


@dataclass(frozen=True)
class Head:
    """Which figures are kept under a key (their fingerprint and when computed), without them."""

    fingerprint: str
    computed_at: datetime.datetime


def head_key(key: str) -> str:
    """
    Where the ``Head`` of the figures kept under ``key`` is kept: in the pages'
    cache (``HEADS``), beside the pages rendered from them, written in one statement.
    """
    return f"{key}:head"


HEADS = "pages"


def served_version(key: str, fingerprint: str) -> str | None:
    """
    The version of the figures ``cached(key, …, fingerprint)`` would serve as they
    are kept, without reading them: the data's own, or figures younger than
    ``DASHBOARD_MAX_LAG``, by the same rule. None when it would compute them (or
    their head is gone): then only ``cached`` knows. A page kept under this version
    was rendered from those very figures, so a look that finds it needs neither
    their 47 KB nor the 1.6 ms of CPU unpickling them takes (bench district).
    """
    head = caches[HEADS].get(head_key(key))
    if head is None:
        return None
    if head.fingerprint == fingerprint:
        return head.fingerprint
    age = (timezone.now() - head.computed_at).total_seconds()
    return head.fingerprint if age < settings.DASHBOARD_MAX_LAG else None


def ranking_key(key: str, figures: Figures, query: str) -> str:
    """
    Where the department ranking's HTML is kept: rendered from ``figures``
    (kept under ``key``) for one search, filter and sort (``query``, the
    page's query string).
    """
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"{key}:ranking:{figures.version}:{digest}"


def cached(key: str, compute, fingerprint: str | None = None) -> Figures:
    """
    ``compute()``'s result for the data as it is now, from the cache when the
    data has not changed since it was computed.

    When it has changed, figures younger than ``settings.DASHBOARD_MAX_LAG``
    seconds are still served: at the end of a quarter the departments save
    several updates a second, and recomputing after each would take a core
    of the machine; the page says when its figures were computed. Older
    ones are recomputed by one request while the others keep being served
    the previous figures, a fraction of a second older: without this every
    save would send every open dashboard to recompute at once (a stampede).
    The lock is an ``add`` to the shared cache, so it holds across app
    servers; it expires by itself should its holder die. A request that finds
    no figures at all computes them (there is nothing older to show).
    ``fingerprint``: the data's, when the caller has just read it.
    """
    if fingerprint is None:
        fingerprint = data_fingerprint()
    entry = cache.get(key)
    if entry is not None:
        if entry.fingerprint == fingerprint:
            return entry
        age = (timezone.now() - entry.computed_at).total_seconds()
        if age < settings.DASHBOARD_MAX_LAG:
            return entry
    lock = f"{key}:computing"
    if entry is not None and not cache.add(lock, fingerprint, LOCK_TIMEOUT):
        return entry
    try:
        entry = Figures(compute(), fingerprint, timezone.now())
        cache.set(key, entry, TIMEOUT)
        # Written after the figures: a head never names figures not yet kept.
        caches[HEADS].set(head_key(key), Head(entry.fingerprint, entry.computed_at), TIMEOUT)
    finally:
        cache.delete(lock)
    return entry
