"""
Archive instead of delete: nothing reported is deleted in the admin; goals
and plans are archived (and leave the dashboards) with their history kept;
a purge of an archived plan is for administrators only and leaves a record.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from targets.choices import PlanState
from targets.models import (
    Goal,
    GoalDepartment,
    Indicator,
    IndicatorActual,
    Plan,
    PurgeRecord,
    QuarterlyUpdate,
)
from targets.services.archive import goal_archive, plan_archive, plan_purge, plan_unarchive
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("targets:dashboard")


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def action(client, model, name, objects, **extra):
    return client.post(
        admin_url(model, "changelist"),
        {"action": name, "_selected_action": [o.pk for o in objects], **extra},
    )


@pytest.fixture
def reported(goal_a):
    """goal_a with a Q3 update and its actual value."""
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, percent_complete=60)
    IndicatorActualFactory(update=update, indicator=goal_a.indicators.get(), value=58)
    return goal_a


# -- no delete in the admin ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [Plan, Goal, QuarterlyUpdate, Indicator, PurgeRecord], ids=lambda m: m.__name__
)
def test_admin_delete_is_gone(client_for, admin, reported, model):
    client = client_for(admin)
    if model is PurgeRecord:
        plan = PlanFactory(year=2022, state=PlanState.ARCHIVED)
        plan_purge(plan, user=admin, reason="测试")
    obj = model.objects.first()
    changelist = client.get(admin_url(model, "changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    change = client.get(admin_url(model, "change", obj.pk)).content.decode()
    assert 'class="deletelink"' not in change
    assert client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_admin_inlines_of_reported_data_cannot_be_deleted(client_for, admin, reported):
    client = client_for(admin)
    goal_page = client.get(admin_url(Goal, "change", reported.pk)).content.decode()
    assert 'name="assignments-0-DELETE"' not in goal_page
    assert 'name="indicators-0-DELETE"' not in goal_page
    update = QuarterlyUpdate.objects.get()
    update_page = client.get(admin_url(QuarterlyUpdate, "change", update.pk)).content.decode()
    assert 'name="actuals-0-DELETE"' not in update_page


def test_admin_owner_typed_wrongly_can_be_removed_before_anything_is_reported(
    client_for, admin, goal_a
):
    page = client_for(admin).get(admin_url(Goal, "change", goal_a.pk)).content.decode()
    assert 'name="assignments-0-DELETE"' in page


def test_admin_purge_record_is_read_only(client_for, admin):
    plan = PlanFactory(year=2022, state=PlanState.ARCHIVED)
    record = plan_purge(plan, user=admin, reason="测试")
    client = client_for(admin)
    page = client.get(admin_url(PurgeRecord, "change", record.pk)).content.decode()
    assert 'name="_save"' not in page
    assert client.get(admin_url(PurgeRecord, "add")).status_code == 403
    response = client.post(admin_url(PurgeRecord, "change", record.pk), {"reason": "改"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.reason == "测试"


# -- archiving -------------------------------------------------------------------------------------


def test_archived_goal_leaves_dashboard_and_department_page_but_keeps_history(
    client_for, admin, leader, staff_a, department_a, reported
):
    other = GoalFactory(plan=reported.plan, code="2.2.4", title="研发投入", leads=[department_a])
    department_page = reverse("targets:department_detail", args=[department_a.pk])
    query = {"year": 2023, "quarter": 3}

    def total():
        html = client_for(leader).get(DASHBOARD, query).content.decode()
        return re.search(r'data-count="total">([^<]*)<', html).group(1)

    assert total() == "2"
    response = action(client_for(admin), Goal, "archive", [reported])
    assert response.status_code == 302
    reported.refresh_from_db()
    assert (reported.archived, reported.version) == (True, 2)
    assert total() == "1"
    html = client_for(staff_a).get(department_page, query).content.decode()
    assert other.title in html and "净增高企" not in html

    # Its page, its history and its reports are all still there.
    record = reported.history.latest()
    assert (record.archived, record.history_user, record.history_change_reason) == (
        True,
        admin,
        "archived",
    )
    history = client_for(admin).get(admin_url(Goal, "history", reported.pk))
    assert history.status_code == 200
    detail = client_for(leader).get(reverse("targets:goal_detail", args=[reported.pk]))
    assert detail.status_code == 200
    assert QuarterlyUpdate.objects.filter(goal=reported).exists()

    action(client_for(admin), Goal, "unarchive", [reported])
    reported.refresh_from_db()
    assert not reported.archived
    assert total() == "2"


def test_plan_archive_and_restore_are_recorded(client_for, admin, plan):
    action(client_for(admin), Plan, "archive", [plan])
    plan.refresh_from_db()
    assert plan.state == PlanState.ARCHIVED
    record = plan.history.latest()
    assert (record.state, record.history_user) == (PlanState.ARCHIVED, admin)
    assert client_for(admin).get(admin_url(Plan, "history", plan.pk)).status_code == 200
    action(client_for(admin), Plan, "unarchive", [plan])
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE


def test_plan_restore_refused_while_another_is_active(admin, plan):
    old = PlanFactory(year=2023, title="旧方案", state=PlanState.ARCHIVED)
    with pytest.raises(ValidationError):
        plan_unarchive(old, user=admin)
    old.refresh_from_db()
    assert old.state == PlanState.ARCHIVED


def test_archiving_is_for_administrators(supervisor, goal_a, plan):
    with pytest.raises(PermissionDenied):
        goal_archive(goal_a, user=supervisor)
    with pytest.raises(PermissionDenied):
        plan_archive(plan, user=supervisor)


# -- purging ---------------------------------------------------------------------------------------


@pytest.fixture
def archived(admin, reported, department_a):
    """The 2023 plan, reported on, then archived; and a 2024 plan that must survive."""
    plan_archive(reported.plan, user=admin)
    keep = GoalFactory(plan=PlanFactory(year=2024), code="1.1", leads=[department_a])
    IndicatorFactory(goal=keep)
    return reported.plan


def test_purge_by_a_non_admin_is_refused(supervisor, staff_a, archived):
    for user in (supervisor, staff_a):
        with pytest.raises(PermissionDenied):
            plan_purge(archived, user=user, reason="清理")
    assert Plan.objects.filter(pk=archived.pk).exists()
    assert not PurgeRecord.objects.exists()


def test_purge_of_an_active_plan_is_refused(admin, plan, goal_a):
    with pytest.raises(ValidationError, match="只能清除已归档的方案"):
        plan_purge(plan, user=admin, reason="清理")
    with pytest.raises(CommandError, match="not archived"):
        call_command("purge_plan", "--year", "2023", "--yes", "--reason", "清理")
    assert Goal.objects.filter(plan=plan).exists()
    assert not PurgeRecord.objects.exists()


def test_purge_removes_the_plan_and_writes_the_record(admin, archived):
    goal = archived.goals.get()
    record = plan_purge(archived, user=admin, reason="测试数据，误导入。")
    assert not Plan.objects.filter(pk=archived.pk).exists()
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert not Goal.history.filter(id=goal.pk).exists()  # its history went with it
    assert not QuarterlyUpdate.history.exists() and not IndicatorActual.history.exists()
    assert (record.performed_by, record.plan_year, record.plan_title, record.reason) == (
        admin,
        2023,
        "2023年洪山区政府工作报告",
        "测试数据，误导入。",
    )
    assert record.counts == {
        "actual value": 1,
        "quarterly update": 1,
        "indicator": 1,
        "owner": 1,
        "goal": 1,
        "plan": 1,
        "actual value history": 2,  # created, and removed by the purge
        "update history": 2,
        "indicator history": 2,
        "owner history": 2,
        "goal history": 2,  # created, removed
        "plan history": 3,  # created, archived, removed
    }
    # The other year is untouched.
    assert Plan.objects.get().year == 2024
    assert (Goal.objects.count(), Indicator.objects.count(), GoalDepartment.objects.count()) == (
        1,
        1,
        1,
    )


def test_purge_command_is_a_dry_run_by_default(archived, capsys):
    call_command("purge_plan", "--year", "2023")
    out = capsys.readouterr().out
    assert "目标任务：1" in out and "Dry run" in out
    assert Plan.objects.filter(pk=archived.pk).exists()
    assert not PurgeRecord.objects.exists()


def test_purge_command_with_yes_purges_and_records(archived, admin, capsys):
    with pytest.raises(CommandError, match="--reason"):
        call_command("purge_plan", "--year", "2023", "--yes")
    call_command("purge_plan", "--year", "2023", "--yes", "--reason", "清理", "--user", "admin")
    assert not Plan.objects.filter(pk=archived.pk).exists()
    record = PurgeRecord.objects.get()
    assert (record.performed_by, record.performed_by_name) == (admin, "admin")


def test_admin_purge_action_confirms_then_purges(client_for, admin, archived):
    client = client_for(admin)
    page = action(client, Plan, "purge", [archived])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="purge-warning"' in html and "<li>目标任务：1</li>" in html
    assert Plan.objects.filter(pk=archived.pk).exists()
    done = action(client, Plan, "purge", [archived], confirm="yes", reason="误导入")
    assert done.status_code == 302
    assert not Plan.objects.filter(pk=archived.pk).exists()
    assert PurgeRecord.objects.get().performed_by == admin


def test_admin_purge_action_refuses_an_active_plan(client_for, admin, plan):
    client = client_for(admin)
    response = action(client, Plan, "purge", [plan], confirm="yes", reason="x")
    assert response.status_code == 302
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert "只能清除已归档的方案" in client.get(response.url).content.decode()


def test_admin_purge_action_is_for_administrators_only(client, archived):
    """A supervisor given the admin's staff flag by mistake still cannot open the admin."""
    user = UserFactory(username="sup", department=None, role="supervisor", is_staff=True)
    client.force_login(user)
    response = action(client, Plan, "purge", [archived], confirm="yes", reason="x")
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert Plan.objects.filter(pk=archived.pk).exists()
