"""
What a proposed rename, merge or split would do, read from the database as
it is now, and the problems that keep it from being applied.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from ...choices import OwnerRole, ReorganisationKind
from ...models import Department, DepartmentAlias, GoalDepartment, Reorganisation
from ..departments import DepartmentDirectory
from .proposals import (
    LIST_SEPARATOR,
    SUMMARY_LENGTH,
    AccountMove,
    AliasChange,
    GoalChange,
    NewUnit,
    Owner,
    OwnerRow,
    Preview,
    Proposal,
    UnitChange,
    unit_key,
    unit_label,
)

# -- the preview ----------------------------------------------------------------------------------


def reorganisation_preview(proposal: Proposal) -> Preview:
    """
    What ``proposal`` would do, read from the database as it is now: the
    departments before and after, every goal whose owners change (with its
    owners before and after), every account that changes department, the
    names that will be recognised as another unit's, and the problems that
    keep it from being applied (each in words; none when it can be).
    """
    planners = {
        ReorganisationKind.RENAME: _rename,
        ReorganisationKind.MERGE: _merge,
        ReorganisationKind.SPLIT: _split,
    }
    preview = planners[proposal.kind](proposal, DepartmentDirectory())
    preview.problems[:0] = _general_problems(proposal)
    preview.summary = preview.summary[:SUMMARY_LENGTH]
    return preview


def _general_problems(proposal: Proposal) -> list[str]:
    problems = []
    if not proposal.reason.strip():
        problems.append(_("Give the reason for the reorganisation."))
    if proposal.effective_on > timezone.localdate():
        problems.append(
            _(
                "A reorganisation is recorded once it has taken effect: "
                "the date cannot be after today."
            )
        )
    latest = Reorganisation.objects.order_by("-effective_on").values_list("effective_on", flat=True)
    latest = latest.first()
    if latest is not None and proposal.effective_on < latest:
        # What each keeps is the state just before it: recorded out of order, an
        # earlier one would keep what a later one made.
        problems.append(
            _(
                "Reorganisations are recorded in the order they took effect: the latest took "
                "effect on %(date)s, so this one cannot take effect before it."
            )
            % {"date": latest.isoformat()}
        )
    return problems


def _inactive_problems(departments) -> list[str]:
    return [
        _("%(department)s is archived: it can no longer be reorganised.") % {"department": d}
        for d in departments
        if not d.active
    ]


def _name_problems(
    name: str, short_name: str, directory: DepartmentDirectory, *, allowed: set[int], own=None
) -> list[str]:
    """
    Why a unit cannot take these names: none given, or another department
    already goes by one of them (its name, short name or an alias, as imports
    match names). ``allowed``: departments that may share a name in the
    directory; ``own``: the department keeping its row (a rename).
    """
    if not name.strip():
        return [_("Give the new unit's name.")]
    problems = []
    taken = Department.objects.filter(name=name)
    if own is not None:
        taken = taken.exclude(pk=own.pk)
    if taken.exists():
        problems.append(_("%(name)s is already a department's name.") % {"name": name})
        return problems
    for each in (name, short_name):
        found = directory.find(each) if each else None
        if found is not None and found.pk not in allowed:
            problems.append(
                _("%(name)s is already a name of %(department)s.")
                % {"name": each, "department": found.name}
            )
    return problems


def _code_problems(unit: NewUnit) -> list[str]:
    if unit.code and Department.objects.filter(code=unit.code).exists():
        return [_("The code %(code)s is already used by a department.") % {"code": unit.code}]
    return []


def _unchanged(department: Department, *, active_after: bool = True) -> UnitChange:
    return UnitChange(
        key=unit_key(department),
        department=department,
        new=None,
        name_before=department.name,
        short_name_before=department.short_name,
        active_before=department.active,
        name_after=department.name,
        short_name_after=department.short_name,
        active_after=active_after,
    )


def _created(unit: NewUnit) -> UnitChange:
    return UnitChange(
        key=unit_key(unit),
        department=None,
        new=unit,
        name_before="",
        short_name_before="",
        active_before=False,
        name_after=unit.name,
        short_name_after=unit.short_name,
        active_after=True,
    )


# -- renaming ----------------------------------------------------------------------------------


def _rename(proposal: Proposal, directory: DepartmentDirectory) -> Preview:
    department = proposal.department
    name, short_name = proposal.name.strip(), proposal.short_name.strip()
    change = _unchanged(department)
    change.name_after, change.short_name_after = name, short_name
    preview = Preview(proposal, f"{change.label_before} → {change.label_after}", units=[change])
    preview.problems += _inactive_problems([department])
    preview.problems += _name_problems(
        name, short_name, directory, allowed={department.pk}, own=department
    )
    if (name, short_name) == (department.name, department.short_name):
        preview.problems.append(_("The new names are the department's present ones."))
    # Its old names stay recognised, so that documents written before still match it.
    present = set(DepartmentAlias.objects.values_list("alias", flat=True))
    for old in dict.fromkeys((department.name, department.short_name)):
        if old and old not in (name, short_name) and old not in present:
            preview.aliases.append(AliasChange(old, change.key, change.label_after))
    return preview


# -- merging -----------------------------------------------------------------------------------


def _merge(proposal: Proposal, directory: DepartmentDirectory) -> Preview:
    sources = list({d.pk: d for d in proposal.sources}.values())
    into = proposal.into
    problems = []
    if len(sources) < 2:
        problems.append(_("Choose two or more departments to merge."))
    problems += _inactive_problems(sources)
    allowed = {d.pk for d in sources}
    if isinstance(into, NewUnit):
        problems += _name_problems(into.name, into.short_name, directory, allowed=allowed)
        problems += _code_problems(into)
        target = _created(into)
    elif into is not None and into.pk in allowed:
        target = _unchanged(into)
    else:
        problems.append(_("Choose what the departments merge into: one of them or a new unit."))
        target = None
    if target is None:
        return Preview(proposal, "", problems=problems)
    moving = [d for d in sources if unit_key(d) != target.key]
    labels = {target.key: target.label_after}
    summary = f"{LIST_SEPARATOR.join(str(d) for d in sources)} → {target.label_after}"
    preview = Preview(proposal, summary, problems=problems)
    preview.units = [_unchanged(d, active_after=False) for d in moving] + [target]
    mapping = {f"d{d.pk}": target.key for d in moving}
    preview.goals = _goal_changes(moving, lambda goal_id: mapping, labels)
    preview.accounts = [
        AccountMove(user, target.key, target.label_after) for user in _accounts_of(moving)
    ]
    preview.aliases = _merged_aliases(moving, target)
    return preview


def _merged_aliases(moving: list[Department], target: UnitChange) -> list[AliasChange]:
    """
    The names of the units merged away, and their aliases, become the merged
    unit's: documents that name 区科技局 after the merge mean the new unit.
    """
    taken = {target.name_after, target.short_name_after}
    present = {a.alias: a for a in DepartmentAlias.objects.filter(department__in=moving)}
    others = set(
        DepartmentAlias.objects.exclude(department__in=moving).values_list("alias", flat=True)
    )
    changes = []
    for department in moving:
        names = [department.name, department.short_name]
        names += [a for a, row in present.items() if row.department_id == department.pk]
        for name in names:
            if not name or name in taken or name in others:
                continue
            taken.add(name)
            changes.append(AliasChange(name, target.key, target.label_after, present.get(name)))
    return changes


# -- splitting ---------------------------------------------------------------------------------


def _split(proposal: Proposal, directory: DepartmentDirectory) -> Preview:
    department, parts = proposal.department, proposal.parts
    problems = _inactive_problems([department, *(p for p in parts if isinstance(p, Department))])
    keys = [unit_key(part) for part in parts]
    if len(parts) < 2:
        problems.append(_("Name two or more units the department splits into."))
    if len(set(keys)) != len(keys):
        problems.append(_("Each unit the department splits into is named once."))
    changes = []
    for part in parts:
        if isinstance(part, NewUnit):
            problems += _name_problems(
                part.name, part.short_name, directory, allowed={department.pk}
            )
            problems += _code_problems(part)
            changes.append(_created(part))
        elif part.pk != department.pk:
            changes.append(_unchanged(part))
    stays = unit_key(department) in keys
    source = _unchanged(department, active_after=stays)
    labels = {key: unit_label(part) for key, part in zip(keys, parts, strict=True)}
    summary = f"{source.label_before} → {LIST_SEPARATOR.join(labels.values())}"
    preview = Preview(proposal, summary, units=[source, *changes], problems=problems)
    if not parts:
        return preview

    def part_of(pk, chosen):
        index = chosen.get(pk, 0)
        return index if 0 <= index < len(parts) else 0

    own = unit_key(department)
    preview.goals = _goal_changes(
        [department],
        lambda goal_id: {own: keys[part_of(goal_id, proposal.goal_parts)]},
        labels,
        keep_unchanged=True,
    )
    for change in preview.goals:
        change.part = part_of(change.goal.pk, proposal.goal_parts)
    for user in _accounts_of([department]):
        index = part_of(user.pk, proposal.account_parts)
        preview.accounts.append(AccountMove(user, keys[index], labels[keys[index]], index))
    return preview


# -- goals and accounts ---------------------------------------------------------------------------


def _goal_changes(moving, mapping_of, labels: dict, *, keep_unchanged: bool = False):
    """
    The goals any of ``moving`` owns, each with its owners before and what
    becomes of each owner row: ``mapping_of(goal_id)`` says which unit takes
    each moving department's place. Two owners that become one unit become one
    owner, in the earlier one's place, leading if either led. Two queries.
    """
    links = (
        GoalDepartment.objects.filter(
            goal__in=GoalDepartment.objects.filter(department__in=moving).values("goal_id")
        )
        .select_related("department", "goal__plan")
        .order_by("-goal__plan__year", "goal__plan_id", "goal__order", "goal_id", "order", "pk")
    )
    by_goal = defaultdict(list)
    for link in links:
        by_goal[link.goal_id].append(link)
    changes = []
    for goal_links in by_goal.values():
        goal = goal_links[0].goal
        names = {f"d{link.department_id}": str(link.department) for link in goal_links}
        change = GoalChange(
            goal=goal,
            before=[
                Owner(f"d{link.department_id}", str(link.department), link.role, link.order)
                for link in goal_links
            ],
            rows=_owner_rows(goal_links, mapping_of(goal.pk)),
            labels={**names, **labels},
        )
        if keep_unchanged or change.changed:
            changes.append(change)
    return changes


def _owner_rows(links: list[GoalDepartment], mapping: dict[str, str]) -> list[OwnerRow]:
    # Owners that stay first, so that a unit that already owned the goal keeps its row.
    rows = [OwnerRow(link, f"d{link.department_id}", link.role) for link in links]
    kept = {row.key: row for row in rows if mapping.get(row.key, row.key) == row.key}
    for row in rows:
        target = mapping.get(row.key, row.key)
        if target == row.key:
            continue
        if target in kept:
            row.delete = True
            if row.role == OwnerRole.LEAD:
                kept[target].role = OwnerRole.LEAD
        else:
            row.key = target
            kept[target] = row
    return rows


def _accounts_of(departments) -> list:
    """Every account of ``departments``, disabled ones too: none is left in an archived unit."""
    return list(
        get_user_model()
        .objects.filter(department__in=departments)
        .select_related("department")
        .order_by("department__order", "username")
    )
