"""
A goal's change history (修改记录) as people read it, from django-simple-history:
who changed which field of the goal, its owners (GoalDepartment) or its
indicators, when, from what to what — "2023-03-02 王磊 修改 完成时限：6月底前 →
12月底前".

Successive historical records of each object are compared in memory, so the
history of a goal takes a fixed number of queries however long it is.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import Comparator, OwnerRole
from ..formatting import format_number, format_target
from ..models import (
    Department,
    Goal,
    GoalDepartment,
    Indicator,
    IndicatorActual,
    QuarterlyUpdate,
    Section,
)
from .compiled import VALUE, compiled

# The goal's fields a reader cares about, with the words the page uses for them.
GOAL_FIELDS = {
    "code": gettext_lazy("No."),
    "title": gettext_lazy("Short title"),
    "text": gettext_lazy("Task text"),
    "section": gettext_lazy("Section"),
    "deadline_text": gettext_lazy("Deadline"),
    "deadline": gettext_lazy("Deadline date"),
    "key": gettext_lazy("Key task"),
    "category": gettext_lazy("Category"),
    "archived": gettext_lazy("Archived"),
}
INDICATOR_FIELDS = (
    "name",
    "phrase",
    "comparator",
    "target_value",
    "target_value_max",
    "unit",
    "baseline",
)
OWNER_FIELDS = ("role",)
TEXT_LENGTH = 60  # long texts (the task as written) are cut in the list
LIMIT = 200  # changes shown; a goal edited more often than this is a data problem


@dataclass
class Change:
    """One line of the history: ``when who action what：old → new``."""

    when: datetime.datetime
    who: str
    action: str
    what: str
    old: str = ""
    new: str = ""
    reason: str = ""
    kind: str = "changed"  # added / changed / deleted, for the page's icons

    @property
    def day(self) -> str:
        return timezone.localtime(self.when).strftime("%Y-%m-%d")

    def __str__(self) -> str:
        if self.kind == "changed":
            return f"{self.day} {self.who} {self.action} {self.what}：{self.old} → {self.new}"
        return f"{self.day} {self.who} {self.action} {self.what}：{self.new or self.old}"


def goal_history(goal: Goal, parts=None) -> list[Change]:
    """
    The changes to ``goal``, its owners and its indicators, newest first.
    ``parts``: which of the goal's tables have rows (``page_cache.goal_fingerprint_rows``;
    None when not known): a kind of record the goal has none of is not read.
    """

    def records(model, column):
        if parts is not None and f"{model.__name__} history" not in parts:
            return []
        # Through the historical models' own managers: each access to ``Model.history``
        # builds a new manager class (django-simple-history's descriptor), ~0.15 ms
        # apiece. The same rows in the same order (the historical models' Meta.ordering),
        # compiled once per process (``selectors.compiled``).
        return compiled(
            ("goal history", model.__name__),
            lambda: _historical(model).filter(**{column: VALUE}).select_related("history_user"),
        ).rows(goal.pk)

    goal_records = records(Goal, "id")
    owner_records = records(GoalDepartment, "goal_id")
    indicator_records = records(Indicator, "goal_id")
    # The current owners' departments come with the goal (its page prefetches
    # them); only departments that have since left the goal are read.
    department_names = {a.department_id: str(a.department) for a in goal.assignments.all()}
    gone = {r.department_id for r in owner_records} - department_names.keys()
    if gone:
        department_names.update(
            (d.pk, str(d))
            for d in Department.objects.filter(pk__in=gone).only("name", "short_name")
        )
    # Section names are shown only for a move between sections: read for those alone,
    # so a goal that never moved (nearly every one) reads none.
    goal_pairs = list(_pairs(goal_records))
    section_ids = {
        pk
        for previous, record in goal_pairs
        if previous is not None and previous.section_id != record.section_id
        for pk in (previous.section_id, record.section_id)
        if pk
    }
    section_names = (
        {s.pk: str(s) for s in Section.objects.filter(pk__in=section_ids)} if section_ids else {}
    )

    changes: list[Change] = []
    for previous, record in goal_pairs:
        changes.extend(_goal_changes(previous, record, section_names))
    for previous, record in _pairs(owner_records):
        changes.extend(_owner_changes(previous, record, department_names))
    for previous, record in _pairs(indicator_records):
        changes.extend(_indicator_changes(previous, record))
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:LIMIT]


@functools.cache
def _historical(model):
    """The plain manager of ``model``'s historical records (all of them, unfiltered)."""
    return model.history.model._default_manager


def _pairs(records):
    """``(previous, record)`` for each historical record, per object, oldest first."""
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            yield previous, record
            previous = record


def _who(record) -> str:
    return str(record.history_user) if record.history_user_id else _("the system")


def _change(record, kind: str, what: str, old: str = "", new: str = "") -> Change:
    action = {"added": _("added"), "changed": _("changed"), "deleted": _("deleted")}[kind]
    return Change(
        when=record.history_date,
        who=_who(record),
        action=action,
        what=what,
        old=old,
        new=new,
        reason=reason_shown(record.history_change_reason or ""),
        kind=kind,
    )


# The note of an upload that wrote a workbook's values over a report changed in Luoshi
# after the workbook was downloaded: ``upload: <file>; workbook over newer``.
OVER_NEWER = "workbook over newer"


def reason_shown(reason: str) -> str:
    """
    A recorded reason in the reader's language. Services record their own
    reasons in fixed English words (``import: <file>; <note>``, ``upload:
    <file>``, ``upload: <file>; workbook over newer``, ``archived``,
    ``restored``) so the record does not depend on who was signed in; they are
    worded here. A person's own words pass unchanged.
    """
    head, _sep, note = reason.partition("; ")
    if note == OVER_NEWER:
        note = _("the workbook's values were chosen over a newer change")
    for prefix, label in (
        ("import: ", _("imported from %(file)s")),
        ("upload: ", _("uploaded from %(file)s")),
    ):
        if head.startswith(prefix):
            shown = label % {"file": head[len(prefix) :]}
            return f"{shown}；{note}" if note else shown
    fixed = {"import": _("imported"), "archived": _("archived"), "restored": _("restored")}
    if head in fixed:
        return f"{fixed[head]}；{note}" if note else str(fixed[head])
    return reason


def _shown(value) -> str:
    """A field's value as the page shows it: booleans in words, numbers without noise."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "is_finite"):  # Decimal
        return format_number(value)
    return Truncator(str(value)).chars(TEXT_LENGTH)


def _goal_changes(previous, record, section_names):
    if record.history_type == "+":
        return [_change(record, "added", _("Goal"), new=f"{record.code} {record.title}")]
    if record.history_type == "-":
        return [_change(record, "deleted", _("Goal"), old=f"{record.code} {record.title}")]
    if previous is None:
        return []
    changes = []
    for name, label in GOAL_FIELDS.items():
        attname = "section_id" if name == "section" else name
        old, new = getattr(previous, attname), getattr(record, attname)
        if old == new:
            continue
        if name == "section":
            old, new = section_names.get(old, old), section_names.get(new, new)
        changes.append(_change(record, "changed", str(label), _shown(old), _shown(new)))
    return changes


def _owner_label(record) -> str:
    """ "牵头单位" / "配合单位": what the department is in the goal."""
    if record.role == OwnerRole.LEAD:
        return _("Lead departments")
    return _("Supporting departments")


def _owner_changes(previous, record, department_names):
    name = department_names.get(record.department_id, str(record.department_id))
    if record.history_type == "+":
        return [_change(record, "added", _owner_label(record), new=name)]
    if record.history_type == "-":
        return [_change(record, "deleted", _owner_label(record), old=name)]
    if previous is None or previous.role == record.role:
        return []
    what = _("%(department)s's role") % {"department": name}
    return [
        _change(
            record,
            "changed",
            what,
            str(OwnerRole(previous.role).label),
            str(OwnerRole(record.role).label),
        )
    ]


def _indicator_changes(previous, record):
    described = f"{record.name} {format_target(record)}"
    if record.history_type == "+":
        return [_change(record, "added", _("Indicator"), new=described)]
    if record.history_type == "-":
        return [_change(record, "deleted", _("Indicator"), old=described)]
    if previous is None:
        return []
    changes = []
    for name in INDICATOR_FIELDS:
        old, new = getattr(previous, name), getattr(record, name)
        if old == new:
            continue
        field = Indicator._meta.get_field(name)
        if name == "comparator":
            old, new = Comparator(old).label if old else old, Comparator(new).label if new else new
        what = _("Indicator %(name)s: %(field)s") % {
            "name": previous.name,
            "field": field.verbose_name,
        }
        changes.append(_change(record, "changed", what, _shown(old), _shown(new)))
    return changes


# -- what changed under an open admin form ---------------------------------------------------------

# Fields the compare-and-set itself moves, or that no person edits: never listed as a change.
# Not compared: bookkeeping, and what the history does not keep (a plan's source text).
_NOT_LISTED = {"id", "version", "created_at", "updated_at", "source_text"}


def changes_since(obj, version: int, since: datetime.datetime | None = None) -> list[Change]:
    """
    What was saved to ``obj`` (a Plan, a Goal or a QuarterlyUpdate, whose
    history records their ``version``) after a form was opened on ``version`` at
    ``since`` (when the form says), oldest first: field by field, old → new,
    as the history shows it. For a goal its owners and indicators are
    included. Empty when the history cannot tell (a version written without
    a record): the refusal stands all the same.
    """
    records = obj.history.order_by("-history_date", "-history_id")
    if since is not None:
        opened = records.filter(history_date__lte=since).first()
    else:
        opened = records.filter(version__lte=version).first()
    if opened is None:
        return []
    cutoff = since or opened.history_date
    if isinstance(obj, Goal):
        later = [c for c in goal_history(obj) if c.when > cutoff]
        return sorted(later, key=lambda change: change.when)
    current = obj.history.order_by("-history_date", "-history_id").first()
    changes = []
    for field in obj._meta.concrete_fields:
        if field.name in _NOT_LISTED:
            continue
        old, new = getattr(opened, field.attname), getattr(current, field.attname)
        if old == new:
            continue
        if field.choices:
            labels = dict(field.flatchoices)
            old, new = labels.get(old, old), labels.get(new, new)
        elif field.is_relation:
            old, new = _related_str(field, old), _related_str(field, new)
        changes.append(
            _change(current, "changed", str(field.verbose_name), _shown(old), _shown(new))
        )
    if isinstance(obj, QuarterlyUpdate):
        changes.extend(_actual_changes(obj, cutoff))
    return changes


def _actual_changes(update, since) -> list[Change]:
    """The actual values of ``update`` that differ now from what they were at ``since``."""
    before, now, last = {}, {}, {}
    records = IndicatorActual.history.filter(update_id=update.pk).select_related("history_user")
    for record in records.order_by("history_date", "history_id"):
        value = None if record.history_type == "-" else record.value
        if record.history_date <= since:
            before[record.indicator_id] = value
        now[record.indicator_id] = value
        last[record.indicator_id] = record
    names = dict(Indicator.objects.filter(pk__in=now).values_list("pk", "name"))
    return [
        _change(last[pk], "changed", names.get(pk, str(pk)), _shown(before.get(pk)), _shown(value))
        for pk, value in now.items()
        if before.get(pk) != value
    ]


def _related_str(field, pk) -> str:
    if pk is None:
        return ""
    related = field.related_model._default_manager.filter(pk=pk).first()
    return str(related) if related is not None else str(pk)


# -- who last changed a report ------------------------------------------------------------------

# What a department reports: a save that changes none of these (a review) changes no report.
REPORT_FIELDS = ("status", "percent_complete", "progress", "problems", "next_steps")


def report_last_changes(update_ids) -> dict[int, Change]:
    """
    For each quarterly update, the last change of what it reports (status,
    share, narrative, actual values; not a review): who, when and why (the
    history's reason, e.g. ``upload: <file>``). Two queries for any number of
    updates; an update without history is left out.
    """
    ids = list(update_ids)
    if not ids:
        return {}
    last: dict[int, object] = {}
    records = QuarterlyUpdate.history.filter(id__in=ids).select_related("history_user")
    for previous, record in _pairs(records):
        if previous is None or any(
            getattr(previous, name) != getattr(record, name) for name in REPORT_FIELDS
        ):
            last[record.id] = record
    actuals = IndicatorActual.history.filter(update_id__in=ids).select_related("history_user")
    for record in actuals:
        known = last.get(record.update_id)
        if known is None or record.history_date >= known.history_date:
            last[record.update_id] = record
    return {pk: _change(record, "changed", "") for pk, record in last.items()}
