"""
Applying a plan draft to the database, and the life of a plan import
(read → preview and correct → confirm).

``plan_import`` is the one place a draft becomes a plan: the command line,
the web preview and the demo loader all go through it. It runs in one
transaction, finds every row by a stable key (the plan by year and title,
sections and goals by their code in the outline, owners by department) and
writes only what differs, so importing the same document twice changes
nothing. Goals that disappear from the document are archived, not deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .choices import ImportState, OwnerRole, PlanState
from .departments import DepartmentDirectory
from .io.deadlines import resolve_deadline
from .io.draft import DraftError, GoalDraft, PlanDraft, SectionDraft
from .io.report import chinese_number
from .models import (
    Goal,
    GoalDepartment,
    Indicator,
    Leader,
    Plan,
    PlanImport,
    Section,
)

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


# -- codes ------------------------------------------------------------------------------


def section_codes(draft: PlanDraft) -> list[tuple[SectionDraft, str, SectionDraft | None]]:
    """
    Each section with its code and parent, in document order. A section
    numbered as written (二是, (三), 一、) takes that number; an unnumbered
    one its position. Unnumbered top-level sections before the first chapter
    (an excerpt that starts mid-chapter) sit under chapter 0.
    """
    result = []
    used: set[str] = set()

    def walk(sections, prefix, parent):
        position = 0
        for section in sections:
            position += 1
            numeral = chinese_number(_numeral_of(section.number))
            segment = str(numeral) if numeral is not None else str(position)
            code = f"{prefix}.{segment}" if prefix else segment
            if not prefix and numeral is None:
                code = f"0.{position}"
            # A theme and a numbered sibling ((一) after an unnumbered theme)
            # can land on one code; the later one is told apart by a letter.
            base, suffix = code, 0
            while code in used:
                suffix += 1
                code = f"{base}{chr(ord('a') + suffix - 1)}"
            used.add(code)
            result.append((section, code, parent))
            walk(section.sections, code, section)

    walk(draft.sections, "", None)
    return result


def _numeral_of(number: str) -> str:
    """The digits of a written number: 二是 → 二, (三) → 三, 第二部分 → 二, 一、 → 一."""
    stripped = number.strip().strip("()、.:")
    for affix in ("第", "部分", "章", "篇", "是"):
        stripped = stripped.replace(affix, "")
    return stripped.strip()


def goal_codes(draft: PlanDraft) -> list[tuple[GoalDraft, str, SectionDraft | None]]:
    """Each goal with its code (section code + position, or its item number) and section."""
    result = []
    codes = {id(s): code for s, code, _ in section_codes(draft)}
    used: set[str] = set()

    def add(goals, prefix, section):
        for position, goal in enumerate(goals, start=1):
            segment = goal.number if goal.number.isdigit() else str(position)
            code = f"{prefix}.{segment}" if prefix else segment
            while code in used:  # two items numbered alike: keep both
                code += "'"
            used.add(code)
            result.append((goal, code, section))

    add(draft.goals, "0", None)
    for section in draft.walk_sections():
        add(section.goals, codes[id(section)], section)
    return result


# -- applying --------------------------------------------------------------------------------


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
) -> ImportResult:
    """
    Apply ``draft`` in one transaction and say what changed. The plan is
    found by year and title (a new one starts as a draft unless ``activate``).
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


def _plan_import(draft, *, user, source_name, activate, create_departments) -> ImportResult:
    result = ImportResult()
    writer = _Writer(result, user, f"import: {source_name}" if source_name else "import")
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(year=draft.year, title=draft.title).first()
        if plan is None:
            plan = Plan(year=draft.year, title=draft.title, state=PlanState.DRAFT)
        values = {"source_text": draft.source_text or plan.source_text}
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
    """
    # Locked until the import commits: an admin saving one of these goals
    # meanwhile waits, then finds its version moved on and is refused.
    existing = {
        g.code: g
        for g in plan.goals.select_for_update().prefetch_related(
            "assignments", "indicators", "leaders"
        )
    }
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
    new_goals = {id(goal) for goal in writer.pending.get(Goal, [])}
    writer.flush(Goal)

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

    seen = {goal.code for goal, _draft, _saved in placed}
    for code, goal in existing.items():
        if code not in seen and not goal.archived:
            goal.archived = True
            goal.version += 1
            goal._history_user = writer.user
            goal._change_reason = writer.reason
            goal.save(update_fields=["archived", "version", "updated_at"])
            writer.result.archived["goal"] += 1


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
            },
            defer=True,
        )
    for indicator in current[len(goal_draft.indicators) :]:
        if indicator.actuals.exists():
            # Reported values point at it: keep it and say so rather than lose them.
            writer.result.kept.append(f"{goal.code} {indicator.name}")
        else:
            writer.delete("indicator", indicator)


# -- plan imports (the web preview) --------------------------------------------------------


def plan_import_create(draft: PlanDraft, *, user, source_name: str) -> PlanImport:
    """Keep a freshly read draft for a person to check; nothing is applied yet."""
    return PlanImport.objects.create(
        source_name=source_name[:255],
        source_text=draft.source_text,
        draft=draft.to_dict(),
        created_by=user,
    )


class StaleDraft(Exception):
    """The draft changed since the form was opened (another tab, another admin)."""


def plan_import_save_draft(plan_import: PlanImport, data: dict, *, version: int) -> PlanImport:
    """
    Replace the draft with a corrected one (``data`` is its JSON form),
    refusing a version other than the current one so a stale form cannot
    overwrite newer corrections. Raises ``DraftError`` for a draft that does
    not hold together.
    """
    draft = PlanDraft.from_dict(data)  # validates before anything is written
    with transaction.atomic():
        updated = PlanImport.objects.filter(
            pk=plan_import.pk, version=version, state=ImportState.PENDING
        ).update(draft=draft.to_dict(), version=version + 1, updated_at=timezone.now())
        if not updated:
            raise StaleDraft
    plan_import.refresh_from_db()
    return plan_import


def plan_import_confirm(
    pending: PlanImport, *, user, version: int, activate: bool = False
) -> ImportResult:
    """
    Apply a previewed draft. The import is locked for the duration, so two
    admins confirming at once (on two app servers) apply it once.
    """
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=pending.pk)
        if locked.state == ImportState.APPLIED:
            raise ValidationError(
                _("This import was already applied on %(date)s.")
                % {"date": timezone.localtime(locked.applied_at).strftime("%Y-%m-%d %H:%M")},
                code="applied",
            )
        if locked.state != ImportState.PENDING or locked.version != version:
            raise StaleDraft
        draft = PlanDraft.from_dict(locked.draft)
        draft.source_text = locked.source_text
        # Wait for an import of the same plan running now (its lock on the
        # plan), so that the check below sees what it applied.
        Plan.objects.select_for_update().filter(year=draft.year, title=draft.title).first()
        overtaken = (
            PlanImport.objects.filter(
                state=ImportState.APPLIED,
                plan__year=draft.year,
                plan__title=draft.title,
                applied_at__gt=locked.created_at,
            )
            .exclude(pk=locked.pk)
            .first()
        )
        if overtaken is not None:
            # Two copies of one file confirmed together, or a newer document
            # applied while this one waited: its preview no longer says what
            # applying it would do.
            raise ValidationError(
                _(
                    "%(source)s was applied to this plan on %(date)s, after this draft was "
                    "read: nothing was written. Import the document again to see what it "
                    "would change now."
                )
                % {
                    "source": overtaken.source_name,
                    "date": timezone.localtime(overtaken.applied_at).strftime("%Y-%m-%d %H:%M"),
                },
                code="overtaken",
            )
        result = plan_import(draft, user=user, source_name=locked.source_name, activate=activate)
        locked.state = ImportState.APPLIED
        locked.plan = result.plan
        locked.result = result.to_dict()
        locked.applied_at = timezone.now()
        locked.save(update_fields=["state", "plan", "result", "applied_at", "updated_at"])
    pending.refresh_from_db()
    return result


def plan_import_discard(plan_import: PlanImport) -> None:
    """Drop a draft nobody wants; it stays listed as discarded."""
    PlanImport.objects.filter(pk=plan_import.pk, state=ImportState.PENDING).update(
        state=ImportState.DISCARDED, updated_at=timezone.now()
    )


__all__ = [
    "DraftError",
    "ImportResult",
    "StaleDraft",
    "goal_codes",
    "plan_import",
    "plan_import_confirm",
    "plan_import_create",
    "plan_import_discard",
    "plan_import_save_draft",
    "section_codes",
]
