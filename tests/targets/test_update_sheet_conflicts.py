"""
An old workbook never overwrites newer work: a department downloads its
workbook, a goal is changed on the web, the old workbook comes back. The
preview shows each conflict (the workbook's value, Luoshi's, who changed it
and when) and keeps Luoshi's unless the uploader picks the workbook's.
"""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from targets.choices import UpdateAction, UpdateStatus
from targets.io.update_sheets import BASE_ROW, META_SHEET
from targets.models import IndicatorActual, QuarterlyUpdate, UpdateSheetUpload
from targets.periods import Quarter
from targets.services.archive import plan_archive, plan_purge
from targets.services.review import quarterly_update_return
from targets.services.update_sheets import update_sheet_check, update_sheet_read
from targets.services.update_sheets.conflicts import upload_reason
from targets.services.updates import UpdateData, quarterly_update_submit
from tests.factories import GoalFactory, IndicatorFactory, QuarterlyUpdateFactory
from tests.helpers import rezip
from tests.html import messages_of, text
from tests.targets import test_update_sheets
from tests.targets.test_update_sheets import (
    REPORT,
    UPLOAD,
    confirm,
    download,
    fill,
    preview,
    stored,
    token_of,
    upload,
)

pytestmark = pytest.mark.django_db

goals = test_update_sheets.goals  # the fixture: A's goals 2.2.3 (rows 4–5) and 2.2.4 (rows 6–7)
in_english = test_update_sheets.in_english  # the fixture: staff_a's client, in English

CONFLICT = "与更新的修改冲突"
KEPT = "下载后已在系统中修改，保留不变"
NEWER = "全年净增高企96家，其中第四季度新增12家（网页上补充）。"
IN_FILE = "表格中改写的2.2.3进展。"
OTHER_ROW = "表格中改写的2.2.4进展。"


@pytest.fixture
def reported(client_for, staff_a, goals, department_a):
    """Both of A's goals reported for 2023 Q4 (an earlier workbook), and A's client."""
    client = client_for(staff_a)
    assert (
        confirm(client, upload(client, fill(download(client, department_a), REPORT))).status_code
        == 302
    )
    return client


def web_edit(client, goal, **fields):
    """Change the goal's Q4 report in the web form, as a person would; returns when it was saved."""
    update = QuarterlyUpdate.objects.get(goal=goal, year=2023, quarter=4)
    data = {
        "year": 2023,
        "quarter": 4,
        "version": update.version,
        "status": update.status,
        "percent_complete": update.percent_complete,
        "override_reason": update.override_reason,
        "progress": update.progress,
        "problems": update.problems,
        "next_steps": update.next_steps,
        "action": "submit",
    }
    for actual in update.actuals.all():
        data[f"indicator_{actual.indicator_id}"] = str(actual.value)
    data.update(fields)
    response = client.post(reverse("targets:quarterly_update_edit", args=[goal.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return update.history.latest().history_date


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def progress_of(goal) -> str:
    return QuarterlyUpdate.objects.get(goal=goal, year=2023, quarter=4).progress


def conflict_text(response, goal) -> str:
    html = response.content.decode()
    return text(html.split(f'id="conflict-{goal.pk}"', 1)[1].split("</tr>", 1)[0])


# -- the story, through the web ------------------------------------------------------------


def test_old_workbook_keeps_the_newer_web_edit_unless_the_file_is_picked(
    client_for, staff_a, staff_a2, reported, goals, department_a
):
    client = reported
    old = download(client, department_a)  # the department's workbook, filled in from Q4
    edited_at = web_edit(client_for(staff_a2), goals["a"], progress=NEWER)
    edited = fill(old, {"H4": IN_FILE, "H6": OTHER_ROW})

    response = upload(client_for(staff_a), edited)
    assert preview(response) == [("2.2.3", CONFLICT), ("2.2.4", "更新")]
    html = response.content.decode()
    assert "有1项目标任务在表格下载后已在系统中修改，且与表格中的内容不同。" in text(html)
    conflict = conflict_text(response, goals["a"])
    assert f"表格下载后，staff_a2于{local(edited_at)}在系统中修改过（在网页上填报）。" in conflict
    assert f"系统中现为：{NEWER}" in conflict
    assert f"表格中为：{IN_FILE}" in conflict
    # Luoshi's value is the default.
    pk = goals["a"].pk
    assert re.search(rf'name="choice-{pk}" id="keep-{pk}" value="current" checked', html)
    assert not re.search(rf'id="take-{pk}" value="file" checked', html)
    assert "冲突1项（采用表格内容0项，保留系统内容1项）" in html

    response = confirm(client, response)
    assert response.status_code == 302
    assert progress_of(goals["a"]) == NEWER
    assert progress_of(goals["a2"]) == OTHER_ROW
    assert "冲突1项（采用表格内容0项，保留系统内容1项）" in messages_of(response)[0]

    # The same workbook again, the workbook's value picked for 2.2.3 this time.
    response = upload(client, edited)
    assert preview(response) == [("2.2.3", CONFLICT), ("2.2.4", "无变化")]
    response = client.post(UPLOAD, {"token": token_of(response), f"choice-{pk}": "file"})
    assert response.status_code == 302
    assert progress_of(goals["a"]) == IN_FILE
    assert "冲突1项（采用表格内容1项，保留系统内容0项）" in messages_of(response)[0]
    # The update's history says whose change the workbook's value replaced.
    event = QuarterlyUpdate.objects.get(goal=goals["a"], quarter=4).events.last()
    assert (event.action, event.actor) == (UpdateAction.SUBMITTED, staff_a)
    assert event.comment == "upload: 进展.xlsx; workbook over newer"
    record = QuarterlyUpdate.objects.get(goal=goals["a"], quarter=4).history.latest()
    assert record.history_change_reason == "upload: 进展.xlsx; workbook over newer"
    timeline = client.get(goals["a"].get_absolute_url()).content.decode()
    events = timeline.split(f'id="events-{event.update_id}"', 1)[1].split("</ol>", 1)[0]
    assert "上传自进展.xlsx；选择采用表格中的内容，替换了系统中更新的修改" in text(events)


def test_row_left_as_downloaded_leaves_the_newer_web_edit_alone(
    client_for, staff_a, staff_a2, reported, goals, department_a
):
    old = download(reported, department_a)
    edited_at = web_edit(client_for(staff_a2), goals["a"], progress=NEWER)
    client = client_for(staff_a)
    response = upload(client, fill(old, {"H6": OTHER_ROW}))
    assert preview(response) == [("2.2.3", KEPT), ("2.2.4", "更新")]
    html = text(response.content.decode())
    assert f"表格下载后，staff_a2于{local(edited_at)}在系统中修改过（在网页上填报）。" in html
    assert "表格中该行与下载时相同：保留系统中的填报内容。" in html
    assert "有1项目标任务" not in html  # no conflict to settle
    assert confirm(client, response).status_code == 302
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (NEWER, OTHER_ROW)

    # Nothing else in the workbook: nothing to confirm, and the page says why.
    response = upload(client, old)
    assert preview(response) == [("2.2.3", KEPT), ("2.2.4", KEPT)]
    assert token_of(response) is None
    assert "下载后已在系统中修改的目标任务保留不变" in response.content.decode()


def test_conflict_preview_in_english(reported, in_english, staff_a2, goals, department_a):
    client = in_english
    old = download(client, department_a)
    quarterly_update_submit(
        goals["a"],
        Quarter(2023, 4),
        UpdateData(
            status=UpdateStatus.COMPLETED,
            percent_complete=100,
            progress=NEWER,
            actuals={goals["a"].indicators.get().pk: 96},
        ),
        user=staff_a2,
    )
    response = upload(client, fill(old, {"H4": IN_FILE}))
    assert preview(response) == [("2.2.3", "Conflicts with a newer change"), ("2.2.4", "Unchanged")]
    conflict = conflict_text(response, goals["a"])
    assert "Changed in Luoshi by staff_a2 at " in conflict
    assert "(on the web), after the workbook was downloaded." in conflict
    assert f"In Luoshi now: {NEWER} In the workbook: {IN_FILE}" in conflict
    assert "Keep the values in Luoshi Use the workbook's values" in conflict


# -- the workbook's own uploads are not newer work -------------------------------------------------


def test_returned_report_corrected_in_the_same_workbook_is_an_ordinary_change(
    client_for, staff_a, supervisor, goals, department_a
):
    client = client_for(staff_a)
    filled = fill(download(client, department_a), REPORT)
    confirm(client, upload(client, filled))
    update = QuarterlyUpdate.objects.get(goal=goals["a"])
    quarterly_update_return(update, user=supervisor, comment="请补充第四季度的情况。")
    response = upload(client, fill(filled, {"H4": "补充了第四季度的情况。"}))
    assert preview(response) == [("2.2.3", "更新"), ("2.2.4", "无变化")]
    assert confirm(client, response).status_code == 302
    assert progress_of(goals["a"]) == "补充了第四季度的情况。"


def test_second_copy_of_a_download_does_not_undo_the_first(
    client_for, staff_a, staff_a2, reported, goals, department_a
):
    blank = download(reported, department_a)
    first = fill(blank, {"H4": IN_FILE})
    confirm(reported, upload(reported, first))
    # A colleague's copy of the same download: 2.2.3 as downloaded, 2.2.4 edited.
    client = client_for(staff_a2)
    response = upload(client, fill(blank, {"H6": OTHER_ROW}))
    assert preview(response) == [("2.2.3", KEPT), ("2.2.4", "更新")]
    confirm(client, response)
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (IN_FILE, OTHER_ROW)

    # The first copy again, after 2.2.3 was changed on the web: its row is as it uploaded it,
    # and 2.2.4 as downloaded: both reports are left as they are.
    web_edit(client, goals["a"], progress=NEWER)
    client = client_for(staff_a)
    response = upload(client, first)
    assert preview(response) == [("2.2.3", KEPT), ("2.2.4", KEPT)]
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (NEWER, OTHER_ROW)


# -- workbooks made before the bases were kept -----------------------------------------------------


def as_made_before_bases(data: bytes, made: datetime.datetime | None) -> bytes:
    """The workbook as Luoshi wrote it before version 2: no token, no time, no bases."""
    book = load_workbook(io.BytesIO(data))
    meta = book[META_SHEET]
    meta["B2"] = 1
    for row in (9, 10):
        meta.cell(row, 1).value = meta.cell(row, 2).value = None
    meta.delete_rows(BASE_ROW, 100)
    if made is not None:
        book.properties.created = made.astimezone(datetime.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    if made is not None:
        return buffer.getvalue()
    created = re.compile(rb"<dcterms:created[^>]*>[^<]*</dcterms:created>")
    return rezip(
        buffer.getvalue(), replace={"docProps/core.xml": lambda xml: created.sub(b"", xml)}
    )


def backdate_reports(hours: int) -> None:
    """The reports written so far, as if they were written ``hours`` ago."""
    shift = datetime.timedelta(hours=hours)
    QuarterlyUpdate.history.update(history_date=F("history_date") - shift)
    IndicatorActual.history.update(history_date=F("history_date") - shift)


def test_old_workbook_row_changed_on_the_web_after_it_was_made_is_a_conflict(
    client_for, staff_a, staff_a2, reported, goals, department_a
):
    backdate_reports(2)
    made = timezone.now() - datetime.timedelta(hours=1)
    old = as_made_before_bases(download(reported, department_a), made)
    web_edit(client_for(staff_a2), goals["a"], progress=NEWER)
    client = client_for(staff_a)
    # 2.2.3 is left as downloaded, but nothing tells: it is a conflict all the same.
    response = upload(client, fill(old, {"H6": OTHER_ROW}))
    assert preview(response) == [("2.2.3", CONFLICT), ("2.2.4", "更新")]
    html = response.content.decode()
    note = html.split('id="upload-old-workbook">', 1)[1].split("</div>", 1)[0]
    assert note == (
        "该表格下载于落实系统记录各行填报依据之前：凡与表格生成"
        f"（{local(made)}）后在系统中修改过的填报内容不同的行，无论是否修改过，均视为冲突。"
    )
    assert confirm(client, response).status_code == 302
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (NEWER, OTHER_ROW)


def test_old_workbook_without_a_time_treats_every_differing_row_as_a_conflict(
    client_for, staff_a, reported, goals, department_a
):
    backdate_reports(2)
    # (openpyxl, which fills it in here, would give a workbook without a time the present one)
    old = as_made_before_bases(fill(download(reported, department_a), {"H4": IN_FILE}), None)
    sheet = update_sheet_read("旧.xlsx", old)
    assert (sheet.bases, sheet.generated) == ({}, "")
    result = update_sheet_check(sheet, user=staff_a)
    assert [(c.goal.code, c.action) for c in result.goals] == [
        ("2.2.3", "conflict"),
        ("2.2.4", "unchanged"),
    ]
    assert "且无法确定其生成时间" in result.note


def test_old_workbook_row_not_changed_since_it_was_made_is_an_ordinary_change(
    staff_a, reported, goals, department_a
):
    backdate_reports(2)
    old = as_made_before_bases(download(reported, department_a), timezone.now())
    result = update_sheet_check(
        update_sheet_read("旧.xlsx", fill(old, {"H4": IN_FILE})), user=staff_a
    )
    assert [(c.goal.code, c.action) for c in result.goals] == [
        ("2.2.3", "updated"),
        ("2.2.4", "unchanged"),
    ]
    assert result.note.startswith("该表格下载于落实系统记录各行填报依据之前")


# -- the command -----------------------------------------------------------------------------------


@pytest.fixture
def old_file(reported, goals, department_a, staff_a2, tmp_path):
    """A's workbook exported, 2.2.3 then changed on the web; the file edits both rows."""
    path = tmp_path / "fgj.xlsx"
    call_command(
        "export_update_sheet",
        "--year",
        "2023",
        "--quarter",
        "4",
        "--department",
        "fgj",
        "-o",
        str(path),
    )
    quarterly_update_submit(
        goals["a"],
        Quarter(2023, 4),
        UpdateData(
            status=UpdateStatus.COMPLETED,
            percent_complete=100,
            progress=NEWER,
            actuals={goals["a"].indicators.get().pk: 96},
        ),
        user=staff_a2,
    )
    path.write_bytes(fill(path.read_bytes(), {"H4": IN_FILE, "H6": OTHER_ROW}))
    return path


def test_import_command_keeps_newer_work_and_lists_the_conflict(old_file, goals, capsys):
    edited_at = (
        QuarterlyUpdate.objects.get(goal=goals["a"], quarter=4).history.latest().history_date
    )
    call_command("import_update_sheet", str(old_file), "--user", "staff_a")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"2.2.3 {CONFLICT}  changed in Luoshi by staff_a2 at {local(edited_at)} (在网页上填报); "
        f"进展情况: Luoshi {NEWER} | workbook {IN_FILE}; "
        "Luoshi's values are kept (--take-file 2.2.3 takes the workbook's)"
    )
    assert out[1].startswith("2.2.4 更新")
    assert out[2].endswith("冲突1项（采用表格内容0项，保留系统内容1项），保留不变0项")
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (NEWER, OTHER_ROW)


def test_import_command_takes_the_file_for_the_goals_named(old_file, goals, capsys):
    before = stored()
    call_command("import_update_sheet", str(old_file), "--take-file", "all", "--dry-run")
    assert "the workbook's values are taken" in capsys.readouterr().out
    assert stored() == before
    call_command("import_update_sheet", str(old_file), "--user", "staff_a", "--take-file", "2.2.3")
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (IN_FILE, OTHER_ROW)


def test_import_command_refuses_a_goal_not_in_conflict(old_file, goals):
    before = stored()
    with pytest.raises(CommandError, match=r"Not in conflict: 2\.2\.4, 9\.9\.9"):
        call_command(
            "import_update_sheet",
            str(old_file),
            "--user",
            "staff_a",
            "--take-file",
            "2.2.4",
            "--take-file",
            "9.9.9",
        )
    assert stored() == before


def test_import_command_says_how_an_old_workbook_is_compared(
    reported, goals, department_a, tmp_path, capsys
):
    path = tmp_path / "old.xlsx"
    path.write_bytes(as_made_before_bases(download(reported, department_a), None))
    call_command("import_update_sheet", str(path), "--dry-run")
    assert capsys.readouterr().out.startswith(
        "该表格下载于落实系统记录各行填报依据之前，且无法确定"
    )


# -- the confirmation's input ----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["中文令牌", "x" * 101])
def test_confirm_with_a_token_that_cannot_match_is_refused_cleanly(
    client_for, staff_a, goals, department_a, token
):
    client = client_for(staff_a)
    assert token_of(upload(client, fill(download(client, department_a), REPORT)))  # pending
    response = client.post(UPLOAD, {"token": token})
    assert response.status_code == 302
    assert "该预览已失效：请重新上传表格。" in client.get(response.url).content.decode()
    assert not QuarterlyUpdate.objects.exists()


def test_confirm_ignores_choices_for_goals_not_in_conflict(
    client_for, staff_a, staff_a2, reported, goals, department_a
):
    old = download(reported, department_a)
    web_edit(client_for(staff_a2), goals["a"], progress=NEWER)
    client = client_for(staff_a)
    response = upload(client, fill(old, {"H4": IN_FILE, "H6": OTHER_ROW}))
    choices = {
        f"choice-{goals['a2'].pk}": "file",  # no conflict
        "choice-²": "file",
        "choice-": "file",
        f"choice-{goals['a'].pk}": "both",  # neither choice: Luoshi's is kept
    }
    response = client.post(UPLOAD, {"token": token_of(response), **choices})
    assert response.status_code == 302
    assert (progress_of(goals["a"]), progress_of(goals["a2"])) == (NEWER, OTHER_ROW)


# -- the cost --------------------------------------------------------------------------------------


@pytest.mark.parametrize("goal_count", [1, 20])
def test_check_with_conflicts_query_count_does_not_grow(
    client_for, staff_a, plan, department_a, django_assert_num_queries, goal_count
):
    for number in range(goal_count):
        goal = GoalFactory(plan=plan, code=f"9.{number}", leads=[department_a])
        IndicatorFactory(goal=goal)
        QuarterlyUpdateFactory(goal=goal, quarter=4, progress="四季度进展。")
    data = download(client_for(staff_a), department_a, year=2023, quarter=4)
    QuarterlyUpdate.objects.update(progress="网页上改过。")  # changed since the download
    cells = {f"H{4 + 2 * number}": f"表格中第{number}项。" for number in range(goal_count)}
    sheet = update_sheet_read("x.xlsx", fill(data, cells))
    # As without conflicts (8, whatever the number of rows), and what the workbook's
    # uploads wrote and the history of the reports: one query each.
    with django_assert_num_queries(10):
        result = update_sheet_check(sheet, user=staff_a)
    assert result.counts["conflict"] == goal_count


def test_purge_removes_what_uploads_wrote(admin, reported, goals, plan):
    assert UpdateSheetUpload.objects.count() == 2
    plan_archive(plan, user=admin)
    record = plan_purge(plan, user=admin, reason="测试数据。")
    assert record.counts["workbook upload"] == 2
    assert not UpdateSheetUpload.objects.exists()


def test_history_keeps_the_choice_even_for_a_long_file_name():
    reason = upload_reason("很长的文件名" * 30 + ".xlsx", over_newer=True)
    assert len(reason) == 100
    assert reason.startswith("upload: 很长的文件名") and reason.endswith("; workbook over newer")
    assert upload_reason("进展.xlsx") == "upload: 进展.xlsx"
