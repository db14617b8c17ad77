"""
Applying a plan draft to the database (``plan_import``): in one transaction,
every row found by a stable key and written only when it differs; new rows in
bulk with their history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ...choices import NotificationKind, OwnerRole, PlanState
from ...io.deadlines import resolve_deadline
from ...io.draft import PlanDraft
from ...models import Goal, GoalDepartment, Indicator, Leader, Plan, Section
from ...selectors.departments import DepartmentDirectory
from ..notifications import actor_name, notify, plan_departments
from .codes import goal_codes, section_codes

KINDS = ("plan", "section", "goal", "owner", "indicator", "leader", "department")


@dataclass
class ImportResult:
    """What an import did, counted per kind of row."""

    plan: Plan | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    archived: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def to_dict(self) -> dict:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "archived": dict(self.archived),
            "kept": list(self.kept),
        }

    def summary(self) -> str:
        parts = []
        for label, counter in (
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("archived", self.archived),
        ):
            detail = ", ".join(f"{counter[k]} {k}s" for k in KINDS if counter[k])
            parts.append(f"{label}: {detail or 'nothing'}")
        return "; ".join(parts)


class _Writer:
    """
    Saves only what differs and counts what it did; records who and from which
    file. New rows are checked field by field and collected, then created in
    bulk (with their history) by ``flush``: a first import of a 20,000-row
    table would otherwise spend minutes on one INSERT pair per row.
    """

    BATCH = 500

    def __init__(self, result: ImportResult, user, reason: str):
        self.result = result
        self.user = user
        self.reason = reason
        self.pending: dict[type, list] = {}

    @property
    def writes(self) -> int:
        """Rows created, changed or deleted so far: tells whether a step wrote anything."""
        return sum(self.result.created.values()) + sum(self.result.updated.values())

    @staticmethod
    def _check(obj) -> None:
        # The relations are set by this module, never typed by a person: only
        # the fields that come from the document need checking (no queries).
        relations = [f.name for f in obj._meta.fields if f.is_relation]
        obj.clean_fields(exclude=relations)

    def save(self, kind: str, obj, values: dict, *, defer: bool = False) -> bool:
        """
        Set ``values`` on ``obj`` and save it if it is new or anything
        changed; a new object is only queued when ``defer`` is set.
        """
        is_new = obj.pk is None
        changed = is_new
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if not changed:
            self.result.unchanged[kind] += 1
            return False
        if not is_new and hasattr(obj, "version"):
            # An admin form opened on the goal before this import is refused
            # after it instead of silently undoing it (the goal is locked here).
            obj.version += 1
        self._check(obj)
        if is_new and defer:
            self.pending.setdefault(type(obj), []).append(obj)
        else:
            obj._history_user = self.user
            obj._change_reason = self.reason
            obj.save()
        (self.result.created if is_new else self.result.updated)[kind] += 1
        return True

    def flush(self, model) -> None:
        """Create the queued rows of ``model`` and their history records."""
        objs = self.pending.pop(model, [])
        if objs:
            bulk_create_with_history(
                objs,
                model,
                batch_size=self.BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )

    def delete(self, kind: str, obj) -> None:
        obj._history_user = self.user
        obj._change_reason = self.reason
        obj.delete()
        self.result.updated[kind] += 1


def plan_import(
    draft: PlanDraft,
    *,
    user=None,
    source_name: str = "",
    activate: bool = False,
    create_departments: bool = True,
    note: str = "",
) -> ImportResult:
    """
    Apply ``draft`` in one transaction and say what changed. The plan is
    found by year and title (a new one starts as a draft unless ``activate``).
    Every row written is recorded in its history as ``import: <file>``, with
    ``note`` after it when given (a choice made on confirming).
    Raises ``ValidationError`` with a clear message, having written nothing,
    when the draft cannot be applied: no year, no title, an unknown
    department when ``create_departments`` is off, another active plan.
    """
    if draft.year is None:
        raise ValidationError(_("Set the year of the plan before applying it."))
    if not draft.title:
        raise ValidationError(_("Give the plan a title before applying it."))
    if not draft.all_goals():
        raise ValidationError(_("The draft has no tasks to import."))

    try:
        return _plan_import(
            draft,
            user=user,
            source_name=source_name,
            activate=activate,
            create_departments=create_departments,
            note=note,
        )
    except IntegrityError as error:
        # Another import of the same plan (or another plan activated for the
        # year) committed while this one ran: the unique constraints refused
        # the second copy and this transaction was rolled back whole.
        raise ValidationError(
            _(
                "Another import of %(year)s “%(title)s” was applied at the same time: nothing "
                "was written. Check the plan, then import again if something is missing."
            )
            % {"year": draft.year, "title": draft.title},
            code="concurrent",
        ) from error


def _history_reason(source_name: str, note: str) -> str:
    """``import: <file>; <note>``, within the 100 characters history keeps for a reason."""
    tail = f"; {note}" if note else ""
    head = f"import: {source_name}" if source_name else "import"
    return head[: max(100 - len(tail), 20)] + tail[: 100 - 20]


def _plan_import(draft, *, user, source_name, activate, create_departments, note) -> ImportResult:
    result = ImportResult()
    writer = _Writer(result, user, _history_reason(source_name, note))
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(year=draft.year, title=draft.title).first()
        if plan is None:
            plan = Plan(year=draft.year, title=draft.title, state=PlanState.DRAFT)
        values = {"source_text": draft.source_text or plan.source_text}
        published = activate and plan.state != PlanState.ACTIVE
        if activate:
            other = Plan.objects.filter(year=draft.year, state=PlanState.ACTIVE).exclude(pk=plan.pk)
            if other.exists():
                raise ValidationError(
                    _("Another plan is already active for %(year)s: archive it first.")
                    % {"year": draft.year}
                )
            values["state"] = PlanState.ACTIVE
        writer.save("plan", plan, values)
        result.plan = plan

        departments = DepartmentDirectory()
        unknown = departments.unknown(
            name
            for goal in draft.all_goals()
            for name in (*goal.lead_departments, *goal.co_departments)
        )
        if unknown and not create_departments:
            raise ValidationError(
                _("Unknown departments: %(names)s.") % {"names": "、".join(unknown)}
            )
        for name in unknown:
            departments.create(name)
            result.created["department"] += 1

        leaders = {leader.name: leader for leader in Leader.objects.all()}
        sections = _apply_sections(draft, plan, writer, leaders)
        _apply_goals(draft, plan, writer, sections, departments, leaders)
        if published:
            notify(
                NotificationKind.PLAN_PUBLISHED,
                link=f"{reverse('targets:goal_list')}?year={plan.year}",
                params={"plan": plan.title, "actor": actor_name(user)},
                departments=plan_departments(plan),
                office=True,
                actor=user,
                plan=plan,
            )
    return result


def _leader(name: str, leaders: dict, writer: _Writer) -> Leader:
    if name not in leaders:
        leaders[name] = Leader.objects.create(name=name)
        writer.result.created["leader"] += 1
    return leaders[name]


def _apply_sections(draft, plan, writer, leaders) -> dict[int, Section]:
    existing = {s.code: s for s in plan.sections.prefetch_related("leaders") if s.code}
    by_draft: dict[int, Section] = {}
    for order, (section_draft, code, parent_draft) in enumerate(section_codes(draft), start=1):
        section = existing.pop(code, None) or Section(plan=plan, code=code)
        parent = by_draft[id(parent_draft)] if parent_draft is not None else None
        writer.save(
            "section",
            section,
            {
                "parent_id": parent.pk if parent else None,
                "number": section_draft.number[:20],
                "title": section_draft.title[:300] or section_draft.number,
                "intro": section_draft.intro,
                "order": order,
            },
        )
        wanted = {_leader(n, leaders, writer).pk for n in section_draft.leaders}
        if {leader.pk for leader in section.leaders.all()} != wanted:
            section.leaders.set(wanted)
        by_draft[id(section_draft)] = section
    return by_draft


def _apply_goals(draft, plan, writer, sections, departments, leaders) -> None:
    """
    Goals first (new ones in bulk, so they have ids), then their leaders,
    owners and indicators (new ones in bulk again); existing rows are
    compared and saved one by one, which is rare after the first import.
    Goals no longer in the document are archived.
    """
    # Locked until the import commits: an admin saving one of these goals
    # meanwhile waits, then finds its version moved on and is refused.
    existing = {
        g.code: g
        for g in plan.goals.select_for_update().prefetch_related(
            "assignments", "indicators", "leaders"
        )
    }
    placed = _place_goals(draft, plan, writer, sections, existing)
    new_goals = {id(goal) for goal in writer.pending.get(Goal, [])}
    writer.flush(Goal)
    _apply_goal_links(placed, new_goals, writer, departments, leaders)
    seen = {goal.code for goal, _draft, _saved in placed}
    for code, goal in existing.items():
        if code not in seen and not goal.archived:
            goal.archived = True
            goal.version += 1
            goal._history_user = writer.user
            goal._change_reason = writer.reason
            goal.save(update_fields=["archived", "version", "updated_at"])
            writer.result.archived["goal"] += 1


def _place_goals(draft, plan, writer, sections, existing) -> list[tuple]:
    """Each goal of the draft saved (or queued, if new): ``(goal, draft, saved)``."""
    placed = []
    for order, (goal_draft, code, section_draft) in enumerate(goal_codes(draft), start=1):
        goal = existing.get(code) or Goal(plan=plan, code=code)
        section = sections[id(section_draft)] if section_draft is not None else None
        saved = writer.save(
            "goal",
            goal,
            {
                "section_id": section.pk if section else None,
                "order": order,
                "title": (goal_draft.title or goal_draft.text)[:200],
                "text": goal_draft.text,
                "deadline_text": (goal_draft.deadline or "")[:100],
                "deadline": resolve_deadline(goal_draft.deadline or "", plan.year),
                "key": "key" in goal_draft.flags,
                "category": goal_draft.category[:50],
                "archived": False,
            },
            defer=True,
        )
        placed.append((goal, goal_draft, saved))
    return placed


def _apply_goal_links(placed, new_goals: set[int], writer, departments, leaders) -> None:
    """Each placed goal's leaders, owners and indicators; the new ones in bulk."""
    leader_links = []
    for goal, goal_draft, saved in placed:
        is_new = id(goal) in new_goals
        before, leaders_changed = writer.writes, False
        wanted_leaders = {_leader(n, leaders, writer).pk for n in goal_draft.leaders}
        if is_new:
            leader_links += [
                Goal.leaders.through(goal_id=goal.pk, leader_id=pk) for pk in wanted_leaders
            ]
        elif {leader.pk for leader in goal.leaders.all()} != wanted_leaders:
            goal.leaders.set(wanted_leaders)
            leaders_changed = True
        _apply_owners(goal, goal_draft, writer, departments, is_new=is_new)
        _apply_indicators(goal, goal_draft, writer, is_new=is_new)
        if not is_new and not saved and (leaders_changed or writer.writes != before):
            # Its owners, leaders or indicators changed (they are on the goal's
            # admin page too): an admin form opened before is refused as well.
            Goal.objects.filter(pk=goal.pk).update(version=F("version") + 1)
    Goal.leaders.through.objects.bulk_create(leader_links, batch_size=writer.BATCH)
    writer.flush(GoalDepartment)
    writer.flush(Indicator)


def _apply_owners(goal, goal_draft, writer, departments, *, is_new: bool) -> None:
    wanted: dict[int, tuple[str, int]] = {}
    for role, names in (
        (OwnerRole.LEAD, goal_draft.lead_departments),
        (OwnerRole.SUPPORT, goal_draft.co_departments),
    ):
        for name in names:
            department = departments.find(name)
            if department is not None and department.pk not in wanted:
                wanted[department.pk] = (role, len(wanted))
    current = {} if is_new else {a.department_id: a for a in goal.assignments.all()}
    for department_id, link in current.items():
        if department_id not in wanted:
            writer.delete("owner", link)
    for department_id, (role, order) in wanted.items():
        link = current.get(department_id) or GoalDepartment(goal=goal, department_id=department_id)
        writer.save("owner", link, {"role": role, "order": order}, defer=True)


def _apply_indicators(goal, goal_draft, writer, *, is_new: bool) -> None:
    current = [] if is_new else list(goal.indicators.all())
    for order, indicator_draft in enumerate(goal_draft.indicators):
        indicator = current[order] if order < len(current) else Indicator(goal=goal)
        writer.save(
            "indicator",
            indicator,
            {
                "order": order,
                "name": (indicator_draft.name or indicator_draft.phrase)[:200],
                "phrase": indicator_draft.phrase[:300],
                "comparator": indicator_draft.comparator,
                "target_value": Decimal(indicator_draft.value),
                "target_value_max": (
                    Decimal(indicator_draft.value_max)
                    if indicator_draft.value_max is not None
                    else None
                ),
                "unit": indicator_draft.unit[:20],
                "baseline": (
                    Decimal(indicator_draft.baseline)
                    if indicator_draft.baseline is not None
                    else None
                ),
            },
            defer=True,
        )
    for indicator in current[len(goal_draft.indicators) :]:
        if indicator.actuals.exists():
            # Reported values point at it: keep it and say so rather than lose them.
            writer.result.kept.append(f"{goal.code} {indicator.name}")
        else:
            writer.delete("indicator", indicator)
