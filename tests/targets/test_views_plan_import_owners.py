"""
The owners table of an import's preview: every task's lead and supporting
departments set in one request, a lead for a whole section, names not in the
directory flagged, a stale table refused without losing what was typed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from targets.io import checks
from targets.io.draft import PlanDraft
from targets.models import PlanImport
from tests.factories import DepartmentAliasFactory, DepartmentFactory
from tests.html import messages_of, table_rows, text

pytestmark = pytest.mark.django_db

NEW = reverse("targets:plan_import_new")
REPORT = """2024年区政府工作报告重点任务分解方案
一、扩大有效投资
(一)抓项目
1.开工亿元以上产业项目10个。(牵头单位:区发改局)
2.新建2个综合公园。
3.新增泊位1.1万个。
(二)优环境
4.新增上市企业1家。
二、民生实事
1.新改扩建学校10所。
"""


@pytest.fixture
def directory(department_a):
    fgj = department_a  # 洪山区发展和改革局, 区发改局
    DepartmentFactory(name="洪山区园林和林业局", short_name="区园林局", code="ylj")
    DepartmentFactory(name="洪山区教育局", short_name="区教育局", code="jyj")
    DepartmentAliasFactory(department=fgj, alias="区发展改革局")
    return fgj


@pytest.fixture
def pending(client_for, admin, directory):
    assert client_for(admin).post(NEW, {"text": REPORT}).status_code == 302
    return PlanImport.objects.get()


def owners_url(plan_import) -> str:
    return reverse("targets:plan_import_owners", args=[plan_import.pk])


def owners(plan_import) -> list[tuple[list[str], list[str]]]:
    plan_import.refresh_from_db()
    draft = PlanDraft.from_dict(plan_import.draft)
    return [(g.lead_departments, g.co_departments) for g in draft.all_goals()]


def test_owners_anonymous_is_sent_to_log_in(pending):
    response = Client().post(owners_url(pending), {"version": 1, "lead-1": "区园林局"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert owners(pending)[1] == ([], [])


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader"])
def test_owners_other_roles_are_refused(client_for, request, pending, who):
    response = client_for(request.getfixturevalue(who)).post(
        owners_url(pending), {"version": 1, "lead-1": "区园林局"}
    )
    assert response.status_code == 403
    assert "只有管理员可以导入工作方案" in response.content.decode()
    assert owners(pending)[1] == ([], [])


def test_owners_table_lists_every_task_with_its_owners(client_for, admin, pending):
    response = client_for(admin).get(pending.get_absolute_url() + "?tab=owners")
    rows = [row for row in table_rows(response, "owners-table") if row[0][:1].isdigit()]
    assert [row[:2] for row in rows] == [
        ["1.1.1", "开工亿元以上产业项目10个 无牵头"],
        ["1.1.2", "新建2个综合公园 无牵头"],
        ["1.1.3", "新增泊位1.1万个 无牵头"],
        ["1.2.4", "新增上市企业1家 无牵头"],
        ["2.1", "新改扩建学校10所 无牵头"],
    ]
    html = response.content.decode()
    # The "no lead" mark is hidden where there is a lead (the script shows it as one types).
    assert html.count('class="badge border border-danger text-danger-emphasis d-none"') == 1
    assert 'name="lead-0" id="lead-0" value="区发改局"' in html
    # The picker searches names, short names and aliases.
    assert '<option value="区发改局" label="洪山区发展和改革局 · 区发展改革局">' in html
    assert 'id="section-lead-0"' in html and 'id="section-lead-3"' in html
    assert 'class="nav-link active" id="owners-tab"' in html
    assert 'id="draft-tree"' not in html  # one view of the draft at a time


def test_save_sets_owners_of_many_tasks_in_one_request(client_for, admin, pending):
    response = client_for(admin).post(
        owners_url(pending),
        {
            "version": 1,
            "lead-1": "区园林局",
            "co-1": "各街道、区发改局",
            "lead-2": "区发改局",
            "lead-3": "区发展改革局",
        },
    )
    assert response.status_code == 302
    assert response.url == pending.get_absolute_url() + "?tab=owners#owners"
    assert messages_of(response) == ["责任单位已保存：3项任务有改动。"]
    assert owners(pending) == [
        (["区发改局"], []),
        (["区园林局"], ["各街道", "区发改局"]),
        (["区发改局"], []),
        (["区发展改革局"], []),
        ([], []),
    ]
    assert pending.version == 2


def test_a_section_lead_fills_its_tasks_without_one_or_all_of_them(client_for, admin, pending):
    client = client_for(admin)
    # Chapter 一 (section 0) holds (一) and (二): only its tasks without a lead.
    client.post(owners_url(pending), {"version": 1, "section-lead-0": "区园林局"})
    assert [lead for lead, _co in owners(pending)] == [
        ["区发改局"],
        ["区园林局"],
        ["区园林局"],
        ["区园林局"],
        [],
    ]
    response = client.post(
        owners_url(pending),
        {"version": 2, "section-lead-1": "区教育局", "section-scope-1": "all"},
    )
    assert messages_of(response)[-1] == "责任单位已保存：3项任务有改动。"
    assert [lead for lead, _co in owners(pending)] == [
        ["区教育局"],
        ["区教育局"],
        ["区教育局"],
        ["区园林局"],
        [],
    ]


def stored_warnings(plan_import) -> list[tuple[str, dict]]:
    plan_import.refresh_from_db()
    return [(w["template"], w.get("params", {})) for w in plan_import.draft["warnings"]]


def test_saving_recomputes_the_tasks_without_a_lead(client_for, admin, pending):
    client = client_for(admin)
    html = client.get(pending.get_absolute_url()).content.decode()
    assert "尚无牵头单位4项" in text(html)
    assert "4项任务尚未指定牵头单位" in text(html)
    assert stored_warnings(pending) == [(checks.SOME_WITHOUT_LEAD, {"count": 4})]
    everyone = {"lead-1": "区园林局", "lead-2": "区园林局", "lead-3": "区发改局"}
    client.post(owners_url(pending), {"version": 1, **everyone, "lead-4": "区教育局"})
    assert stored_warnings(pending) == []
    html = client.get(pending.get_absolute_url()).content.decode()
    assert "尚无牵头单位" not in text(html.split('id="badge-legend"')[0])
    assert 'id="without-lead-note"' not in html
    assert "data-no-lead" not in html.split('id="draft-tree"')[1]


def test_names_not_in_the_directory_are_flagged(client_for, admin, pending):
    client = client_for(admin)
    client.post(owners_url(pending), {"version": 1, "lead-1": "区城管局", "co-1": "区园林局"})
    response = client.get(pending.get_absolute_url() + "?tab=owners")
    html = response.content.decode()
    notes = html.split('data-notes-for="1">', 1)[1].split("</tr>", 1)[0]
    assert text(notes) == "新增 不在单位名录中，确认导入时将新建： 区城管局"
    assert text(html.split('id="unknown-departments"', 1)[1].split("</div>", 1)[0]).endswith(
        "区城管局"
    )


def test_a_row_both_leading_and_supporting_is_refused_with_what_was_typed(
    client_for, admin, pending
):
    response = client_for(admin).post(
        owners_url(pending),
        {"version": 1, "lead-1": "区园林局", "co-1": "区园林局", "lead-2": "区发改局"},
    )
    assert response.status_code == 200
    assert messages_of(response) == ["部分行需要更正（已在下方标出），本次未保存。"]
    html = response.content.decode()
    assert 'name="lead-2" id="lead-2" value="区发改局"' in html
    notes = html.split('data-notes-for="1">', 1)[1].split("</tr>", 1)[0]
    assert "区园林局不能既牵头又配合。" in text(notes)
    assert owners(pending)[1:3] == [([], []), ([], [])]
    assert pending.version == 1


def test_a_stale_table_is_refused_and_what_was_typed_is_kept(client_for, admin, pending):
    client = client_for(admin)
    table = client.get(pending.get_absolute_url() + "?tab=owners").content.decode()
    keys = table.split('name="keys" value="', 1)[1].split('"', 1)[0]
    # Meanwhile another window removes the first task: the positions move up by one.
    client.post(
        reverse("targets:plan_import_goal_action", args=[pending.pk, 0, "delete"]), {"version": 1}
    )
    response = client.post(
        owners_url(pending),
        {
            "version": 1,
            "keys": keys,
            "lead-0": "区发改局",  # as shown: not typed
            "lead-1": "区园林局",
            "co-1": "各街道",
            "lead-4": "区教育局",
        },
    )
    assert response.status_code == 200
    assert messages_of(response)[-1:] == [
        "您打开此表后，草稿已在其他窗口中被修改。本次未保存；您填写的内容已放回当前草稿，请核对后再次保存。"
    ]
    assert owners(pending) == [([], [])] * 4
    html = response.content.decode()
    # Each entry is back on its task, now one row up; the new version is in the form.
    assert 'name="lead-0" id="lead-0" value="区园林局"' in html
    assert 'name="co-0" id="co-0" value="各街道"' in html
    assert 'name="lead-3" id="lead-3" value="区教育局"' in html
    assert 'name="version" value="2"' in html.split('id="owners-form"', 1)[1]


def test_nothing_typed_saves_nothing(client_for, admin, pending):
    response = client_for(admin).post(owners_url(pending), {"version": 1, "lead-0": "区发改局"})
    assert messages_of(response) == ["没有任何改动。"]
    pending.refresh_from_db()
    assert pending.version == 1


def test_get_is_not_allowed(client_for, admin, pending):
    assert client_for(admin).get(owners_url(pending)).status_code == 405


def test_a_large_table_sent_whole_without_a_script_is_saved(client_for, admin, directory):
    """Every row sent, two boxes a task: 600 tasks are more fields than Django's default."""
    items = "".join(f"{n}.新建社区公园{n}个。\n" for n in range(1, 601))
    client = client_for(admin)
    client.post(NEW, {"text": "2024年区重点任务\n一、民生实事\n" + items})
    plan_import = PlanImport.objects.get()
    data = {"version": 1}
    for i in range(600):
        data[f"lead-{i}"] = "区园林局" if i % 2 else ""
        data[f"co-{i}"] = ""
    response = client.post(owners_url(plan_import), data)
    assert messages_of(response) == ["责任单位已保存：300项任务有改动。"]
    assert sum(1 for lead, _co in owners(plan_import) if lead == ["区园林局"]) == 300
