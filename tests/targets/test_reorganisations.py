"""
Reorganisations (机构改革): a department renamed, two merged into one, one split
goal by goal. What moves (goals' owners, accounts, names), what stays (the
old units, archived), and the bulletin and pages of an earlier quarter naming
the units as they were; the preview, its refusals, atomicity and who may.
"""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import AuditAction, Role
from accounts.models import AuditEntry
from targets.choices import OwnerRole, ReorganisationKind, ReviewState, UpdateStatus
from targets.models import (
    Department,
    DepartmentAlias,
    Goal,
    GoalDepartment,
    Reorganisation,
    ReorganisationOwner,
)
from targets.periods import Quarter
from targets.selectors.bulletin import bulletin_data
from targets.selectors.departments import DepartmentDirectory
from targets.selectors.organisation import departments_standing, owner_links_as_of
from targets.selectors.reorganisations import NewUnit, Proposal, reorganisation_preview
from targets.services.reorganisations import reorganisation_apply
from tests.factories import DepartmentFactory, GoalFactory, QuarterlyUpdateFactory, UserFactory
from tests.security.world import changed_tables, snapshot

pytestmark = pytest.mark.django_db

Q3, Q4 = Quarter(2023, 3), Quarter(2023, 4)
EFFECTIVE = datetime.date(2023, 10, 1)  # the first day of Q4: Q3 is before it
REASON = "区委机构改革方案（洪发〔2023〕12号）。"
MERGED = NewUnit("洪山区科技和经济信息化局", "区科技经信局")


@pytest.fixture
def department_e(db):
    return DepartmentFactory(name="洪山区经济和信息化局", short_name="区经信局", code="jxj")


@pytest.fixture
def staff_e(department_e):
    return UserFactory(username="staff_e", department=department_e, role=Role.STAFF)


@pytest.fixture
def goals(plan, department_a, department_b, department_e):
    """
    1.1 led by B (区科技局) and supported by E (区经信局); 1.2 led by E; 1.3 led
    by A (区发改局) and supported by B; 1.4 led by B, behind in Q3. Each
    reported for Q3 and was approved.
    """
    g = {
        "1.1": GoalFactory(
            plan=plan, code="1.1", title="净增高企", leads=[department_b], supports=[department_e]
        ),
        "1.2": GoalFactory(plan=plan, code="1.2", title="数字经济", leads=[department_e]),
        "1.3": GoalFactory(
            plan=plan, code="1.3", title="项目投资", leads=[department_a], supports=[department_b]
        ),
        "1.4": GoalFactory(plan=plan, code="1.4", title="孵化器", leads=[department_b]),
    }
    for code, goal in g.items():
        behind = code == "1.4"
        QuarterlyUpdateFactory(
            goal=goal,
            quarter=3,
            status=UpdateStatus.BEHIND if behind else UpdateStatus.ON_TRACK,
            percent_complete=20 if behind else 75,
            problems="用地未落实" if behind else "",
            review_state=ReviewState.APPROVED,
        )
    return g


def owners(goal) -> list[tuple[str, str]]:
    return [
        (str(link.department), link.role)
        for link in GoalDepartment.objects.filter(goal=goal).select_related("department")
    ]


def apply(proposal: Proposal, user):
    """Preview ``proposal``, check it can be applied, and apply it as shown."""
    preview = reorganisation_preview(proposal)
    assert preview.problems == []
    return reorganisation_apply(proposal, user=user, digest=preview.digest)


def merge(department_b, department_e, into=MERGED, **fields) -> Proposal:
    fields = {"effective_on": EFFECTIVE, "reason": REASON, **fields}
    return Proposal(
        kind=ReorganisationKind.MERGE, sources=[department_b, department_e], into=into, **fields
    )


def rename(department, name, short_name, **fields) -> Proposal:
    fields = {"effective_on": EFFECTIVE, "reason": REASON, **fields}
    return Proposal(
        kind=ReorganisationKind.RENAME,
        department=department,
        name=name,
        short_name=short_name,
        **fields,
    )


def split(department, parts, goal_parts=None, account_parts=None, **fields) -> Proposal:
    fields = {"effective_on": EFFECTIVE, "reason": REASON, **fields}
    return Proposal(
        kind=ReorganisationKind.SPLIT,
        department=department,
        parts=parts,
        goal_parts=goal_parts or {},
        account_parts=account_parts or {},
        **fields,
    )


def bulletin_names(plan, period, user) -> dict:
    """The department names the bulletin is given: its table, red goals and late list."""
    bulletin = bulletin_data(plan, period, user=user, issued_on=datetime.date(2024, 1, 8))
    return {
        "table": [row.name for row in bulletin.departments],
        "red": {goal.code: goal.departments for goal in bulletin.red_goals},
        "late": {row.name: row.missing + row.late for row in bulletin.late_departments},
    }


# -- merging -----------------------------------------------------------------------------------


def test_merge_moves_goals_and_accounts_and_archives_the_old_units(
    goals, admin, department_a, department_b, department_e, staff_b, staff_e
):
    record = apply(merge(department_b, department_e), admin)

    merged = Department.objects.get(name="洪山区科技和经济信息化局")
    assert (merged.short_name, merged.active) == ("区科技经信局", True)
    # The goal B led and E supported has one owner now, leading.
    assert owners(goals["1.1"]) == [("区科技经信局", OwnerRole.LEAD)]
    assert owners(goals["1.2"]) == [("区科技经信局", OwnerRole.LEAD)]
    assert owners(goals["1.3"]) == [("区发改局", OwnerRole.LEAD), ("区科技经信局", "support")]
    assert owners(goals["1.4"]) == [("区科技经信局", OwnerRole.LEAD)]
    # Its updates came with the goals: they belong to goals, which did not move.
    assert goals["1.1"].updates.count() == 1
    staff_b.refresh_from_db()
    staff_e.refresh_from_db()
    assert staff_b.department == staff_e.department == merged
    department_b.refresh_from_db()
    department_e.refresh_from_db()
    assert (department_b.active, department_e.active) == (False, False)
    assert (department_b.name, department_e.name) == ("洪山区科学技术局", "洪山区经济和信息化局")
    # The record: who, when, why, what.
    assert (record.kind, record.effective_on, record.reason) == ("merge", EFFECTIVE, REASON)
    assert record.performed_by == admin
    assert record.summary == "区科技局、区经信局 → 区科技经信局"
    assert ReorganisationOwner.objects.filter(reorganisation=record).count() == 6


def test_merge_keeps_history_and_moves_goal_versions_on(goals, admin, department_b, department_e):
    version = goals["1.1"].version
    apply(merge(department_b, department_e), admin)
    goals["1.1"].refresh_from_db()
    assert goals["1.1"].version == version + 1
    changes = GoalDepartment.history.filter(goal_id=goals["1.1"].pk, history_user=admin)
    assert sorted(changes.values_list("history_type", flat=True)) == ["-", "~"]
    assert set(changes.values_list("history_change_reason", flat=True)) == {
        "reorganisation: 区科技局、区经信局 → 区科技经信局"
    }


def test_merge_records_each_account_moved_in_the_audit_log(
    goals, admin, department_b, department_e, staff_b, staff_e
):
    apply(merge(department_b, department_e), admin)
    entries = AuditEntry.objects.filter(action=AuditAction.DEPARTMENT_CHANGED).order_by("target")
    assert [(e.target, e.details["department"]) for e in entries] == [
        ("staff_b", ["洪山区科学技术局", "洪山区科技和经济信息化局"]),
        ("staff_e", ["洪山区经济和信息化局", "洪山区科技和经济信息化局"]),
    ]


def test_merge_bulletin_of_an_earlier_quarter_names_the_old_units(
    goals, admin, supervisor, plan, department_b, department_e
):
    before = bulletin_names(plan, Q3, supervisor)
    apply(merge(department_b, department_e), admin)

    assert bulletin_names(plan, Q3, supervisor) == before
    assert before["table"] == ["区发改局", "区科技局", "区经信局"]
    assert before["red"] == {"1.4": ["区科技局"]}
    # The quarter of the merge and after: the merged unit.
    after = bulletin_names(plan, Q4, supervisor)
    assert after["table"] == ["区发改局", "区科技经信局"]
    assert after["red"] == {"1.4": ["区科技经信局"]}


def test_merge_into_one_of_the_departments(goals, admin, department_b, department_e, staff_e):
    apply(merge(department_b, department_e, into=department_b), admin)
    department_b.refresh_from_db()
    department_e.refresh_from_db()
    assert (department_b.active, department_e.active) == (True, False)
    assert owners(goals["1.1"]) == [("区科技局", OwnerRole.LEAD)]
    assert owners(goals["1.2"]) == [("区科技局", OwnerRole.LEAD)]
    staff_e.refresh_from_db()
    assert staff_e.department == department_b
    # E's names now mean B in documents; its own row keeps them for the quarters before.
    directory = DepartmentDirectory()
    assert directory.find("区经信局") == department_b
    assert directory.find("洪山区经济和信息化局") == department_b


def test_merge_keeps_the_old_names_recognised(goals, admin, department_b, department_e):
    DepartmentAlias.objects.create(department=department_b, alias="科技局")
    apply(merge(department_b, department_e), admin)
    merged = Department.objects.get(short_name="区科技经信局")
    assert set(merged.aliases.values_list("alias", flat=True)) == {
        "洪山区科学技术局",
        "区科技局",
        "科技局",
        "洪山区经济和信息化局",
        "区经信局",
    }
    assert DepartmentDirectory().find("区科技局") == merged


def test_pages_after_a_merge_rank_units_as_they_stood(
    goals, admin, department_a, department_b, department_e
):
    apply(merge(department_b, department_e), admin)
    merged = Department.objects.get(short_name="区科技经信局")
    standing = departments_standing(Department.objects.all(), Q3.last_day)
    assert [(d.label_then, d.standing_then) for d in standing] == [
        ("区发改局", True),
        ("区科技局", True),
        ("区经信局", True),
    ]
    assert [d.label_then for d in departments_standing(Department.objects.all(), Q4.last_day)] == [
        "区发改局",
        "区科技经信局",
    ]
    links = owner_links_as_of(Goal.objects.all(), Q3.last_day)
    assert [(goal, name, role) for goal, _pk, role, name in links] == [
        (goals["1.1"].pk, "区科技局", "lead"),
        (goals["1.1"].pk, "区经信局", "support"),
        (goals["1.2"].pk, "区经信局", "lead"),
        (goals["1.3"].pk, "区发改局", "lead"),
        (goals["1.3"].pk, "区科技局", "support"),
        (goals["1.4"].pk, "区科技局", "lead"),
    ]
    assert merged.pk not in {pk for _goal, pk, _role, _name in links}


# -- renaming ----------------------------------------------------------------------------------


def test_rename_bulletin_of_an_earlier_quarter_names_the_old_name(
    goals, admin, supervisor, plan, department_b
):
    apply(rename(department_b, "洪山区科学技术和人才局", "区科技人才局"), admin)

    department_b.refresh_from_db()
    assert (department_b.name, department_b.short_name) == (
        "洪山区科学技术和人才局",
        "区科技人才局",
    )
    assert bulletin_names(plan, Q3, supervisor)["table"] == ["区发改局", "区科技局", "区经信局"]
    assert bulletin_names(plan, Q3, supervisor)["red"] == {"1.4": ["区科技局"]}
    assert bulletin_names(plan, Q4, supervisor)["table"] == ["区发改局", "区科技人才局", "区经信局"]
    # Nothing moved: the goals and accounts stay with the department.
    assert owners(goals["1.4"]) == [("区科技人才局", OwnerRole.LEAD)]


def test_rename_keeps_the_old_names_for_imports(goals, admin, department_b):
    apply(rename(department_b, "洪山区科学技术和人才局", "区科技人才局"), admin)
    assert set(department_b.aliases.values_list("alias", flat=True)) == {
        "洪山区科学技术局",
        "区科技局",
    }
    directory = DepartmentDirectory()
    assert directory.find("区科技局") == department_b
    assert directory.find("洪山区科学技术局") == department_b
    assert directory.find("区科技人才局") == department_b


def test_rename_after_a_merge_each_quarter_names_its_own(
    goals, admin, supervisor, plan, department_b, department_e
):
    apply(merge(department_b, department_e, effective_on=datetime.date(2023, 7, 1)), admin)
    merged = Department.objects.get(short_name="区科技经信局")
    apply(rename(merged, "洪山区科技创新局", "区科创局"), admin)
    # Q2: before both; Q3: after the merge, before the rename; Q4: after both.
    q2 = bulletin_names(plan, Quarter(2023, 2), supervisor)["table"]
    assert q2 == ["区发改局", "区科技局", "区经信局"]
    assert bulletin_names(plan, Q3, supervisor)["table"] == ["区发改局", "区科技经信局"]
    assert bulletin_names(plan, Q4, supervisor)["table"] == ["区发改局", "区科创局"]


# -- splitting ---------------------------------------------------------------------------------


def test_split_goal_by_goal(goals, admin, supervisor, plan, department_b, staff_b):
    colleague = UserFactory(username="staff_b2", department=department_b, role=Role.STAFF)
    data = NewUnit("洪山区数据局", "区数据局")
    talent = NewUnit("洪山区人才局", "区人才局")
    proposal = split(
        department_b,
        [data, talent],
        goal_parts={goals["1.4"].pk: 1, goals["1.3"].pk: 1},
        account_parts={colleague.pk: 1},
    )
    apply(proposal, admin)

    assert owners(goals["1.1"]) == [("区数据局", OwnerRole.LEAD), ("区经信局", "support")]
    assert owners(goals["1.3"]) == [("区发改局", OwnerRole.LEAD), ("区人才局", "support")]
    assert owners(goals["1.4"]) == [("区人才局", OwnerRole.LEAD)]
    staff_b.refresh_from_db()
    colleague.refresh_from_db()
    assert (str(staff_b.department), str(colleague.department)) == ("区数据局", "区人才局")
    department_b.refresh_from_db()
    assert department_b.active is False
    # Q3 still names the unit that reported; Q4 the unit each goal went to.
    assert bulletin_names(plan, Q3, supervisor)["red"] == {"1.4": ["区科技局"]}
    assert bulletin_names(plan, Q3, supervisor)["table"] == ["区发改局", "区科技局", "区经信局"]
    assert bulletin_names(plan, Q4, supervisor)["red"] == {"1.4": ["区人才局"]}


def test_split_keeping_the_department(goals, admin, department_b, staff_b):
    data = NewUnit("洪山区数据局", "区数据局")
    apply(split(department_b, [department_b, data], goal_parts={goals["1.1"].pk: 1}), admin)
    department_b.refresh_from_db()
    assert department_b.active is True
    assert owners(goals["1.1"]) == [("区数据局", OwnerRole.LEAD), ("区经信局", "support")]
    assert owners(goals["1.4"]) == [("区科技局", OwnerRole.LEAD)]
    staff_b.refresh_from_db()
    assert staff_b.department == department_b
    # Only the goal that moved keeps its owners of before.
    assert set(ReorganisationOwner.objects.values_list("goal_id", flat=True)) == {goals["1.1"].pk}


def test_split_preview_lists_every_goal_and_account_with_its_part(
    goals, department_b, department_a, staff_b
):
    preview = reorganisation_preview(
        split(department_b, [department_a, NewUnit("洪山区数据局", "区数据局")])
    )
    assert [(change.goal.code, change.part) for change in preview.goals] == [
        ("1.1", 0),
        ("1.3", 0),
        ("1.4", 0),
    ]
    # Into A, which already leads 1.3: B's supporting row goes, A keeps leading.
    assert [(o.label, o.role) for o in preview.goals[1].after] == [("区发改局", "lead")]
    assert [(move.user, move.label) for move in preview.accounts] == [(staff_b, "区发改局")]


# -- the preview -------------------------------------------------------------------------------


def test_preview_writes_nothing(goals, department_b, department_e, staff_b):
    before = snapshot()
    preview = reorganisation_preview(merge(department_b, department_e))
    assert changed_tables(before, snapshot()) == []
    assert [(u.label_before, u.label_after, u.active_after) for u in preview.units] == [
        ("区科技局", "区科技局", False),
        ("区经信局", "区经信局", False),
        ("", "区科技经信局", True),
    ]
    assert [c.goal.code for c in preview.changed_goals] == ["1.1", "1.2", "1.3", "1.4"]
    assert [(m.user, m.label) for m in preview.accounts] == [(staff_b, "区科技经信局")]


@pytest.mark.parametrize(
    ("proposal", "problem"),
    [
        (
            lambda d: rename(d["b"], "洪山区发展和改革局", ""),
            "“洪山区发展和改革局”已是某个单位的名称。",
        ),
        (
            lambda d: rename(d["b"], "洪山区科学技术局", "区科技局"),
            "新名称与该单位现有名称相同。",
        ),
        (
            lambda d: rename(d["b"], "洪山区科技局", "区发改局"),
            "“区发改局”已是洪山区发展和改革局的名称或别名。",
        ),
        (
            lambda d: merge(d["b"], d["b"]),
            "请选择两个或以上要合并的单位。",
        ),
        (
            lambda d: merge(d["b"], d["e"], into=NewUnit("洪山区经济和信息化局")),
            "“洪山区经济和信息化局”已是某个单位的名称。",
        ),
        (
            lambda d: merge(d["b"], d["e"], into=NewUnit("洪山区新局", code="fgj")),
            "编码fgj已被其他单位使用。",
        ),
        (
            lambda d: merge(d["b"], d["e"], effective_on=datetime.date(2999, 1, 1)),
            "机构调整应在生效后登记：生效日期不能晚于今天。",
        ),
        (lambda d: merge(d["b"], d["e"], reason="  "), "请填写机构调整的原因。"),
        (
            lambda d: split(d["b"], [NewUnit("洪山区数据局")]),
            "请填写或选择拆分后的两个或以上单位。",
        ),
        (
            lambda d: split(d["b"], [NewUnit("洪山区数据局"), NewUnit("洪山区数据局")]),
            "拆分后的每个单位只能列出一次。",
        ),
    ],
    ids=[
        "rename-taken-name",
        "rename-same",
        "rename-taken-short-name",
        "merge-one",
        "merge-taken-name",
        "merge-taken-code",
        "future",
        "no-reason",
        "split-one-part",
        "split-twice-the-same",
    ],
)
def test_preview_refuses_with_a_reason(
    goals, admin, department_a, department_b, department_e, proposal, problem
):
    departments = {"a": department_a, "b": department_b, "e": department_e}
    proposal = proposal(departments)
    preview = reorganisation_preview(proposal)
    assert problem in preview.problems
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        reorganisation_apply(proposal, user=admin, digest=preview.digest)
    assert problem in error.value.messages
    assert changed_tables(before, snapshot()) == []


def test_reorganisations_are_recorded_in_the_order_they_took_effect(
    goals, admin, department_a, department_b, department_e
):
    apply(rename(department_a, "洪山区发展改革委员会", "区发改委"), admin)
    preview = reorganisation_preview(
        merge(department_b, department_e, effective_on=datetime.date(2023, 9, 30))
    )
    assert preview.problems == [
        "机构调整须按生效先后登记：最近一次于2023-10-01生效，本次生效日期不能早于该日。"
    ]


def test_an_archived_department_cannot_be_reorganised(goals, admin, department_b, department_e):
    apply(merge(department_b, department_e), admin)
    department_b.refresh_from_db()
    preview = reorganisation_preview(rename(department_b, "洪山区科学技术局二", ""))
    assert "区科技局已归档，不能再调整。" in preview.problems


# -- all or nothing ------------------------------------------------------------------------------


def test_apply_refuses_what_changed_since_the_preview(
    goals, admin, department_a, department_b, department_e
):
    proposal = merge(department_b, department_e)
    preview = reorganisation_preview(proposal)
    # Meanwhile an administrator makes A a supporting owner of 1.2.
    GoalDepartment.objects.create(goal=goals["1.2"], department=department_a, role="support")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        reorganisation_apply(proposal, user=admin, digest=preview.digest)
    assert error.value.code == "stale"
    assert changed_tables(before, snapshot()) == []


def test_a_failure_midway_changes_nothing(goals, admin, department_b, department_e, staff_b):
    UserFactory(username="staff_e", department=department_e, role=Role.STAFF)
    proposal = merge(department_b, department_e)
    preview = reorganisation_preview(proposal)
    before = snapshot()
    calls = []

    def fail_on_the_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")

    # The last step (the second account's audit entry) fails, after the units,
    # the record, the owners and the first account were written.
    with (
        mock.patch("accounts.audit.record_account_changes", side_effect=fail_on_the_second),
        pytest.raises(RuntimeError),
    ):
        reorganisation_apply(proposal, user=admin, digest=preview.digest)
    assert len(calls) == 2
    assert changed_tables(before, snapshot()) == []
    assert not Reorganisation.objects.exists()


def test_only_administrators_reorganise(goals, supervisor, department_b, department_e):
    proposal = merge(department_b, department_e)
    preview = reorganisation_preview(proposal)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        reorganisation_apply(proposal, user=supervisor, digest=preview.digest)
    assert changed_tables(before, snapshot()) == []
