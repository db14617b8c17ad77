"""
Which rows a user sees: every model a user can reach has a ``visible_to``,
and each follows the row it belongs to — its goal (department staff see the
goals their department leads or supports), its update, or its plan (a draft
plan is an administrator's only). Anonymous visitors see nothing.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from targets.choices import PlanState
from targets.models import (
    Department,
    Goal,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Leader,
    Plan,
    PlanImport,
    QuarterlyUpdate,
    ReminderLog,
    Reorganisation,
    ReorganisationOwner,
    ReorganisationUnit,
    ReportingPeriod,
    Section,
    UpdateAttachment,
    UpdateEvent,
)
from tests.factories import (
    GoalCommentFactory,
    GoalFactory,
    GoalMilestoneFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    LeaderFactory,
    PlanFactory,
    PlanImportFactory,
    QuarterlyUpdateFactory,
    ReminderLogFactory,
    ReorganisationFactory,
    ReorganisationOwnerFactory,
    ReorganisationUnitFactory,
    ReportingPeriodFactory,
    SectionFactory,
    UpdateAttachmentFactory,
    UpdateEventFactory,
)

pytestmark = pytest.mark.django_db


def _goal_rows(goal):
    """One row of each goal-scoped model, belonging to ``goal``."""
    update = QuarterlyUpdateFactory(goal=goal)
    indicator = goal.indicators.first() or IndicatorFactory(goal=goal)
    return {
        Goal: goal,
        GoalDepartment: goal.assignments.first(),
        Indicator: indicator,
        GoalMilestone: GoalMilestoneFactory(goal=goal),
        GoalComment: GoalCommentFactory(goal=goal),
        ReminderLog: ReminderLogFactory(goal=goal, department=goal.departments.first()),
        QuarterlyUpdate: update,
        IndicatorActual: IndicatorActualFactory(update=update, indicator=indicator),
        UpdateEvent: UpdateEventFactory(update=update),
        UpdateAttachment: UpdateAttachmentFactory(update=update),
    }


@pytest.fixture
def two_sides(plan, department_a, department_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the attachment's file
    goal_a = GoalFactory(plan=plan, leads=[department_a])
    goal_b = GoalFactory(plan=plan, leads=[department_b])
    return _goal_rows(goal_a), _goal_rows(goal_b)


GOAL_SCOPED = [
    Goal,
    GoalDepartment,
    Indicator,
    GoalMilestone,
    GoalComment,
    ReminderLog,
    QuarterlyUpdate,
    IndicatorActual,
    UpdateEvent,
    UpdateAttachment,
]


@pytest.mark.parametrize("model", GOAL_SCOPED, ids=lambda m: m.__name__)
def test_staff_see_their_departments_rows_only(model, two_sides, staff_a, staff_b):
    side_a, side_b = two_sides
    for user, own, other in ((staff_a, side_a, side_b), (staff_b, side_b, side_a)):
        visible = model.objects.visible_to(user)
        assert visible.filter(pk=own[model].pk).exists()
        assert not visible.filter(pk=other[model].pk).exists()


@pytest.mark.parametrize("model", GOAL_SCOPED, ids=lambda m: m.__name__)
def test_the_office_and_leaders_see_every_departments_rows(
    model, two_sides, supervisor, leader, admin
):
    pks = {side[model].pk for side in two_sides}
    for user in (supervisor, leader, admin):
        assert (
            set(model.objects.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
            == pks
        )
    assert not model.objects.visible_to(AnonymousUser()).exists()


def test_a_goal_supported_by_a_department_is_visible_to_its_staff(
    plan, department_a, department_b, staff_b
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    rows = _goal_rows(goal)
    for model in GOAL_SCOPED:
        assert model.objects.visible_to(staff_b).filter(pk=rows[model].pk).exists(), model


@pytest.mark.parametrize("model", [Plan, Section, ReportingPeriod], ids=lambda m: m.__name__)
def test_a_draft_plans_rows_are_the_administrators(model, department_a, staff_a, supervisor, admin):
    draft = PlanFactory(year=2024, state=PlanState.DRAFT)
    row = {
        Plan: lambda: draft,
        Section: lambda: SectionFactory(plan=draft),
        ReportingPeriod: lambda: ReportingPeriodFactory(plan=draft, year=2024),
    }[model]()
    assert model.objects.visible_to(admin).filter(pk=row.pk).exists()
    for user in (staff_a, supervisor, AnonymousUser()):
        assert not model.objects.visible_to(user).filter(pk=row.pk).exists()


def test_a_published_plans_periods_and_sections_are_everyones(plan, staff_a, leader):
    period = ReportingPeriodFactory(plan=plan, year=plan.year)
    section = SectionFactory(plan=plan)
    for user in (staff_a, leader):
        assert ReportingPeriod.objects.visible_to(user).filter(pk=period.pk).exists()
        assert Section.objects.visible_to(user).filter(pk=section.pk).exists()


def test_departments_staff_see_their_own(department_a, department_b, staff_a, supervisor):
    assert set(Department.objects.visible_to(staff_a)) == {department_a}
    assert set(Department.objects.visible_to(supervisor)) == {department_a, department_b}


def test_leaders_and_imports_are_out_of_staffs_sight(staff_a, leader, supervisor, admin):
    someone = LeaderFactory()
    pending = PlanImportFactory(created_by=admin)
    assert not Leader.objects.visible_to(staff_a).exists()
    assert Leader.objects.visible_to(leader).filter(pk=someone.pk).exists()
    assert not PlanImport.objects.visible_to(supervisor).exists()
    assert PlanImport.objects.visible_to(admin).filter(pk=pending.pk).exists()


def test_reorganisations_are_the_administrators(supervisor, leader, admin):
    record = ReorganisationFactory()
    unit = ReorganisationUnitFactory(reorganisation=record)
    owner = ReorganisationOwnerFactory(reorganisation=record)
    for model, row in (
        (Reorganisation, record),
        (ReorganisationUnit, unit),
        (ReorganisationOwner, owner),
    ):
        assert model.objects.visible_to(admin).filter(pk=row.pk).exists()
        for user in (supervisor, leader):
            assert not model.objects.visible_to(user).exists()


def test_every_model_a_page_reaches_has_visible_to():
    from django.apps import apps

    admin_only = {"PurgeRecord", "DepartmentAlias"}  # listed in the Django admin only
    missing = [
        model.__name__
        for model in apps.get_app_config("targets").get_models()
        if not model.__name__.startswith("Historical")
        and model.__name__ not in admin_only
        and not hasattr(model.objects, "visible_to")
    ]
    assert missing == []
