"""
/departments/reorganisations/…: an administrator renames, merges and splits
departments from a preview, and the pages of earlier quarters (the ranking, a
department's page) still show the units that reported then.
"""

import re

import pytest
from django.urls import reverse

from accounts.choices import Role
from targets.choices import ReviewState, UpdateStatus
from targets.models import Department, GoalDepartment, Reorganisation
from tests.factories import DepartmentFactory, GoalFactory, QuarterlyUpdateFactory, UserFactory
from tests.html import element_text, messages_of, table_rows
from tests.security.world import changed_tables, snapshot

pytestmark = pytest.mark.django_db

LIST = reverse("targets:reorganisation_list")
RENAME = reverse("targets:reorganisation_rename")
MERGE = reverse("targets:reorganisation_merge")
SPLIT = reverse("targets:reorganisation_split")
REASON = "区委机构改革方案（洪发〔2023〕12号）。"


@pytest.fixture
def department_e(db):
    return DepartmentFactory(name="洪山区经济和信息化局", short_name="区经信局", code="jxj")


@pytest.fixture
def goals(plan, department_a, department_b, department_e):
    g = {
        "1.1": GoalFactory(plan=plan, code="1.1", title="净增高企", leads=[department_b]),
        "1.2": GoalFactory(plan=plan, code="1.2", title="数字经济", leads=[department_e]),
        "1.3": GoalFactory(
            plan=plan, code="1.3", title="项目投资", leads=[department_a], supports=[department_b]
        ),
    }
    for goal in g.values():
        QuarterlyUpdateFactory(
            goal=goal,
            quarter=3,
            status=UpdateStatus.ON_TRACK,
            percent_complete=75,
            review_state=ReviewState.APPROVED,
        )
    return g


def digest_of(response) -> str:
    found = re.search(r'name="digest" value="(\w+)"', response.content.decode())
    assert found, "the preview offers no Apply"
    return found.group(1)


def merge_form(department_b, department_e, **fields) -> dict:
    return {
        "departments": [department_b.pk, department_e.pk],
        "into": "new",
        "new_name": "洪山区科技和经济信息化局",
        "new_short_name": "区科技经信局",
        "new_code": "",
        "effective_on": "2023-10-01",
        "reason": REASON,
        "action": "preview",
        **fields,
    }


def test_reorganisation_pages_are_for_administrators(client_for, supervisor):
    response = client_for(supervisor).get(MERGE)
    assert response.status_code == 403
    assert "只有管理员可以对单位进行更名、合并或拆分。" in response.content.decode()


def test_merge_preview_shows_what_would_change_and_writes_nothing(
    client_for, admin, goals, department_b, department_e, staff_b
):
    client = client_for(admin)
    before = snapshot()
    response = client.post(MERGE, merge_form(department_b, department_e))
    assert response.status_code == 200
    assert changed_tables(before, snapshot()) == []
    assert table_rows(response, "preview-units") == [
        ["洪山区科学技术局 区科技局", "洪山区科学技术局 区科技局 已归档"],
        ["洪山区经济和信息化局 区经信局", "洪山区经济和信息化局 区经信局 已归档"],
        ["（新设）", "洪山区科技和经济信息化局 区科技经信局 新增"],
    ]
    assert table_rows(response, "preview-goals") == [
        ["2023", "1.1", "净增高企", "区科技局 牵头", "区科技经信局 牵头"],
        ["2023", "1.2", "数字经济", "区经信局 牵头", "区科技经信局 牵头"],
        [
            "2023",
            "1.3",
            "项目投资",
            "区发改局 牵头 、区科技局 配合",
            "区发改局 牵头 、区科技经信局 配合",
        ],
    ]
    assert table_rows(response, "preview-accounts") == [
        ["staff_b", "—", "区科技局", "区科技经信局"],
    ]
    assert "“区经信局”对应区科技经信局" in element_text(
        response.content.decode(), "preview-aliases"
    )


def test_merge_applied_from_the_preview(
    client_for, admin, goals, department_b, department_e, staff_b
):
    client = client_for(admin)
    preview = client.post(MERGE, merge_form(department_b, department_e))
    response = client.post(
        MERGE, merge_form(department_b, department_e, action="apply", digest=digest_of(preview))
    )
    record = Reorganisation.objects.get()
    assert response.status_code == 302
    assert response.url == record.get_absolute_url()
    assert messages_of(response) == ["机构调整已执行：区科技局、区经信局 → 区科技经信局"]
    merged = Department.objects.get(short_name="区科技经信局")
    assert set(GoalDepartment.objects.values_list("department", flat=True)) == {
        merged.pk,
        goals["1.3"].assignments.get(role="lead").department_id,
    }
    page = client.get(response.url)
    assert element_text(page.content.decode(), "record-reason") == REASON
    assert table_rows(page, "record-accounts") == [
        ["staff_b", "staff_b", "区科技局", "区科技经信局"]
    ]
    assert table_rows(page, "record-goals")[0] == [
        "2023年洪山区政府工作报告",
        "1.1",
        "净增高企",
        "区科技局（牵头）",
        "区科技经信局（牵头）",
    ]
    listed = table_rows(client.get(LIST), "reorganisation-table")
    assert [row[:4] for row in listed] == [
        ["2023-10-01", "合并", "区科技局、区经信局 → 区科技经信局", REASON]
    ]
    assert listed[0][4].startswith("admin · ")


def test_apply_of_a_changed_preview_is_refused_with_the_new_preview(
    client_for, admin, goals, department_a, department_b, department_e
):
    client = client_for(admin)
    preview = client.post(MERGE, merge_form(department_b, department_e))
    GoalDepartment.objects.create(goal=goals["1.2"], department=department_a, role="support")
    before = snapshot()
    response = client.post(
        MERGE, merge_form(department_b, department_e, action="apply", digest=digest_of(preview))
    )
    assert response.status_code == 200
    assert changed_tables(before, snapshot()) == []
    assert messages_of(response) == [
        "预览生成后单位、责任分工或账号已有变化：请核对下方新的预览后再次执行。"
    ]
    assert table_rows(response, "preview-goals")[1][3] == "区经信局 牵头 、区发改局 配合"
    assert digest_of(response) != digest_of(preview)


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"reason": ""}, "reason", "请填写机构调整的原因。"),
        ({"effective_on": "2023-13-01"}, "effective_on", "请输入日期，如2024-01-01。"),
        ({"new_name": ""}, "new_name", "请填写新单位的名称。"),
        (
            {"departments": ["999999"]},
            "departments",
            "请选择未归档的单位。",
        ),
        ({"new_code": "区 局"}, "new_code", "有效“字段”"),
    ],
    ids=["no-reason", "bad-date", "no-name", "unknown-department", "bad-code"],
)
def test_merge_bad_input_is_named_and_changes_nothing(
    client_for, admin, goals, department_b, department_e, fields, field, error
):
    client = client_for(admin)
    before = snapshot()
    response = client.post(
        MERGE, merge_form(department_b, department_e, action="apply", digest="x", **fields)
    )
    assert response.status_code == 200
    assert error in element_text(response.content.decode(), f"field-{field}")
    assert changed_tables(before, snapshot()) == []


def test_merge_into_a_department_not_chosen_is_refused(
    client_for, admin, goals, department_a, department_b, department_e
):
    response = client_for(admin).post(
        MERGE, merge_form(department_b, department_e, into=str(department_a.pk))
    )
    assert "只能合并为所选单位之一，或合并为新单位。" in element_text(
        response.content.decode(), "field-into"
    )


def test_a_problem_keeps_apply_away(client_for, admin, goals, department_b, department_e):
    response = client_for(admin).post(
        MERGE, merge_form(department_b, department_e, new_name="洪山区发展和改革局")
    )
    assert element_text(response.content.decode(), "preview-problems") == (
        "该机构调整无法执行： “洪山区发展和改革局”已是某个单位的名称。"
    )
    assert 'name="digest"' not in response.content.decode()


def test_rename_from_the_page(client_for, admin, goals, department_b):
    client = client_for(admin)
    form = {
        "department": department_b.pk,
        "name": "洪山区科学技术和人才局",
        "short_name": "区科技人才局",
        "effective_on": "2023-10-01",
        "reason": REASON,
        "action": "preview",
    }
    preview = client.post(RENAME, form)
    assert table_rows(preview, "preview-units") == [
        ["洪山区科学技术局 区科技局", "洪山区科学技术和人才局 区科技人才局"]
    ]
    response = client.post(RENAME, {**form, "action": "apply", "digest": digest_of(preview)})
    assert response.status_code == 302
    department_b.refresh_from_db()
    assert department_b.short_name == "区科技人才局"


def test_split_goal_by_goal_from_the_page(
    client_for, admin, goals, department_b, department_e, staff_b
):
    client = client_for(admin)
    form = {
        "department": department_b.pk,
        "existing_units": [department_e.pk],
        "new_units": "洪山区数据局，区数据局\n",
        "effective_on": "2023-10-01",
        "reason": REASON,
        "action": "preview",
    }
    first = client.post(SPLIT, form)
    # Every goal of B, each going to the first unit until told otherwise.
    assert [row[:2] for row in table_rows(first, "preview-goals")] == [
        ["2023", "1.1"],
        ["2023", "1.3"],
    ]
    assert 'name="goal-{}"'.format(goals["1.1"].pk) in first.content.decode()
    chosen = {**form, f"goal-{goals['1.1'].pk}": "1", f"account-{staff_b.pk}": "1"}
    second = client.post(SPLIT, chosen)
    assert [row[4] for row in table_rows(second, "preview-goals")] == [
        "区经信局 区数据局 区数据局 牵头",
        "区经信局 区数据局 区发改局 牵头、区经信局 配合",
    ]
    response = client.post(SPLIT, {**chosen, "action": "apply", "digest": digest_of(second)})
    assert response.status_code == 302
    assert [str(link.department) for link in goals["1.1"].assignments.all()] == ["区数据局"]
    staff_b.refresh_from_db()
    assert str(staff_b.department) == "区数据局"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"new_units": "洪山区数据局，区数据局，多余"}, "第1行：请填写名称，后接逗号和简称。"),
        ({"goal-1": "abc"}, "请为每项目标任务和每个账号选择单位。"),
    ],
    ids=["bad-line", "tampered-choice"],
)
def test_split_bad_input_is_named(client_for, admin, goals, department_b, fields, error):
    form = {
        "department": department_b.pk,
        "new_units": "洪山区数据局\n洪山区人才局",
        "effective_on": "2023-10-01",
        "reason": REASON,
        "action": "apply",
        "digest": "x",
        **fields,
    }
    client = client_for(admin)
    before = snapshot()
    response = client.post(SPLIT, form)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert changed_tables(before, snapshot()) == []


# -- the pages of earlier quarters ---------------------------------------------------------------


@pytest.fixture
def merged(client_for, admin, goals, department_b, department_e):
    client = client_for(admin)
    preview = client.post(MERGE, merge_form(department_b, department_e))
    client.post(
        MERGE, merge_form(department_b, department_e, action="apply", digest=digest_of(preview))
    )
    return Department.objects.get(short_name="区科技经信局")


def ranking_names(response) -> list[str]:
    return [row[0] for row in table_rows(response, "department-table")]


def test_ranking_of_an_earlier_quarter_lists_the_units_that_reported(client_for, leader, merged):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    q3 = client.get(dashboard, {"year": 2023, "quarter": 3})
    assert sorted(ranking_names(q3)) == sorted(["区发改局", "区科技局", "区经信局"])
    q4 = client.get(dashboard, {"year": 2023, "quarter": 4})
    assert sorted(ranking_names(q4)) == sorted(["区发改局", "区科技经信局"])


def test_department_page_of_a_unit_merged_away_shows_its_goals_then(
    client_for, supervisor, merged, department_b
):
    client = client_for(supervisor)
    url = reverse("targets:department_detail", args=[department_b.pk])
    q3 = client.get(url, {"year": 2023, "quarter": 3})
    assert [row[0] for row in table_rows(q3, "goal-table")] == ["1.1", "1.3"]
    note = element_text(q3.content.decode(), "department-reorganised")
    assert note == (
        "2023-10-01机构调整：区科技局、区经信局 → 区科技经信局。 "
        "已归档：此前各季度仍显示其报送情况。"
    )
    q4 = client.get(url, {"year": 2023, "quarter": 4})
    assert table_rows(q4, "goal-table") == [["没有符合条件的目标任务。"]]
    # The merged unit answers for them from the quarter of the merge on, not before.
    merged_url = reverse("targets:department_detail", args=[merged.pk])
    merged_q4 = client.get(merged_url, {"year": 2023, "quarter": 4})
    assert [row[0] for row in table_rows(merged_q4, "goal-table")] == ["1.1", "1.2", "1.3"]
    merged_q3 = client.get(merged_url, {"year": 2023, "quarter": 3})
    assert table_rows(merged_q3, "goal-table") == [["没有符合条件的目标任务。"]]


def test_department_page_names_a_renamed_unit_as_it_was_called(
    client_for, admin, supervisor, goals, department_b
):
    client = client_for(admin)
    form = {
        "department": department_b.pk,
        "name": "洪山区科学技术和人才局",
        "short_name": "区科技人才局",
        "effective_on": "2023-10-01",
        "reason": REASON,
        "action": "preview",
    }
    preview = client.post(RENAME, form)
    client.post(RENAME, {**form, "action": "apply", "digest": digest_of(preview)})
    page = client_for(supervisor).get(
        reverse("targets:department_detail", args=[department_b.pk]), {"year": 2023, "quarter": 3}
    )
    assert element_text(page.content.decode(), "department-name-then") == (
        "2023年第3季度时名为洪山区科学技术局。"
    )


def test_staff_of_the_merged_unit_report_on_its_goals(client_for, merged, goals):
    staff = UserFactory(username="staff_m", department=merged, role=Role.STAFF)
    response = client_for(staff).get(
        reverse("targets:quarterly_update_edit", args=[goals["1.2"].pk])
    )
    assert response.status_code == 200
