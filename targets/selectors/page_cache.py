"""
The department and goal pages as light as the cockpit: what their cached rows
and their ETag are keyed by.

Both follow the cockpit's fingerprint rule (``dashboard_cache``): nothing is
written on the write path; a read asks the database for the newest row of
every table the page shows, in one query of index lookups, and a change to
any of them gives a new fingerprint, so the next request shows it. The pages
show more than the cockpit's figures (comments, evidence, milestones,
reminders, the year's end), so their fingerprint follows more tables:

- the newest history row of every model kept with django-simple-history
  (goals, owners, indicators, updates and their values, outcomes, claims, the
  plan), the newest admin log entry (departments, sections, periods, leaders,
  accounts) and the newest reorganisation, as the cockpit's;
- the newest row of the tables written without history (comments, update
  events, reminders, the year's end events, carry-overs), and, for those
  whose rows can be deleted (evidence, milestones), their count too: a delete
  leaves the newest row as it was.

Unlike the cockpit's figures, nothing here is served older than the data: a
page's rows are reused only under the fingerprint they were rendered from.

What a user sees of those rows depends on their scope (``user_scope``): the
role, the department and the administrator's flags decide ``visible_to``,
``reportable_by`` and every rule the pages ask, so users of one scope share
the rows. The date is part of every key: deadlines and lateness are
counted from today.

What is kept is also remembered in each app server's memory (``kept``), up to
``MEMO_BYTES``: a look that finds its page there reads nothing from the shared
cache. That is as exact as the shared cache, since a key names the data it was
rendered from (its fingerprint, scope, language and day): another app server
rendering the same key renders the same page, and a change gives a new key.
With a page it keeps, once a response sent it gzipped, the page's text
compressed, in the same bound (``offer_compressed``, config/compression.py).
"""

from __future__ import annotations

import functools
import hashlib
import sys
import threading
import time
import zlib
from collections import OrderedDict

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.cache import caches
from django.db import connection
from django.utils import timezone, translation
from django.utils.connection import ConnectionProxy

from config import compression

from ..models import (
    Goal,
    GoalCarryOver,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    GoalOutcome,
    Indicator,
    IndicatorActual,
    QuarterlyUpdate,
    ReminderLog,
    Reorganisation,
    UpdateAttachment,
    UpdateEvent,
    YearEndEvent,
)

TIMEOUT = 300  # seconds: a fingerprint no request asks for again is not worth keeping
# The goal and department pages' own cache (settings.CACHES["pages"]): thousands of
# entries, which must not cull the cockpit's figures out of the default cache.
pages = ConnectionProxy(caches, "pages")
# The shape of what is kept: raise it when a cached template or its context changes,
# so that app servers of a new release never read what an older one left.
FORMAT = 3
# Each app server's memory of kept pages (``kept``): the most recently read, up to this
# many bytes of text. A goal page takes ~50 KB as a str, a department page ~150 KB, the
# cockpit ~350 KB; 4 gunicorn workers hold 4 copies at most.
MEMO_BYTES = 24 * 1024 * 1024


@functools.cache
def _history_models() -> tuple:
    # simple_history's ``history`` descriptor is slow to read: once per process.
    return tuple(
        model
        for model in apps.get_models()
        if model._meta.app_label == "targets" and "history" in model.__dict__
    )


# What one goal's page shows of the tables every save writes to: its own rows.
_GOAL_ROWS = (Goal, GoalDepartment, Indicator, QuarterlyUpdate, GoalOutcome)


def _scoped_columns(over_goals) -> tuple[tuple[str, int, str], ...]:
    """
    The fingerprint terms of a set of goals, how many parameters each takes and
    what each counts (``goal_fingerprint_rows``; "" for the district-wide terms).
    Each term is written for one goal, ``{goal}`` standing for its id, as an
    index lookup on that goal's rows; ``over_goals(term, aggregate)`` makes it
    the page's (one parameter): the term itself for one goal, or the term for
    each goal of a department, aggregated. Never a condition over a set of goals
    (``goal_id IN (…)``): PostgreSQL answers that by reading the whole history
    table once it holds a few thousand rows, so the lookup grew with the district.
    """
    quote = connection.ops.quote_name

    def newest(meta, column):
        return (
            f"(SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)} "
            f"WHERE {quote(column)} = {{goal}})"
        )

    updates = QuarterlyUpdate._meta

    def through_updates(meta, aggregate):
        # Rows naming an update, not the goal: the newest (or how many) of each of the
        # goal's few updates, each an index lookup, then of them all.
        each = (
            f"(SELECT {'COUNT(*)' if aggregate == 'SUM' else f'MAX({quote(meta.pk.column)})'} "
            f"FROM {quote(meta.db_table)} WHERE {quote('update_id')} = u.{quote('id')})"
        )
        return (
            f"(SELECT {aggregate}({each}) FROM {quote(updates.db_table)} u "
            f"WHERE u.{quote('goal_id')} = {{goal}})"
        )

    terms = []
    for model in _GOAL_ROWS:
        history = model.history.model._meta
        column = "id" if model is Goal else "goal_id"
        terms.append((over_goals(newest(history, column), "MAX"), 1, f"{model.__name__} history"))
    values = IndicatorActual.history.model._meta
    terms.append((over_goals(through_updates(values, "MAX"), "MAX"), 1, "values history"))
    terms.append((over_goals(newest(GoalComment._meta, "goal_id"), "MAX"), 1, "comments"))
    events = UpdateEvent._meta
    terms.append((over_goals(through_updates(events, "MAX"), "MAX"), 1, "events"))
    # Rows that can be deleted: a delete leaves the newest as it was, not the count.
    milestones = GoalMilestone._meta
    count = (
        f"(SELECT COUNT(*) FROM {quote(milestones.db_table)} WHERE {quote('goal_id')} = {{goal}})"
    )
    terms.append((over_goals(newest(milestones, "goal_id"), "MAX"), 1, "newest milestone"))
    terms.append((over_goals(count, "SUM"), 1, "milestones"))
    evidence = UpdateAttachment._meta
    terms.append((over_goals(through_updates(evidence, "MAX"), "MAX"), 1, "newest evidence"))
    terms.append((over_goals(through_updates(evidence, "SUM"), "SUM"), 1, "evidence"))
    # Rare, district-wide changes: every page follows them.
    for model in _history_models():
        if model not in _GOAL_ROWS and model is not IndicatorActual:
            meta = model.history.model._meta
            terms.append(
                (f"(SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)})", 0, "")
            )
    for model in (LogEntry, Reorganisation, ReminderLog, YearEndEvent, GoalCarryOver):
        meta = model._meta
        terms.append((f"(SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)})", 0, ""))
    return tuple(terms)


@functools.cache
def _goal_columns() -> tuple[tuple[str, int, str], ...]:
    return _scoped_columns(lambda term, aggregate: term.format(goal="%s"))


@functools.cache
def _department_columns() -> tuple[tuple[str, int, str], ...]:
    quote = connection.ops.quote_name
    owners = GoalDepartment._meta

    def over_goals(term, aggregate):
        # For each goal the department leads or supports (one owner row each): a
        # lookup per goal, as many as the department has goals, whatever the district's size.
        each = term.format(goal=f"o.{quote('goal_id')}")
        return (
            f"(SELECT {aggregate}({each}) FROM {quote(owners.db_table)} o "
            f"WHERE o.{quote('department_id')} = %s)"
        )

    terms = list(_scoped_columns(over_goals))
    # A goal taken from the department leaves no owner row to find it by: its
    # history row (a deletion) names the department.
    history = GoalDepartment.history.model._meta
    terms.append(
        (
            f"(SELECT MAX({quote(history.pk.column)}) FROM {quote(history.db_table)} "
            f"WHERE {quote('department_id')} = %s)",
            1,
            "owners taken away",
        )
    )
    return tuple(terms)


# The lookups the fingerprints make, each on its own index: ``MAX(history_id) WHERE
# goal_id = %s`` with an index on ``goal_id`` alone is read by PostgreSQL backwards along
# the primary key until a row of that goal turns up (about a millisecond per goal once the
# history holds tens of thousands of rows; forty goals for a department's page); on
# ``(goal_id, history_id)`` it is one index entry. The history models are generated by
# django-simple-history, whose Meta takes no indexes: made after every ``migrate``
# (``targets.apps``), as the cache tables are, on a database migrated or built from the
# models alike. (table, columns)
FINGERPRINT_INDEXES = (
    ("targets_historicalgoal", ("id", "history_id")),
    ("targets_historicalgoaldepartment", ("goal_id", "history_id")),
    ("targets_historicalgoaldepartment", ("department_id", "history_id")),
    ("targets_historicalindicator", ("goal_id", "history_id")),
    ("targets_historicalquarterlyupdate", ("goal_id", "history_id")),
    ("targets_historicalgoaloutcome", ("goal_id", "history_id")),
    ("targets_historicalindicatoractual", ("update_id", "history_id")),
    ("targets_goalcomment", ("goal_id", "id")),
    ("targets_updateevent", ("update_id", "id")),
    ("targets_goalmilestone", ("goal_id", "id")),
    ("targets_updateattachment", ("update_id", "id")),
)


def create_fingerprint_indexes(using: str = "default") -> None:
    """
    ``FINGERPRINT_INDEXES`` made where missing (``IF NOT EXISTS``: PostgreSQL and
    SQLite), on the tables there are (a database migrated back to before one has none).

    On PostgreSQL outside a transaction they are built ``CONCURRENTLY``: the first
    ``migrate`` of a release on a district's years of history builds them while
    the app servers still save (a plain ``CREATE INDEX`` holds writes to the table
    until it is done). A concurrent build that was interrupted leaves its index
    behind marked invalid, which ``IF NOT EXISTS`` would keep and no query uses:
    such an index is dropped and built again.
    """
    from django.db import connections

    db = connections[using]
    quote = db.ops.quote_name
    tables = set(db.introspection.table_names())
    concurrently = db.vendor == "postgresql" and not db.in_atomic_block
    with db.cursor() as cursor:
        for table, columns in FINGERPRINT_INDEXES:
            if table not in tables:
                continue
            name = f"{table.removeprefix('targets_')}_fp_{columns[0]}"
            if concurrently:
                cursor.execute(
                    "SELECT 1 FROM pg_index JOIN pg_class ON pg_class.oid = pg_index.indexrelid"
                    " WHERE pg_class.relname = %s AND NOT pg_index.indisvalid",
                    [name],
                )
                if cursor.fetchone():
                    cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(name)}")
            cursor.execute(
                f"CREATE INDEX {'CONCURRENTLY ' if concurrently else ''}IF NOT EXISTS "
                f"{quote(name)} ON {quote(table)} "
                f"({', '.join(quote(column) for column in columns)})"
            )


def _fingerprint_row(terms, value) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(sql for sql, _n, _name in terms),
            [value] * sum(n for _sql, n, _name in terms),
        )
        return cursor.fetchone()


def _fingerprint(terms, value) -> str:
    return "-".join(str(v or 0) for v in _fingerprint_row(terms, value))


def goal_fingerprint(goal_id: int) -> str:
    """
    The newest row of everything one goal's page shows (one query of index
    lookups): its own rows in the tables every save writes, the district's in
    the tables that change rarely. A save to another goal leaves it as it was.
    """
    return goal_fingerprint_rows(goal_id)[0]


# The terms of a goal's fingerprint that are zero exactly when the goal has no row in a
# table its page reads by the goal alone: its history, its thread, its updates' review
# events and evidence, its milestones. (Not the values' history: values written in bulk
# have none, so it cannot tell whether a goal has values.)
GOAL_PAGE_PARTS = (
    "Goal history",
    "GoalDepartment history",
    "Indicator history",
    "comments",
    "events",
    "milestones",
    "evidence",
)


def goal_fingerprint_rows(goal_id: int) -> tuple[str, frozenset[str]]:
    """
    ``goal_fingerprint``, and which of ``GOAL_PAGE_PARTS`` the goal has rows of
    by that same fingerprint: a page rendered afresh reads no empty part
    (``GoalDetailView``). Exact for the page kept under that fingerprint: a row
    added since gives the next request a new fingerprint, which says so.
    """
    return goal_fingerprint_of(_fingerprint_row(_goal_columns(), goal_id))


def goal_fingerprint_terms() -> tuple[tuple[str, int, str], ...]:
    """
    The terms of a goal's fingerprint, each its SQL (``%s`` for the goal's id,
    as many times as the count that follows) and what it counts: for a query
    that reads them with the goal (``selectors.goals.goal_frame``).
    """
    return _goal_columns()


def goal_fingerprint_of(row) -> tuple[str, frozenset[str]]:
    """What ``goal_fingerprint_rows`` makes of the values of ``goal_fingerprint_terms``."""
    parts = frozenset(
        name
        for (_sql, _n, name), value in zip(_goal_columns(), row, strict=True)
        if name in GOAL_PAGE_PARTS and value
    )
    return "-".join(str(v or 0) for v in row), parts


def department_fingerprint(department_id: int) -> str:
    """
    As ``goal_fingerprint``, for every goal the department leads or supports
    (its page's rows, tally and notices): a save to another department's goal
    leaves it as it was.
    """
    sql, params = department_fingerprint_sql(department_id)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        return cursor.fetchone()[0]


@functools.cache
def _department_expression() -> tuple[str, int]:
    # Text on PostgreSQL and SQLite alike: each term as text, "0" for none, joined by "-".
    terms = _department_columns()
    sql = " || '-' || ".join(f"COALESCE(CAST({term} AS TEXT), '0')" for term, _n, _name in terms)
    return f"({sql})", sum(n for _sql, n, _name in terms)


def department_fingerprint_sql(department_id: int) -> tuple[str, list]:
    """
    ``department_fingerprint`` as one SQL expression and its parameters: the
    department page reads it as a column of the department's own query
    (``RawSQL``), one round trip fewer on every look, kept or rendered afresh.
    """
    sql, count = _department_expression()
    return sql, [department_id] * count


def user_scope(user) -> str:
    """
    What decides which rows a user sees and what they may do (``targets.rules``): the
    role, the department, and the superuser and staff flags (the admin's link).
    """
    return f"{user.role}:{user.department_id or 0}:{int(user.is_superuser)}:{int(user.is_staff)}"


def page_key(name: str, fingerprint: str, user, *parts) -> str:
    """
    Where ``name``'s rendered part is kept for this data, scope, language and
    day, and the page's own ``parts`` (its object, plan, quarter, query string).
    """
    text = "|".join(
        str(p)
        for p in (
            FORMAT,
            fingerprint,
            user_scope(user),
            translation.get_language(),
            timezone.localdate().isoformat(),
            *parts,
        )
    )
    # The hash first: a database cache culls in key order, so no kind of page goes first.
    return f"page:{hashlib.sha256(text.encode()).hexdigest()[:40]}:{name}"


class _Entry:
    """A kept page in this process's memory, and its text once compressed (``piece``)."""

    __slots__ = ("expires", "html", "piece", "size")

    def __init__(self, expires: float, html: str):
        self.expires, self.html, self.size = expires, html, sys.getsizeof(html)
        self.piece = None


class _Memo:
    """
    The pages this process kept or read lately, by key, least recently read
    dropped first past ``MEMO_BYTES``; each until its entry in the shared
    cache expires, so a change the fingerprint cannot see (a raw SQL fix)
    shows after ``TIMEOUT`` here too. With a page, once a response sent it
    compressed, its text compressed (``piece``), counted in its size.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[str, _Entry] = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threads, should it run any

    def _live(self, key: str) -> _Entry | None:
        entry = self.entries.get(key)
        if entry is not None and entry.expires <= time.time():
            self._drop(key)
            return None
        return entry

    def get(self, key: str) -> str | None:
        with self.lock:
            entry = self._live(key)
            if entry is None:
                return None
            self.entries.move_to_end(key)
            return entry.html

    def put(self, key: str, html: str, expires: float) -> None:
        entry = _Entry(expires, html)
        if entry.size > self.limit:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = entry
            self._grown(entry.size)

    def pieces(self, key: str) -> tuple[compression.Piece, ...]:
        """
        The page under ``key`` compressed (``compression.Piece``): made once and
        kept with the page; none if the page is no longer here.
        """
        with self.lock:
            entry = self._live(key)
            if entry is None:
                return ()
            if entry.piece is not None:
                return (entry.piece,)
        piece = compression.Piece(entry.html.encode())
        with self.lock:
            if self.entries.get(key) is entry and entry.piece is None:
                if entry.size + piece.size <= self.limit:
                    entry.piece = piece
                    entry.size += piece.size
                    self.entries.move_to_end(key)
                    self._grown(piece.size)
        return (piece,)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _grown(self, size: int) -> None:
        # The newest entry last: the others go first.
        self.size += size
        while self.size > self.limit:
            self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        self.size -= self.entries.pop(key).size


_memo = _Memo(MEMO_BYTES)


def kept(key: str) -> str | None:
    """The page content kept under ``key`` (``keep``), or None."""
    html = _memo.get(key)
    if html is not None:
        return html
    entry = pages.get(key)
    if entry is None:
        return None
    expires, packed = entry
    html = zlib.decompress(packed).decode()
    _memo.put(key, html, expires)
    return html


def keep(key: str, html: str) -> None:
    """
    ``html`` kept under ``key`` for ``TIMEOUT`` seconds, compressed: a goal page
    of 27 KB takes 8 KB in the table rather than 36 (the database cache stores
    values base64-encoded; bench/pages.py, "kept KB"), so ~10,000 pages stay
    small and each read moves less from the database. Kept with when it
    expires, which this app server's memory and the others' respect.
    """
    expires = time.time() + TIMEOUT
    pages.set(key, (expires, zlib.compress(html.encode(), 1)), TIMEOUT)
    _memo.put(key, html, expires)


def offer_compressed(request, key: str) -> None:
    """
    The page kept under ``key`` offered to this request's compressed response
    (``config.compression``), which shows it as it is: its text compressed
    once and kept with it, so each response compresses only what is around it.
    The cockpit and the department page; not the goal page, whose forms' tokens
    are filled in within its text: cut at each, its pieces compressed apart lost
    each other's context, twice the bytes for a tenth of a millisecond saved.
    """
    compression.offer(request, lambda: _memo.pieces(key))


def forget() -> None:
    """
    This process's memory of kept pages emptied (the shared cache left as it
    is): for tests, whose rolled-back data can come back under the same ids,
    and for benchmarks measuring pages rendered afresh. The pages' cache counts its
    writes from none again too (``config.cache``: which write counts its rows), so
    a test's queries do not depend on the tests before it.
    """
    _memo.clear()
    restart = getattr(caches["pages"], "restart_count", None)
    if restart is not None:
        restart()
