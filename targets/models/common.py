"""Helpers shared by the model modules."""

import functools

import simple_history.manager
import simple_history.models

MIN_YEAR = 2000
MAX_YEAR = 2100


class HistoryManager(simple_history.manager.HistoryManager):
    """
    django-simple-history's manager of a model's history (``Goal.history``,
    ``goal.history``), its class made once.

    The library makes the class anew (``from_queryset``, which inspects every
    method of the queryset class) each time ``history`` is read, and it reads it
    for every save it records: about 1 ms a save, a tenth of the test suite's
    database-bound tests. The class is the same every time, so it is made once;
    each read still gets a new manager for its model and instance.
    """

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(simple_history.models.HistoricalRecords):
    """django-simple-history's, with the manager above (what people edit keeps history)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", HistoryManager)
        super().__init__(*args, **kwargs)
