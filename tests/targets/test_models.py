"""Model constraints and the access rules of the QuerySets."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.choices import Role
from targets.choices import Comparator, OwnerRole, PlanState
from targets.formatting import format_number, format_target
from targets.models import Department, Goal, GoalDepartment, Plan, QuarterlyUpdate
from tests.factories import (
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_goal_code_unique_within_plan_only(plan, department_a):
    GoalFactory(plan=plan, code="1.1.1")
    _violates(lambda: GoalFactory(plan=plan, code="1.1.1"))
    other = PlanFactory(year=2024, title="2024年政府工作报告")
    assert GoalFactory(plan=other, code="1.1.1").pk


def test_only_one_active_plan_per_year(plan):
    _violates(lambda: PlanFactory(year=2023, title="另一份", state=PlanState.ACTIVE))
    assert PlanFactory(year=2023, title="草稿", state=PlanState.DRAFT).pk


def test_update_quarter_outside_1_to_4_refused_by_database(goal_a):
    _violates(lambda: QuarterlyUpdateFactory(goal=goal_a, quarter=5))
    _violates(lambda: QuarterlyUpdateFactory(goal=goal_a, quarter=0))
    assert not QuarterlyUpdate.objects.exists()


def test_update_percent_above_100_refused_by_database(goal_a):
    _violates(lambda: QuarterlyUpdateFactory(goal=goal_a, percent_complete=101))


def test_one_update_per_goal_and_quarter(goal_a):
    QuarterlyUpdateFactory(goal=goal_a, year=2023, quarter=2)
    _violates(lambda: QuarterlyUpdateFactory(goal=goal_a, year=2023, quarter=2))
    assert QuarterlyUpdateFactory(goal=goal_a, year=2023, quarter=3).pk


def test_department_owns_a_goal_once(goal_a, department_a):
    _violates(
        lambda: GoalDepartment.objects.create(
            goal=goal_a, department=department_a, role=OwnerRole.SUPPORT
        )
    )


def test_range_indicator_needs_upper_value_above_target(goal_a):
    _violates(lambda: IndicatorFactory(goal=goal_a, comparator=Comparator.RANGE))
    _violates(
        lambda: IndicatorFactory(
            goal=goal_a,
            comparator=Comparator.RANGE,
            target_value=Decimal("6.5"),
            target_value_max=Decimal("6"),
        )
    )
    _violates(
        lambda: IndicatorFactory(
            goal=goal_a, comparator=Comparator.GTE, target_value_max=Decimal("7")
        )
    )
    indicator = IndicatorFactory(
        goal=goal_a,
        name="地区生产总值增长",
        comparator=Comparator.RANGE,
        target_value=Decimal("6"),
        target_value_max=Decimal("6.5"),
        unit="%",
    )
    assert indicator.target_display == "6–6.5%"


def test_staff_user_needs_a_department(db):
    _violates(lambda: UserFactory(role=Role.STAFF, department=None))
    assert UserFactory(role=Role.SUPERVISOR, department=None).pk


@pytest.mark.parametrize(
    ("comparator", "value", "unit", "expected"),
    [
        (Comparator.EQ, "96", "家", "96家"),
        (Comparator.EQ, "1.1000", "万个", "1.1万个"),
        (Comparator.GTE, "50", "万平方米", "≥ 50万平方米"),
        (Comparator.LTE, "4.5", "%", "≤ 4.5%"),
        (Comparator.APPROX, "10", "名", "≈ 10名"),
        (Comparator.EQ, "3.5", "个百分点", "3.5个百分点"),
    ],
)
def test_target_display(comparator, value, unit, expected):
    indicator = IndicatorFactory.build(
        comparator=comparator, target_value=Decimal(value), unit=unit
    )
    assert format_target(indicator) == expected


def test_format_number_keeps_what_is_not_a_number():
    assert format_number(Decimal("3200.0000")) == "3200"
    assert format_number("abc") == "abc"
    assert format_number(None) == ""


class TestVisibility:
    def test_staff_see_goals_their_department_leads_or_supports(
        self, plan, staff_a, department_a, department_b
    ):
        led = GoalFactory(plan=plan, leads=[department_a])
        supported = GoalFactory(plan=plan, leads=[department_b], supports=[department_a])
        other = GoalFactory(plan=plan, leads=[department_b])
        visible = set(Goal.objects.visible_to(staff_a))
        assert visible == {led, supported}
        assert other not in visible

    def test_staff_report_only_on_goals_their_department_leads(
        self, plan, staff_a, department_a, department_b
    ):
        led = GoalFactory(plan=plan, leads=[department_a])
        GoalFactory(plan=plan, leads=[department_b], supports=[department_a])
        assert list(Goal.objects.reportable_by(staff_a)) == [led]

    def test_nobody_reports_on_archived_goals_or_draft_plans(self, staff_a, department_a):
        active = PlanFactory(year=2023, title="正式")
        draft = PlanFactory(year=2023, title="草稿", state=PlanState.DRAFT)
        GoalFactory(plan=active, leads=[department_a], archived=True)
        GoalFactory(plan=draft, leads=[department_a])
        assert not Goal.objects.reportable_by(staff_a).exists()

    def test_draft_plans_are_for_admins_only(self, staff_a, leader, admin, department_a):
        draft = PlanFactory(year=2024, title="草稿", state=PlanState.DRAFT)
        goal = GoalFactory(plan=draft, leads=[department_a])
        assert not Goal.objects.visible_to(staff_a).exists()
        assert not Goal.objects.visible_to(leader).exists()
        assert list(Goal.objects.visible_to(admin)) == [goal]
        assert draft not in Plan.objects.visible_to(leader)

    @pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LEADER, Role.ADMIN])
    def test_supervisors_leaders_and_admins_see_everything(
        self, role, plan, department_a, department_b
    ):
        user = UserFactory(role=role, department=None)
        goals = {
            GoalFactory(plan=plan, leads=[department_a]),
            GoalFactory(plan=plan, leads=[department_b]),
        }
        assert set(Goal.objects.visible_to(user)) == goals
        assert set(Department.objects.visible_to(user)) == {department_a, department_b}
        assert not Goal.objects.reportable_by(user).exists()

    def test_staff_see_only_their_own_department(self, staff_a, department_a, department_b):
        assert list(Department.objects.visible_to(staff_a)) == [department_a]

    def test_updates_follow_their_goals(self, plan, staff_a, staff_b, department_a):
        update = QuarterlyUpdateFactory(goal=GoalFactory(plan=plan, leads=[department_a]))
        assert list(QuarterlyUpdate.objects.visible_to(staff_a)) == [update]
        assert list(QuarterlyUpdate.objects.editable_by(staff_a)) == [update]
        assert not QuarterlyUpdate.objects.visible_to(staff_b).exists()
        assert not QuarterlyUpdate.objects.editable_by(staff_b).exists()


def test_goal_changes_are_recorded_in_history(goal_a):
    goal_a.title = "净增高新技术企业"
    goal_a.save()
    assert [h.title for h in goal_a.history.order_by("history_date")] == [
        "净增高企",
        "净增高新技术企业",
    ]
