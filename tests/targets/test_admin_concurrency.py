"""
Optimistic concurrency in the admin: two administrators open the same plan,
goal or quarterly update; the second save is refused with what the first
changed, old → new, in Chinese, and writes nothing, inlines included. An
import or an archive between opening and saving refuses the save as well.
"""

import re

import pytest
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse

from targets.admin_versions import VersionedForm
from targets.choices import OwnerRole, PlanState
from targets.io.draft import GoalDraft, PlanDraft
from targets.models import Goal, GoalDepartment, Indicator, QuarterlyUpdate
from targets.services.archive import goal_archive, plan_archive
from targets.services.plan_imports import plan_import
from tests.factories import QuarterlyUpdateFactory, UserFactory
from tests.html import joined_text

pytestmark = pytest.mark.django_db


def goal_url(goal):
    return reverse("admin:targets_goal_change", args=[goal.pk])


def update_url(update):
    return reverse("admin:targets_quarterlyupdate_change", args=[update.pk])


def _value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def opened(client, url) -> dict:
    """The POST data of the admin change form as the page shows it, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):  # the admin's date and time boxes
                parts = widget.decompress(bound.value())
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
                continue
            value = _value(bound)
            if value is not None:
                data[bound.html_name] = value
    return data


def other_admin():
    user = UserFactory(
        username="admin2", department=None, role="admin", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


def refusal(response) -> list[str]:
    html = response.content.decode()
    block = html.split('class="errorlist nonfield"', 1)[1].split("</ul>", 1)[0]
    return [joined_text(li) for li in re.findall(r"<li>(.*?)</li>", block)]


def test_goal_admin_form_carries_a_hidden_version(client_for, admin, goal_a):
    html = client_for(admin).get(goal_url(goal_a)).content.decode()
    assert re.search(r'<input type="hidden" name="version" value="1"', html)


def test_goal_admin_save_moves_the_version_on(client_for, admin, goal_a):
    client = client_for(admin)
    data = opened(client, goal_url(goal_a))
    response = client.post(goal_url(goal_a), {**data, "title": "净增高新技术企业"})
    assert response.status_code == 302
    goal_a.refresh_from_db()
    assert (goal_a.title, goal_a.version) == ("净增高新技术企业", 2)
    assert goal_a.history.latest().version == 2


def test_goal_admin_second_save_of_the_same_version_is_refused_with_what_changed(
    client_for, admin, goal_a, department_b
):
    first, second = client_for(admin), other_admin()
    form_one, form_two = opened(first, goal_url(goal_a)), opened(second, goal_url(goal_a))
    assert form_one["version"] == form_two["version"] == "1"

    response = first.post(goal_url(goal_a), {**form_one, "deadline_text": "6月底前"})
    assert response.status_code == 302

    # The second admin changes the title and adds an owner: nothing of it is written.
    owners = {
        **form_two,
        "title": "别的标题",
        "assignments-TOTAL_FORMS": str(int(form_two["assignments-TOTAL_FORMS"]) + 1),
        "assignments-1-department": str(department_b.pk),
        "assignments-1-role": OwnerRole.SUPPORT,
        "assignments-1-order": "5",
        "assignments-1-goal": str(goal_a.pk),
    }
    response = second.post(goal_url(goal_a), owners)
    assert response.status_code == 200
    lines = refusal(response)
    assert re.fullmatch(
        r"admin 于 \d{4}-\d\d-\d\d \d\d:\d\d 修改了此目标任务，晚于您打开本页的时间。"
        r"未保存任何内容。请刷新页面查看当前内容，再重新修改。",
        lines[0],
    ), lines[0]
    assert lines[1:] == ["完成时限：12月底前 → 6月底前"]
    goal_a.refresh_from_db()
    assert (goal_a.title, goal_a.deadline_text, goal_a.version) == ("净增高企", "6月底前", 2)
    assert not GoalDepartment.objects.filter(department=department_b).exists()
    assert goal_a.history.count() == 2  # created, and the first admin's save


def test_goal_admin_refusal_lists_indicator_changes(client_for, admin, goal_a):
    first, second = client_for(admin), other_admin()
    form_one, form_two = opened(first, goal_url(goal_a)), opened(second, goal_url(goal_a))
    first.post(goal_url(goal_a), {**form_one, "indicators-0-target_value": "100"})
    assert Indicator.objects.get().target_value == 100
    response = second.post(goal_url(goal_a), {**form_two, "indicators-0-target_value": "90"})
    assert refusal(response)[1:] == ["指标“净增高企”的目标值：96 → 100"]
    assert Indicator.objects.get().target_value == 100


def test_goal_admin_save_after_a_plan_import_is_refused(client_for, admin, plan, department_a):
    draft = PlanDraft(
        title=plan.title,
        year=plan.year,
        goals=[GoalDraft(text="净增高企96家。", title="净增高企", lead_departments=["区发改局"])],
    )
    plan_import(draft, user=admin, source_name="第一版.docx")
    goal = Goal.objects.get()
    client = client_for(admin)
    data = opened(client, goal_url(goal))

    draft.goals[0].text = "净增高企100家。"
    plan_import(draft, user=admin, source_name="第二版.docx")
    goal.refresh_from_db()
    assert goal.version == 2

    response = client.post(goal_url(goal), {**data, "title": "改过的标题"})
    assert response.status_code == 200
    assert refusal(response)[1:] == ["任务原文：净增高企96家。 → 净增高企100家。"]
    goal.refresh_from_db()
    assert (goal.title, goal.text) == ("净增高企", "净增高企100家。")


def test_plan_import_of_changed_owners_only_moves_the_goal_version(
    admin, plan, department_a, department_b
):
    draft = PlanDraft(
        title=plan.title,
        year=plan.year,
        goals=[GoalDraft(text="净增高企96家。", title="净增高企", lead_departments=["区发改局"])],
    )
    plan_import(draft, user=admin, source_name="a.docx")
    draft.goals[0].co_departments = ["区科技局"]
    plan_import(draft, user=admin, source_name="b.docx")
    assert Goal.objects.get().version == 2
    plan_import(draft, user=admin, source_name="b.docx")  # nothing changes: no new version
    assert Goal.objects.get().version == 2


def test_goal_admin_save_after_archiving_is_refused(client_for, admin, goal_a):
    client = client_for(admin)
    data = opened(client, goal_url(goal_a))
    goal_archive(goal_a, user=admin)
    response = client.post(goal_url(goal_a), {**data, "title": "改过的标题"})
    assert response.status_code == 200
    assert refusal(response)[1:] == ["已归档：否 → 是"]
    goal_a.refresh_from_db()
    assert (goal_a.title, goal_a.archived) == ("净增高企", True)


def test_goal_admin_lost_race_after_the_check_is_refused_too(
    client_for, admin, goal_a, monkeypatch
):
    """
    A save that commits between the form's check and the compare-and-set
    (the check saw the old version): the UPDATE matches no row, the whole
    save rolls back and the form shows the refusal.
    """
    first, second = client_for(admin), other_admin()
    form_one, form_two = opened(first, goal_url(goal_a)), opened(second, goal_url(goal_a))
    first.post(goal_url(goal_a), {**form_one, "deadline_text": "6月底前"})
    original = VersionedForm.clean
    calls = []

    def check_that_saw_the_old_version(form):
        calls.append(form)
        if len(calls) == 1:
            return super(VersionedForm, form).clean()
        return original(form)

    monkeypatch.setattr(VersionedForm, "clean", check_that_saw_the_old_version)
    response = second.post(goal_url(goal_a), {**form_two, "title": "我改的"})
    assert response.status_code == 200
    assert len(calls) == 2
    assert refusal(response)[1:] == ["完成时限：12月底前 → 6月底前"]
    goal_a.refresh_from_db()
    assert (goal_a.title, goal_a.deadline_text, goal_a.version) == ("净增高企", "6月底前", 2)


def test_update_admin_second_save_is_refused_with_what_changed(client_for, admin, goal_a):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, percent_complete=60)
    first, second = client_for(admin), other_admin()
    form_one, form_two = opened(first, update_url(update)), opened(second, update_url(update))
    assert first.post(update_url(update), {**form_one, "percent_complete": "70"}).status_code == 302
    response = second.post(update_url(update), {**form_two, "progress": "别的进展。"})
    assert response.status_code == 200
    assert refusal(response)[1:] == ["完成进度：60 → 70"]
    update.refresh_from_db()
    assert (update.percent_complete, update.progress, update.version) == (70, "按计划推进。", 2)


def test_update_admin_save_after_a_department_report_is_refused(client_for, admin, staff_a, goal_a):
    from targets.periods import Quarter
    from targets.services.updates import UpdateData, quarterly_update_submit

    update = QuarterlyUpdateFactory(goal=goal_a, quarter=4, percent_complete=60)
    client = client_for(admin)
    data = opened(client, update_url(update))
    quarterly_update_submit(
        goal_a,
        Quarter(2023, 4),
        UpdateData(status="on_track", percent_complete=80, progress="四季度进展。"),
        user=staff_a,
    )
    response = client.post(update_url(update), {**data, "percent_complete": "65"})
    assert response.status_code == 200
    assert "完成进度：60 → 80" in refusal(response)
    assert QuarterlyUpdate.objects.get().percent_complete == 80


# -- plans: their thresholds, state and sections are edited on one admin page --


def plan_url(plan):
    return reverse("admin:targets_plan_change", args=[plan.pk])


def test_plan_admin_second_save_of_the_same_version_is_refused_with_what_changed(
    client_for, admin, plan
):
    first, second = client_for(admin), other_admin()
    form_one, form_two = opened(first, plan_url(plan)), opened(second, plan_url(plan))
    assert form_one["version"] == form_two["version"] == "1"

    response = first.post(plan_url(plan), {**form_one, "yellow_gap": "15"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.yellow_gap, plan.version) == (15, 2)

    # The second admin, on the page opened before, changes the red threshold.
    response = second.post(plan_url(plan), {**form_two, "red_gap": "40"})
    assert response.status_code == 200
    lines = refusal(response)
    assert "修改了此工作方案" in lines[0] and "未保存任何内容" in lines[0], lines[0]
    assert lines[1:] == ["黄灯起点（落后百分点）：10 → 15"]
    plan.refresh_from_db()
    assert (plan.yellow_gap, plan.red_gap, plan.version) == (15, 30, 2)


def test_plan_admin_save_after_archiving_is_refused(client_for, admin, plan):
    client = client_for(admin)
    data = opened(client, plan_url(plan))
    plan_archive(plan, user=admin)
    assert plan.version == 2
    # Saved as it was opened, the form would make the plan active again.
    response = client.post(plan_url(plan), {**data, "title": "改过的标题"})
    assert response.status_code == 200
    assert refusal(response)[1:] == ["状态：执行中 → 已归档"]
    plan.refresh_from_db()
    assert (plan.state, plan.title) == (PlanState.ARCHIVED, "2023年洪山区政府工作报告")
