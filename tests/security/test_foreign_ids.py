"""
Ids changed in the browser: a form of department A's staff whose hidden fields
(or URL) are edited to point at department B's goal, update, indicator,
attachment or workbook rows is refused, says so where the page can, and writes
nothing. Every form that posts an id or a version is here; the permission
matrix covers the URLs themselves.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from targets.choices import PeriodState, PlanState
from targets.models import GoalComment, IndicatorActual, ReportingPeriod
from targets.periods import Quarter
from targets.services.updates import UpdateData, quarterly_update_submit
from tests.factories import PlanFactory
from tests.html import messages_of

from .expectations import _import_goal_form, _update_form
from .world import PDF_BYTES, WORKBOOK_REPORT, changed_tables, fill_workbook, snapshot

NOT_FOUND_PAGE = "页面不存在"


@pytest.fixture
def unchanged(w):
    """Call after the requests: asserts that no table changed since the test began."""
    before = snapshot()

    def check():
        assert changed_tables(before, snapshot()) == []

    return check


def reason_of(response) -> str:
    """The reason a 403 page gives (templates/403.html)."""
    html = response.content.decode()
    return html.split('id="reason">', 1)[1].split("</p>", 1)[0]


# -- the quarterly update form: indicator_<pk>, version, year/quarter -----------------------


def test_update_form_indicator_of_another_departments_goal_is_ignored(w):
    form = _update_form(w, "staff_a") | {f"indicator_{w.b.indicator.pk}": "999"}
    response = w.client("staff_a").post(
        reverse("targets:quarterly_update_edit", args=[w.a.goal.pk]), form
    )
    assert response.status_code == 302  # A's own report went through...
    # ...and B's indicator got no value, in A's update or in B's.
    assert list(IndicatorActual.objects.filter(indicator=w.b.indicator).values_list("value")) == [
        (w.b.update.actuals.get().value,)
    ]
    assert set(w.a.update.actuals.values_list("indicator_id", flat=True)) == {w.a.indicator.pk}


def test_update_service_refuses_an_indicator_of_another_goal(w, unchanged):
    data = UpdateData(
        status="on_track",
        percent_complete=90,
        progress="进展。",
        actuals={w.b.indicator.pk: 1},
        override_reason="按计划。",
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        quarterly_update_submit(w.a.goal, Quarter(2023, 4), data, user=w.users["staff_a"])
    assert error.value.messages == ["填报了不属于本目标任务的指标。"]
    unchanged()


def test_update_form_posted_to_another_departments_goal_is_404(w, unchanged):
    form = _update_form(w, "staff_a") | {
        "version": w.b.update.version,
        f"indicator_{w.b.indicator.pk}": "1",
    }
    response = w.client("staff_a").post(
        reverse("targets:quarterly_update_edit", args=[w.b.goal.pk]), form
    )
    assert response.status_code == 404
    assert NOT_FOUND_PAGE in response.content.decode()
    unchanged()


def test_update_form_with_another_version_is_refused_as_stale(w, unchanged):
    form = _update_form(w, "staff_a") | {"version": w.a.update.version + 5}
    response = w.client("staff_a").post(
        reverse("targets:quarterly_update_edit", args=[w.a.goal.pk]), form
    )
    assert response.status_code == 200
    assert 'id="stale-update"' in response.content.decode()
    assert "您填写的内容尚未保存" in response.content.decode()
    unchanged()


def test_update_form_for_a_quarter_outside_the_plan_is_refused(w, unchanged):
    form = _update_form(w, "staff_a") | {"year": 2022, "version": 0}
    response = w.client("staff_a").post(
        reverse("targets:quarterly_update_edit", args=[w.a.goal.pk]), form
    )
    assert response.status_code == 200
    assert "不能填报2022年第4季度的进展" in response.content.decode()
    unchanged()


# -- review: the update in the URL, its version, where to go back --------------------------


def test_review_of_another_departments_update_is_404_for_staff(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:quarterly_update_review", args=[w.b.update.pk]),
        {"action": "approve", "version": w.b.update.version},
    )
    assert response.status_code == 404
    unchanged()


def test_review_with_another_version_does_nothing(w, unchanged):
    response = w.client("supervisor").post(
        reverse("targets:quarterly_update_review", args=[w.a.update.pk]),
        {"action": "approve", "version": w.a.update.version + 1},
    )
    assert response.status_code == 200  # the goal's page again, the refusal on the update
    assert (
        "您打开页面后，2.2.3 2023年第4季度进展已有修改，本次操作未执行。请重新查看后再审核。"
        in response.content.decode()
    )
    unchanged()


def test_batch_approval_with_another_departments_version_does_nothing(w, unchanged):
    """The versions are per update: one that is not current refuses the whole batch."""
    response = w.client("supervisor").post(
        reverse("targets:review_list"),
        {
            "action": "approve_selected",
            "selected": [w.a.update.pk, w.b.update.pk],
            f"version-{w.a.update.pk}": w.a.update.version,
            f"version-{w.b.update.pk}": w.b.update.version + 1,
        },
    )
    assert response.status_code == 200
    assert "3.1.1 2023年第4季度：您打开页面后，该进展已有修改。" in response.content.decode()
    unchanged()


def test_review_next_pointing_off_site_is_ignored(w):
    response = w.client("supervisor").post(
        reverse("targets:quarterly_update_review", args=[w.a.update.pk]),
        {"action": "approve", "version": w.a.update.version, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == w.a.update.get_absolute_url()


# -- evidence: the attachment or update in the URL ------------------------------------------


def test_attachment_of_another_department_cannot_be_deleted(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:attachment_delete", args=[w.b.attachment.pk])
    )
    assert response.status_code == 404
    unchanged()


def test_attachment_of_another_department_cannot_be_downloaded(w):
    response = w.client("staff_a").get(
        reverse("targets:attachment_download", args=[w.b.attachment.pk])
    )
    assert response.status_code == 404


def test_evidence_cannot_be_attached_to_another_departments_update(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:attachment_upload", args=[w.b.update.pk]),
        {"files": [SimpleUploadedFile("证明.pdf", PDF_BYTES, "application/pdf")]},
    )
    assert response.status_code == 404
    unchanged()


def test_colleague_cannot_delete_someone_elses_attachment(w, unchanged):
    response = w.client("staff_a2").post(
        reverse("targets:attachment_delete", args=[w.a.attachment.pk])
    )
    assert response.status_code == 403
    assert reason_of(response) == "只有上传人或督查室可以删除佐证材料，且仅限该季度进展仍可修改时。"
    unchanged()


# -- milestones and comments: the goal in the URL, a goal id in the body ------------------


def test_milestones_of_another_departments_goal_are_404(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:goal_milestones", args=[w.b.goal.pk]),
        {"percent_1": 10, "percent_2": 30, "percent_3": 60, "percent_4": 100},
    )
    assert response.status_code == 404
    unchanged()


def test_comment_on_another_departments_goal_is_404(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:goal_comment_create", args=[w.b.goal.pk]), {"text": "越权的意见"}
    )
    assert response.status_code == 404
    unchanged()


def test_comment_with_a_goal_id_in_the_body_lands_on_the_goal_of_the_url(w):
    response = w.client("staff_a").post(
        reverse("targets:goal_comment_create", args=[w.a.goal.pk]),
        {"text": "本单位的意见", "goal": w.b.goal.pk, "goal_id": w.b.goal.pk},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["意见已发表。"]
    assert list(GoalComment.objects.filter(text="本单位的意见").values_list("goal_id")) == [
        (w.a.goal.pk,)
    ]
    assert w.b.goal.comments.count() == 1


# -- department filters and pages ---------------------------------------------------------


def test_goal_list_filtered_by_another_department_shows_none_of_its_goals(w):
    response = w.client("staff_a").get(
        reverse("targets:goal_list"), {"department": w.b.department.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert w.b.goal.title not in html
    assert w.b.department.short_name not in html.split('id="goal-filter"', 1)[1]


@pytest.mark.parametrize("name", ["targets:department_detail", "targets:update_sheet_download"])
def test_another_departments_pages_are_404(w, name):
    response = w.client("staff_a").get(reverse(name, args=[w.b.department.pk]))
    assert response.status_code == 404


def test_dashboard_of_staff_names_no_other_department(w):
    html = w.client("staff_a").get(reverse("targets:dashboard")).content.decode()
    assert w.a.department.short_name in html
    assert w.b.department.short_name not in html


# -- reporting periods ----------------------------------------------------------------------


def test_period_of_a_draft_plan_is_404_for_the_supervision_office(w):
    draft = PlanFactory(year=2024, title="2024年草案", state=PlanState.DRAFT)
    period = ReportingPeriod.objects.create(
        plan=draft, year=2024, quarter=1, due_date=datetime.date(2024, 3, 25)
    )
    before = snapshot()
    client = w.client("supervisor")
    assert client.post(reverse("targets:period_close", args=[period.pk])).status_code == 404
    response = client.post(reverse("targets:period_reopen", args=[period.pk]), {"reason": "补报"})
    assert response.status_code == 404
    assert changed_tables(before, snapshot()) == []
    period.refresh_from_db()
    assert period.state == PeriodState.OPEN


def test_staff_cannot_close_a_period(w, unchanged):
    response = w.client("staff_a").post(reverse("targets:period_close", args=[w.period.pk]))
    assert response.status_code == 403
    assert reason_of(response) == "只有督查室可以管理报送期。"
    unchanged()


# -- plan imports: the import and the goal index in the URL, the version in the body -------


def test_staff_cannot_edit_a_plan_import(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:plan_import_goal_edit", args=[w.plan_import.pk, 0]),
        _import_goal_form(w, "staff_a"),
    )
    assert response.status_code == 403
    assert reason_of(response) == "只有管理员可以导入工作方案。"
    unchanged()


def test_plan_import_goal_index_out_of_the_draft_changes_nothing(w, unchanged):
    client = w.client("admin")
    edit = client.post(
        reverse("targets:plan_import_goal_edit", args=[w.plan_import.pk, 99]),
        _import_goal_form(w, "admin"),
    )
    assert edit.status_code == 302
    assert messages_of(edit) == ["该任务已不在草稿中。"]
    action = client.post(
        reverse("targets:plan_import_goal_action", args=[w.plan_import.pk, 99, "delete"]),
        {"version": w.plan_import.version},
    )
    assert action.status_code == 302
    assert messages_of(action)[-1] == "不能对该任务进行此操作，未作任何修改。"
    unchanged()


def test_plan_import_edit_with_another_version_changes_nothing(w, unchanged):
    response = w.client("admin").post(
        reverse("targets:plan_import_goal_edit", args=[w.plan_import.pk, 0]),
        _import_goal_form(w, "admin") | {"version": w.plan_import.version + 1},
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "您打开此页面后，草稿已在其他窗口中被修改。本次内容未保存，下面是当前的草稿。"
    ]
    unchanged()


def test_plan_import_owners_outside_the_draft_change_nothing(w, unchanged):
    """Rows and sections the draft does not have, in the owners table's body, are ignored."""
    response = w.client("admin").post(
        reverse("targets:plan_import_owners", args=[w.plan_import.pk]),
        {"version": w.plan_import.version, "lead-99": "区发改局", "section-lead-99": "区发改局"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["没有任何改动。"]
    unchanged()


def test_plan_import_owners_with_another_version_change_nothing(w, unchanged):
    response = w.client("admin").post(
        reverse("targets:plan_import_owners", args=[w.plan_import.pk]),
        {"version": w.plan_import.version + 1, "lead-0": "区发改局"},
    )
    assert response.status_code == 200
    assert "草稿已在其他窗口中被修改" in messages_of(response)[0]
    unchanged()


def test_staff_cannot_set_the_owners_of_a_plan_import(w, unchanged):
    response = w.client("staff_a").post(
        reverse("targets:plan_import_owners", args=[w.plan_import.pk]),
        {"version": w.plan_import.version, "lead-0": "区发改局"},
    )
    assert response.status_code == 403
    assert reason_of(response) == "只有管理员可以导入工作方案。"
    unchanged()


def test_plan_import_confirm_without_the_choice_changes_nothing(w, unchanged):
    """The world's draft names no owners: confirming it needs “confirm anyway”."""
    response = w.client("admin").post(
        reverse("targets:plan_import_confirm", args=[w.plan_import.pk]),
        {"version": w.plan_import.version},
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "2项任务尚未指定牵头单位。请先指定，或勾选“仍然确认”后在没有牵头单位的情况下导入。"
        "本次未导入。"
    ]
    unchanged()


# -- the Excel round trip: goal codes and the department in the workbook, the token --------

UPLOAD = reverse("targets:update_sheet_upload")


def upload(client, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile("进展.xlsx", data)})


def test_workbook_of_another_department_is_refused(w, unchanged):
    response = upload(w.client("staff_a"), w.workbook_b)
    html = response.content.decode()
    assert response.status_code == 200
    assert "任务编号“3.1.1”不是本单位的任务。" in html
    assert 'name="token"' not in html  # nothing to confirm
    unchanged()


def test_workbook_row_changed_to_another_departments_goal_is_refused(w, unchanged):
    tampered = fill_workbook(w.workbook_a, {**WORKBOOK_REPORT, "A4": w.b.goal.code})
    response = upload(w.client("staff_a"), tampered)
    html = response.content.decode()
    assert response.status_code == 200
    assert "任务编号“3.1.1”不是本单位的任务。" in html
    assert 'name="token"' not in html
    unchanged()


def test_upload_confirmed_with_a_made_up_token_changes_nothing(w, unchanged):
    response = w.client("staff_a").post(UPLOAD, {"token": "made-up"})
    assert response.status_code == 302
    assert response.url == UPLOAD
    assert messages_of(response) == ["该预览已失效：请重新上传表格。"]
    unchanged()


def test_upload_token_of_another_users_preview_changes_nothing(w, unchanged):
    preview = upload(w.client("staff_a"), w.workbook_a)
    html = preview.content.decode()
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    response = w.client("staff_b").post(UPLOAD, {"token": token})
    assert response.status_code == 302
    assert messages_of(response) == ["该预览已失效：请重新上传表格。"]
    unchanged()
