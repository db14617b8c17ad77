"""Importing a plan in the browser: read, preview, correct, confirm; bad input writes nothing."""

import copy
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from targets.choices import ImportState
from targets.io.draft import PlanDraft
from targets.models import Goal, Plan, PlanImport
from tests.helpers import zip_of
from tests.html import joined_text, messages_of

pytestmark = pytest.mark.django_db

SEED = (Path(settings.BASE_DIR) / "targets" / "demo" / "hongshan-2023-work-report.txt").read_text()
NEW = reverse("targets:plan_import_new")
LIST = reverse("targets:plan_import_list")


def nothing_written():
    return not PlanImport.objects.exists() and not Plan.objects.exists()


@pytest.fixture
def pending(client_for, admin):
    client = client_for(admin)
    response = client.post(NEW, {"text": SEED, "title": "洪山区2023年政府工作报告"})
    assert response.status_code == 302
    return PlanImport.objects.get()


def error_of(response) -> str:
    match = re.search(r'id="import-errors">(.*?)</div>\s*\n', response.content.decode(), re.S)
    return joined_text(match.group(1)) if match else ""


@pytest.mark.parametrize("url", [LIST, NEW])
def test_import_pages_anonymous_redirect_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader"])
def test_import_pages_refused_to_other_roles(client_for, who, request, admin):
    client = client_for(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403
    response = client.post(NEW, {"text": SEED})
    assert response.status_code == 403
    assert "只有管理员可以导入工作方案" in response.content.decode()
    assert nothing_written()


def test_paste_opens_a_preview_and_writes_no_plan(client_for, admin, pending):
    assert pending.state == ImportState.PENDING
    assert not Plan.objects.exists()
    html = client_for(admin).get(pending.get_absolute_url()).content.decode()
    assert "目标任务39项、量化指标28个、章节13个" in html
    assert "第27行起的文字像是网页页脚，已略去。" in html
    assert '<mark class="target" title="净增高企: 96家">净增高企96家</mark>' in html
    assert html.count('class="card draft-goal') == 39
    assert "本文仅代表作者观点" not in html.split('id="draft-tree"')[1]


def test_preview_survives_a_reload(client_for, admin, pending):
    client = client_for(admin)
    first = client.get(pending.get_absolute_url()).content.decode()
    second = client.get(pending.get_absolute_url()).content.decode()

    def tree(html):
        token = r'name="csrfmiddlewaretoken" value="\w+"'
        return re.sub(token, "", html.split('id="draft-tree"')[1])

    assert tree(first) == tree(second)


def test_upload_word_document(client_for, admin):
    document = Document()
    document.add_paragraph("2024年区政府工作报告重点任务分解方案")
    document.add_paragraph("一、扩大有效投资")
    document.add_paragraph("1.新开工亿元以上项目50个。(牵头单位:区发改局;配合单位:区财政局)")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("fenjie.docx", buffer.getvalue())
    response = client_for(admin).post(NEW, {"file": upload})
    assert response.status_code == 302
    draft = PlanDraft.from_dict(PlanImport.objects.get().draft)
    assert draft.year == 2024
    goal = draft.all_goals()[0]
    assert (goal.lead_departments, goal.co_departments) == (["区发改局"], ["区财政局"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "请选择文件或粘贴报告文本。"),
        ({"text": "各位代表:"}, "在这段文本中没有找到任务。"),
        (
            {"text": SEED, "file": ("a.txt", "任务。".encode())},
            "请选择文件或粘贴文本，不要同时提供。",
        ),
        ({"file": ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)}, "该文件不是文本"),
        ({"file": ("big.txt", b"a" * (10 * 1024 * 1024 + 1))}, "文件超过10 MB的上限。"),
        (
            {"file": ("fake.docx", zip_of({"data.csv": b"1,2,3"}))},
            "该 .docx 文件已损坏，或不是 Word 文档。",
        ),
        ({"file": ("report.rtf", b"{\\rtf1")}, "不支持的文件类型"),
        ({"file": ("report.pdf", b"%PDF-1.7")}, "该 .pdf 文件已损坏，或不是 PDF 文件。"),
        ({"file": ("empty.txt", b"")}, "文件是空的。"),
    ],
    ids=[
        "empty-paste",
        "no-tasks",
        "both",
        "binary-txt",
        "too-large",
        "zip-not-docx",
        "rtf",
        "damaged-pdf",
        "empty-file",
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(client_for, admin, data, message):
    post = {k: v for k, v in data.items() if k != "file"}
    if "file" in data:
        name, content = data["file"]
        post["file"] = SimpleUploadedFile(name, content)
    response = client_for(admin).post(NEW, post)
    assert response.status_code == 200
    assert message in error_of(response) or message in response.content.decode()
    assert nothing_written()


def test_a_very_repetitive_word_document_is_refused_for_what_is_wrong(client_for, admin):
    """It was refused as holding "XML entities": it holds none, it unpacks too far."""
    document = Document()
    paragraph = document.add_paragraph("推进重点项目建设。")._p
    # The same 30,000 paragraphs add_paragraph() writes (the same document.xml), copied:
    # 0.1 s of CPU where 30,000 add_paragraph() calls took 13 s.
    for _ in range(30_000 - 1):
        paragraph.addnext(copy.deepcopy(paragraph))
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("分解方案.docx", buffer.getvalue())
    response = client_for(admin).post(NEW, {"file": upload})
    assert response.status_code == 200
    assert error_of(response) == (
        "该 .docx 文件中有一个部件解压后超过其压缩大小的 100 倍，办公文件从不会这样"
        "（“压缩炸弹”正是这样制作的），未予读取。"
    )
    assert nothing_written()


def _goal_form(draft_goal, version, **changes):
    data = {
        "version": version,
        "text": draft_goal.text,
        "title": draft_goal.title,
        "lead_departments": "、".join(draft_goal.lead_departments),
        "co_departments": "、".join(draft_goal.co_departments),
        "leaders": "、".join(draft_goal.leaders),
        "deadline": draft_goal.deadline or "",
        "indicators-TOTAL_FORMS": str(len(draft_goal.indicators)),
        "indicators-INITIAL_FORMS": str(len(draft_goal.indicators)),
    }
    for n, indicator in enumerate(draft_goal.indicators):
        data.update(
            {
                f"indicators-{n}-name": indicator.name,
                f"indicators-{n}-phrase": indicator.phrase,
                f"indicators-{n}-comparator": indicator.comparator,
                f"indicators-{n}-value": str(indicator.value),
                f"indicators-{n}-value_max": "",
                f"indicators-{n}-unit": indicator.unit,
                f"indicators-{n}-baseline": (
                    "" if indicator.baseline is None else str(indicator.baseline)
                ),
            }
        )
    data.update(changes)
    return data


def _draft(plan_import):
    plan_import.refresh_from_db()
    return PlanDraft.from_dict(plan_import.draft)


def test_correct_a_goal_owners_and_target(client_for, admin, pending):
    index = 14  # 2.2.1 净增高企96家
    goal = _draft(pending).all_goals()[index]
    url = reverse("targets:plan_import_goal_edit", args=[pending.pk, index])
    data = _goal_form(
        goal,
        pending.version,
        lead_departments="区科技局",
        co_departments="区财政局、各街道",
        deadline="12月底前",
        **{"indicators-0-value": "100"},
    )
    response = client_for(admin).post(url, data)
    assert response.status_code == 302
    corrected = _draft(pending).all_goals()[index]
    assert (corrected.lead_departments, corrected.co_departments) == (
        ["区科技局"],
        ["区财政局", "各街道"],
    )
    assert corrected.deadline == "12月底前"
    assert [str(i.value) for i in corrected.indicators] == ["100"]
    assert pending.version == 2


def test_a_corrected_target_keeps_or_takes_its_baseline(client_for, admin, pending):
    index = 14  # 2.2.1 净增高企96家: the text gives no baseline; the office adds one
    goal = _draft(pending).all_goals()[index]
    url = reverse("targets:plan_import_goal_edit", args=[pending.pk, index])
    page = client_for(admin).get(url).content.decode()
    assert "基数" in page  # the column of the targets' table
    data = _goal_form(goal, pending.version, **{"indicators-0-baseline": "80"})
    assert client_for(admin).post(url, data).status_code == 302
    (corrected,) = _draft(pending).all_goals()[index].indicators
    assert (corrected.value, corrected.baseline) == (goal.indicators[0].value, 80)
    preview = client_for(admin).get(pending.get_absolute_url()).content.decode()
    assert "基数 80" in preview


def test_correct_with_a_stale_version_is_refused(client_for, admin, pending):
    goal = _draft(pending).all_goals()[0]
    url = reverse("targets:plan_import_goal_edit", args=[pending.pk, 0])
    client = client_for(admin)
    client.post(url, _goal_form(goal, 1, lead_departments="区投资促进局"))
    response = client.post(url, _goal_form(goal, 1, lead_departments="区发改局"), follow=True)
    assert "草稿已在其他窗口中被修改" in response.content.decode()
    assert _draft(pending).all_goals()[0].lead_departments == ["区投资促进局"]


def test_correct_with_a_bad_target_shows_the_error_and_saves_nothing(client_for, admin, pending):
    goal = _draft(pending).all_goals()[1]
    url = reverse("targets:plan_import_goal_edit", args=[pending.pk, 1])
    data = _goal_form(goal, 1, **{"indicators-0-comparator": "range", "indicators-1-value": "abc"})
    response = client_for(admin).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "区间目标需要大于目标值的上限。" in html
    assert "请输入数字，如96或1.1。" in html
    pending.refresh_from_db()
    assert pending.version == 1


def test_split_merge_and_remove_goals(client_for, admin, pending):
    client = client_for(admin)
    action = lambda index, name, version: client.post(  # noqa: E731
        reverse("targets:plan_import_goal_action", args=[pending.pk, index, name]),
        {"version": version},
    )
    before = [g.text for g in _draft(pending).all_goals()]
    action(1, "merge", 1)  # 策划55个… + 落实“七个一”…
    after = _draft(pending).all_goals()
    assert len(after) == 38
    assert after[1].text == before[1] + before[2]
    assert [i.value for i in after[1].indicators] == [55, 759, 10, 4]
    action(1, "split", 2)
    assert [g.text for g in _draft(pending).all_goals()] == before
    action(0, "delete", 3)
    assert [g.text for g in _draft(pending).all_goals()] == before[1:]
    response = client.post(
        reverse("targets:plan_import_goal_action", args=[pending.pk, 0, "explode"]), {"version": 4}
    )
    assert response.status_code == 404


def test_confirm_applies_the_draft_once(client_for, admin, pending):
    client = client_for(admin)
    url = reverse("targets:plan_import_confirm", args=[pending.pk])
    response = client.post(url, {"version": 1, "activate": "on", "without_lead": "on"})
    assert messages_of(response) == [
        "已导入“洪山区2023年政府工作报告”：新建目标任务39项、量化指标28个、章节13个。"
    ]
    pending.refresh_from_db()
    assert pending.state == ImportState.APPLIED
    plan = Plan.objects.get()
    assert (plan.state, plan.goals.count()) == ("active", 39)
    assert pending.plan == plan
    # A second confirm (a double click, another server) applies nothing more.
    client.post(url, {"version": 1, "without_lead": "on"})
    assert Goal.objects.count() == 39
    assert Plan.objects.count() == 1


def test_discard(client_for, admin, pending):
    response = client_for(admin).post(reverse("targets:plan_import_discard", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == ImportState.DISCARDED
    assert not Plan.objects.exists()


def test_set_title_and_year_of_a_draft(client_for, admin):
    client = client_for(admin)
    client.post(NEW, {"text": "一、扩大有效投资\n1.新开工亿元以上项目50个。"})
    pending = PlanImport.objects.get()
    assert PlanDraft.from_dict(pending.draft).year is None
    url = reverse("targets:plan_import_plan_edit", args=[pending.pk])
    response = client.post(
        url, {"version": 1, "title": "2025年重点任务", "year": "二〇二五"}, follow=True
    )
    assert "请输入年份，如2023。" in response.content.decode()
    client.post(url, {"version": 1, "title": "2025年重点任务", "year": 2025})
    draft = _draft(pending)
    assert (draft.title, draft.year) == ("2025年重点任务", 2025)


# -- the title, confirming with tasks without a lead, the result in the preview's words -----


def test_a_pasted_report_is_titled_by_its_first_line(client_for, admin):
    client = client_for(admin)
    client.post(NEW, {"text": "2023年洪山区政府工作报告\n\n" + SEED})
    plan_import = PlanImport.objects.get()
    draft = PlanDraft.from_dict(plan_import.draft)
    assert (draft.title, draft.year) == ("2023年洪山区政府工作报告", 2023)
    html = client.get(plan_import.get_absolute_url()).content.decode()
    assert 'id="draft-title">2023年洪山区政府工作报告 <span' in html


def test_a_pasted_excerpt_without_a_title_line_asks_for_one(client_for, admin):
    client = client_for(admin)
    client.post(NEW, {"text": SEED})
    plan_import = PlanImport.objects.get()
    assert PlanDraft.from_dict(plan_import.draft).title == ""
    html = client.get(plan_import.get_absolute_url()).content.decode()
    warnings = joined_text(html.split('id="general-warnings">')[1].split("</div>\n</div>")[0])
    assert "文档中没有标题行，请先填写方案标题再确认导入。" in warnings
    assert "粘贴的文本" not in html.split('id="draft-title">')[1].split("</h1>")[0]


def test_an_uploaded_excerpt_is_titled_by_its_file_name_and_says_so(client_for, admin):
    client = client_for(admin)
    upload = SimpleUploadedFile("hongshan-2023-work-report.txt", SEED.encode())
    client.post(NEW, {"file": upload})
    plan_import = PlanImport.objects.get()
    draft = PlanDraft.from_dict(plan_import.draft)
    assert (draft.title, draft.year) == ("hongshan-2023-work-report", 2023)
    html = client.get(plan_import.get_absolute_url()).content.decode()
    assert "文档中没有标题行，方案标题暂取自文件名，请核对后再确认导入。" in html
    client.post(
        reverse("targets:plan_import_plan_edit", args=[plan_import.pk]),
        {"version": 1, "title": "2023年洪山区政府工作报告（节选）", "year": 2023},
    )
    html = client.get(plan_import.get_absolute_url()).content.decode()
    assert "方案标题暂取自文件名" not in html


def test_confirm_refused_while_tasks_have_no_lead_unless_chosen(client_for, admin, pending):
    client = client_for(admin)
    html = client.get(pending.get_absolute_url()).content.decode()
    assert joined_text(html.split('for="without_lead">')[1].split("</label>")[0]) == (
        "仍然确认：39项任务尚无牵头单位"
    )
    url = reverse("targets:plan_import_confirm", args=[pending.pk])
    refused = client.post(url, {"version": 1})
    assert messages_of(refused) == [
        "39项任务尚未指定牵头单位。请先指定，或勾选“仍然确认”后在没有牵头单位的情况下导入。"
        "本次未导入。"
    ]
    assert not Plan.objects.exists()
    pending.refresh_from_db()
    assert pending.state == ImportState.PENDING

    client.post(url, {"version": 1, "without_lead": "on"})
    pending.refresh_from_db()
    assert pending.state == ImportState.APPLIED
    assert pending.result["confirmed_by"] == str(admin)
    assert pending.result["without_lead"][:3] == ["0.1.1", "0.1.2", "0.1.3"]
    assert len(pending.result["without_lead"]) == 39
    plan = Plan.objects.get()
    assert plan.history.get().history_change_reason == (
        "import: 粘贴的文本; 确认时39项任务尚无牵头单位"
    )

    page = client.get(pending.get_absolute_url()).content.decode()
    result = joined_text(page.split('id="import-result">')[1].split('id="general-warnings"')[0])
    assert "新建目标任务39项、量化指标28个、章节13个" in result
    assert "确认导入时有39项任务尚无牵头单位，经确认仍然导入： 0.1.1、0.1.2、0.1.3、" in result
    # What was still to do before confirming is no longer said after it.
    assert "请在预览中指定牵头单位后再确认" not in page
    assert 'id="without-lead-note"' not in page
    assert "第27行起的文字像是网页页脚，已略去。" in page


def test_confirm_with_every_lead_set_needs_no_choice(client_for, admin, department_a):
    client = client_for(admin)
    text = "2024年区重点任务\n一、扩大有效投资\n1.开工项目10个。(牵头单位:区发改局、区城管局)\n"
    client.post(NEW, {"text": text})
    plan_import = PlanImport.objects.get()
    response = client.post(
        reverse("targets:plan_import_confirm", args=[plan_import.pk]), {"version": 1}
    )
    assert messages_of(response) == [
        "已导入“2024年区重点任务”：新建目标任务1项、量化指标1个、章节1个；新增单位1个。"
    ]
    plan_import.refresh_from_db()
    assert plan_import.result["without_lead"] == []
    assert Plan.objects.get().history.get().history_change_reason == "import: 粘贴的文本"
    page = client.get(plan_import.get_absolute_url()).content.decode()
    assert 'id="confirmed-without-lead"' not in page


def test_preview_counts_in_the_words_the_result_uses(client_for, admin, department_a):
    client = client_for(admin)
    text = (
        "2024年区重点任务\n一、扩大有效投资\n(牵头领导:王副区长)\n"
        "1.开工项目10个。(牵头单位:区发改局;配合单位:区城管局、各街道)\n"
    )
    client.post(NEW, {"text": text})
    plan_import = PlanImport.objects.get()
    html = client.get(plan_import.get_absolute_url()).content.decode()
    counts = joined_text(html.split('id="draft-counts">')[1].split("</div>")[0])
    assert counts.startswith(
        "目标任务1项、量化指标1个、章节1个 · 确认后将新增单位2个、责任领导1名 · "
    )


def test_every_badge_says_what_it_means(client_for, admin, pending):
    html = client_for(admin).get(pending.get_absolute_url()).content.decode()
    legend = joined_text(html.split('id="badge-legend">')[1].split("</div>")[0])
    assert legend == (
        "标记说明： 2.3.1 任务编号（章.节.任务） L25 在原文中的起始行号 "
        "标黄文字 目标值 从原文中识别出的量化指标 无牵头 尚未指定牵头单位 "
        "新增 不在单位名录中，确认导入时新建"
    )
    assert '<span class="badge text-bg-light border" data-line title="原文第1行">L1</span>' in html
    edit = client_for(admin).get(reverse("targets:plan_import_goal_edit", args=[pending.pk, 14]))
    assert 'data-line title="原文第11行">L11</span>' in edit.content.decode()


def test_preview_of_a_workbook_says_rows_of_its_sheet(client_for, admin):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "工作任务", "牵头单位", "类别"])
    book.active.append([1, "★新建2个综合公园", "区园林局", "A类"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(admin)
    client.post(NEW, {"file": SimpleUploadedFile("2024年分解表.xlsx", buffer.getvalue())})
    html = client.get(PlanImport.objects.get().get_absolute_url()).content.decode()
    assert 'data-origin title="读取该任务的表格和行">第1个工作表（Sheet）第2行</span>' in html
    legend = joined_text(html.split('id="badge-legend">')[1].split("</div>")[0])
    assert "L25 在工作表中的行号" in legend
    assert "表1第4行 读取该任务的表格和行" in legend


def test_preview_of_a_word_table_says_its_table_and_row(client_for, admin):
    # The same place a workbook's goal shows, for a table in a Word document.
    document = Document()
    document.add_paragraph("2024年区政府工作报告重点任务分解方案")
    document.add_paragraph("一、扩大有效投资")
    document.add_paragraph("1.新开工亿元以上项目50个。(牵头单位:区发改局)")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位"],
        ["1", "新建2个综合公园", "区园林局", "区财政局"],
        ["", "", "", "各街道"],
    ]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    # The number and the task merged down over a row that adds an owner (vMerge).
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "新建2个综合公园"
    buffer = io.BytesIO()
    document.save(buffer)
    client = client_for(admin)
    client.post(NEW, {"file": SimpleUploadedFile("分解方案.docx", buffer.getvalue())})
    draft = PlanDraft.from_dict(PlanImport.objects.get().draft)
    assert [(g.text, g.origin) for g in draft.all_goals()] == [
        ("新开工亿元以上项目50个。", ""),
        ("新建2个综合公园", "table 1, row 2"),
    ]
    assert draft.all_goals()[1].co_departments == ["区财政局", "各街道"]
    html = client.get(PlanImport.objects.get().get_absolute_url()).content.decode()
    assert ">表1第2行</span>" in html


def test_preview_of_a_pasted_table_says_its_line(client_for, admin):
    # A table copied from Excel into the text box: tab-separated rows, a cell holding a
    # line break quoted. Its goals say the line of the text their row starts on.
    text = (
        "2024年区政府工作报告重点任务分解方案\r\n"
        "一、扩大有效投资\r\n"
        "1.新开工亿元以上项目50个。(牵头单位:区发改局)\r\n"
        '序号\t工作任务\t牵头单位\t"责任\n单位"\r\n'
        "1\t新建2个综合公园\t区园林局\t区财政局\r\n"
        "\t\t\t各街道\r\n"
    )
    client = client_for(admin)
    assert client.post(NEW, {"text": text}).status_code == 302
    draft = PlanDraft.from_dict(PlanImport.objects.get().draft)
    assert [(g.text, g.origin, g.co_departments) for g in draft.all_goals()] == [
        ("新开工亿元以上项目50个。", "", []),
        ("新建2个综合公园", "line 6", ["区财政局", "各街道"]),
    ]
    html = client.get(PlanImport.objects.get().get_absolute_url()).content.decode()
    assert 'data-origin title="读取该任务的表格和行">第6行</span>' in html
    assert ">L3</span>" in html  # the prose goal's line, in the same text


def test_circled_numbers_in_the_number_column_are_read_and_imported(client_for, admin):
    """①②③ in a 序号 column answered 500: "①".isdigit() is true, but int() reads no "①"."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["2024年区政府工作目标任务落实责任分解表"])
    book.active.append(["序号", "工作任务", "牵头单位"])
    for number, task in zip(
        "①②③", ["新建2个综合公园", "新增泊位300个", "新建学校3所"], strict=True
    ):
        book.active.append([number, task, "区园林局"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(admin)
    response = client.post(NEW, {"file": SimpleUploadedFile("分解表.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    pending = PlanImport.objects.get()
    draft = PlanDraft.from_dict(pending.draft)
    assert [(g.number, g.text) for g in draft.all_goals()] == [
        ("1", "新建2个综合公园"),
        ("2", "新增泊位300个"),
        ("3", "新建学校3所"),
    ]
    assert client.get(pending.get_absolute_url()).status_code == 200
    url = reverse("targets:plan_import_confirm", args=[pending.pk])
    client.post(url, {"version": pending.version, "without_lead": "on"})
    assert list(Goal.objects.order_by("code").values_list("code", "title")) == [
        ("0.1", "新建2个综合公园"),
        ("0.2", "新增泊位300个"),
        ("0.3", "新建学校3所"),
    ]


@pytest.mark.parametrize("tab", ["draft", "owners"])
@pytest.mark.parametrize("goal_count", [1, 20])
def test_preview_queries_do_not_grow_with_the_goals(
    client_for, admin, department_a, django_assert_num_queries, goal_count, tab
):
    client = client_for(admin)
    items = "".join(
        f"{n}.新建综合公园{n}个。(牵头单位:区发改局;牵头领导:王副区长)\n"
        for n in range(1, goal_count + 1)
    )
    client.post(NEW, {"text": "2024年区重点任务\n一、扩大有效投资\n" + items})
    plan_import = PlanImport.objects.get()
    client.get(plan_import.get_absolute_url())  # the session, once
    # The session with its user, the import, the departments, their aliases, the leaders named.
    with django_assert_num_queries(5):
        response = client.get(f"{plan_import.get_absolute_url()}?tab={tab}")
    shown = 'class="owners-row' if tab == "owners" else 'class="card draft-goal'
    assert response.content.decode().count(shown) == goal_count


def test_correcting_a_goal_recomputes_the_warnings(client_for, admin, department_a):
    client = client_for(admin)
    text = (
        "2024年区重点任务\n一、扩大有效投资\n1.开工项目10个。(牵头单位:区发改局)\n2.新建公园2个。\n"
    )
    client.post(NEW, {"text": text})
    plan_import = PlanImport.objects.get()
    html = client.get(plan_import.get_absolute_url()).content.decode()
    assert "1项任务尚未指定牵头单位" in html
    goal = _draft(plan_import).all_goals()[1]
    client.post(
        reverse("targets:plan_import_goal_edit", args=[plan_import.pk, 1]),
        _goal_form(goal, 1, lead_departments="区发改局"),
    )
    assert _draft(plan_import).warnings == []
    html = client.get(plan_import.get_absolute_url()).content.decode()
    assert "尚未指定牵头单位。" not in html
    assert "data-no-lead" not in html.split('id="draft-tree"')[1]
