"""
Queries compiled to SQL once per process and run with each request's value.

Django builds and compiles a QuerySet's SQL on every request: for a goal's page,
whose dozen small queries each differ only by the goal's id, compiling them cost
more than running them (the goal's own query, five ``select_related`` chains, about
2.4 ms). ``compiled(key, build)`` keeps the compiled form of ``build()``'s QuerySet,
written for ``VALUE`` (an id no row has); ``rows(value)`` runs that SQL with the
request's value in its place and makes the rows into models as Django's own
iterable does (``ModelIterable``: the same columns, converters and related rows).

Exact: the SQL is made from the code and the key's values alone (the caller puts
in the key everything its QuerySet depends on: the user's scope for a
``visible_to``), so each run reads the data of the moment. Per process, bounded
(``targets.recent.Recent``): each entry holds its query and compiler; a goal page's
five first queries for one scope took ~120 KB (tracemalloc), the goal's the largest.
256 entries (a goal query per scope: ~100 departments' staff and the scopes that see
every goal, and a dozen of rows shared by all) are at most ~25 MB a process.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from itertools import chain

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.constants import MULTI

from ..recent import Recent

# Stands for the value each run fills in: negative, so no row's id, and within every
# backend's integer range (Django answers an out-of-range integer lookup without SQL).
VALUE = -2_061_358_117

_compiled = Recent(256)

# The values a 64-bit integer column can hold: an id in a URL may be any number.
_INT64 = (-(2**63), 2**63 - 1)


class Compiled:
    """One QuerySet's SQL, and what turns its rows into models."""

    def __init__(self, queryset: QuerySet, *, constant: bool = False):
        # ``constant``: the query reads the same rows' current state on every run, and
        # takes no value (the plans every period picker lists).
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("A compiled query reads its own rows only.")
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = [n for n, param in enumerate(self.params) if param == VALUE]
        if not self.slots and not constant:
            raise ValueError("The query does not use VALUE.")
        self.compiler = compiler
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)
        self.annotations = dict(compiler.annotation_col_map or {})
        self._converters = None
        self.fields = [column[0] for column in select[0 : compiler.col_count]]
        if compiler.has_composite_fields(self.fields):
            raise ValueError("A compiled query reads no composite primary key.")

    def rows(self, value=None) -> list:
        """The models of the rows the query reads with ``value`` for ``VALUE``."""
        if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
            # No row's id (the widest integer column is 64 bits), and a database may
            # refuse it (SQLite's OverflowError); Django's own lookups say "no rows" too.
            return []
        params = list(self.params)
        for slot in self.slots:
            params[slot] = value
        # A copy per run: the connection is this thread's, and the SQL this run's.
        compiler = copy.copy(self.compiler)
        compiler.connection = connection = connections[self.db]
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        known = self._converters  # read once: another thread may replace it
        if known is None or known[0] is not connection:
            # What turns each column's value into Python's, once per connection (of
            # this thread): as results_iter finds them on every run.
            known = self._converters = (connection, compiler.get_converters(self.fields))
        converters = known[1]
        rows = chain.from_iterable(compiler.execute_sql(MULTI))
        if converters:
            rows = compiler.apply_converters(rows, converters)
        found = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def compiled(key: Hashable, build: Callable[[], QuerySet], *, constant: bool = False) -> Compiled:
    """
    ``build()``'s QuerySet compiled once per process under ``key``, which must
    name everything the QuerySet is made from (its SQL is then the same);
    ``constant``: one that takes no value (``Compiled.rows()``).
    """
    return _compiled.get(key, lambda: Compiled(build(), constant=constant))


def forget() -> None:
    """Every compiled query dropped (tests that change the settings a query is made from)."""
    _compiled.clear()


class Loaded(QuerySet):
    """
    The rows of one instance's relation, read already, as a prefetch leaves
    them (``related``): iterating, counting or testing them reads nothing;
    anything that narrows them (``filter``, ``order_by``…) asks the database
    through the relation, as a prefetch's own QuerySet does.
    """

    def _chain(self):
        # As the related manager's own QuerySet: the model's default manager's, narrowed
        # to the instance's rows (a related manager is a subclass of that manager).
        manager = getattr(self._owner, self._relation)
        rows = self.model._default_manager.get_queryset()
        return manager._apply_rel_filters(rows)._chain()


def related(instance, relation: str, rows: list, *, back: str | None = None) -> None:
    """
    ``instance.<relation>.all()`` answered with ``rows`` without a query, as a
    prefetch leaves it; ``back``: the rows' foreign key to ``instance``, set too
    (a reverse foreign key's prefetch does so).
    """
    field = type(instance)._meta.get_field(relation)
    loaded = Loaded(model=field.related_model)
    loaded._owner, loaded._relation = instance, relation
    loaded._result_cache = rows
    loaded._prefetch_done = True
    if back is not None:
        cache = type(rows[0])._meta.get_field(back) if rows else None
        for row in rows:
            cache.set_cached_value(row, instance)
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = loaded
