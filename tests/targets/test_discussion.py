"""
A goal's comment thread and the evidence attached to its updates: who may
read, post, attach, download and remove, what is refused and why, and what
the goal page shows. Every file is built in memory in the test.
"""

import datetime
import io
import re
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from targets.choices import PeriodState, PlanState, ReviewState
from targets.models import GoalComment, QuarterlyUpdate, ReportingPeriod, UpdateAttachment
from targets.services import discussion as service
from targets.views.discussion import goal_discussion_context
from tests.caches import clear_caches
from tests.factories import GoalCommentFactory, GoalFactory, PlanFactory, QuarterlyUpdateFactory
from tests.helpers import zip_of
from tests.html import text

pytestmark = pytest.mark.django_db

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MB = 1024 * 1024

# -- files, built in memory -----------------------------------------------------------------

PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32
JPEG += b"\xff\xd9"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an old .doc/.xls/.ppt
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"This program cannot be run in DOS mode."
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def package(*names: str) -> bytes:
    """A zip holding the given parts, each a line of XML."""
    return zip_of(dict.fromkeys(names, "<x/>"))


def word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("高企认定工作方案")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["企业名称", "认定批次"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def presentation() -> bytes:
    return package("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml")


# -- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(tmp_path):
    """Every test stores its files in its own MEDIA_ROOT."""
    root = tmp_path / "media"
    with override_settings(MEDIA_ROOT=root):
        yield root


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def named(staff_a, staff_a2, staff_b, supervisor, leader):
    """People's names as the thread shows them."""
    for user, name in [
        (staff_a, "张伟"),
        (staff_a2, "刘洋"),
        (staff_b, "陈静"),
        (supervisor, "王督查"),
        (leader, "李区长"),
    ]:
        user.first_name = name
        user.save(update_fields=["first_name"])


@pytest.fixture
def update_a(goal_a, staff_a):
    return QuarterlyUpdateFactory(goal=goal_a, quarter=3, submitted_by=staff_a)


@pytest.fixture
def goal_b(plan, department_b):
    return GoalFactory(plan=plan, code="4.1.1", title="科技成果转化", leads=[department_b])


def goal_url(goal):
    return reverse("targets:goal_detail", args=[goal.pk])


def comment_url(goal):
    return reverse("targets:goal_comment_create", args=[goal.pk])


def upload_url(update):
    return reverse("targets:attachment_upload", args=[update.pk])


def download_url(attachment):
    return reverse("targets:attachment_download", args=[attachment.pk])


def delete_url(attachment):
    return reverse("targets:attachment_delete", args=[attachment.pk])


def alerts(html: str) -> list[str]:
    """The messages shown at the top of the page."""
    return [text(m) for m in re.findall(r'role="alert">(.*?)<button', html, re.S)]


def part(html: str, css_class: str) -> str | None:
    match = re.search(rf'class="{css_class}[^"]*"[^>]*>(.*?)</', html, re.S)
    return text(match.group(1)) if match else None


def thread(html: str) -> list[tuple]:
    """The comments as shown: author, department or role, time, text."""
    items = re.findall(r'<li class="comment[^"]*" id="comment-\d+">(.*?)</li>', html, re.S)
    return [
        (
            part(item, "comment-author"),
            part(item, "comment-affiliation"),
            part(item, "comment-time"),
            part(item, "comment-text"),
        )
        for item in items
    ]


def shown_attachments(html: str, update) -> list[str]:
    """The attachment names listed under an update."""
    block = re.search(rf'id="attachments-{update.pk}">(.*?)</div>\s*$', html, re.S | re.M)
    if block is None:
        return []
    return [text(n) for n in re.findall(r'class="attachment-name"[^>]*>(.*?)</a>', block[1])]


def reason(response) -> str:
    """The sentence a 403 page gives."""
    return text(re.search(r'id="reason">(.*?)</p>', response.content.decode(), re.S).group(1))


def attach(update, user, name="高企认定名单.pdf", content=PDF):
    """An attachment made the way the page makes them."""
    (attachment,) = service.update_attachments_add(
        update,
        [SimpleUploadedFile(name, content, content_type="application/octet-stream")],
        user=user,
    )
    return attachment


def at(day: int, hour: int, minute: int):
    return timezone.make_aware(datetime.datetime(2023, 10, day, hour, minute))


# -- comments -------------------------------------------------------------------------------


def test_comment_anonymous_redirects_to_login(client, goal_a):
    response = client.post(comment_url(goal_a), {"text": "请补充材料。"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not GoalComment.objects.exists()


def test_comment_on_goal_of_another_department_is_404(client_for, staff_b, goal_a):
    response = client_for(staff_b).post(comment_url(goal_a), {"text": "请补充材料。"})
    assert response.status_code == 404
    assert not GoalComment.objects.exists()


def test_comment_get_is_not_allowed(client_for, staff_a, goal_a):
    assert client_for(staff_a).get(comment_url(goal_a)).status_code == 405


def _goal(relation, plan, department_a, department_b):
    """A goal related to departments A and B as ``relation`` says."""
    if relation == "led by A, supported by B":
        return GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    if relation == "led by A":
        return GoalFactory(plan=plan, leads=[department_a])
    if relation == "archived goal led by A":
        return GoalFactory(plan=plan, leads=[department_a], archived=True)
    assert relation == "goal of an archived plan led by A"
    old = PlanFactory(year=2022, title="2022年洪山区政府工作报告", state=PlanState.ARCHIVED)
    return GoalFactory(plan=old, leads=[department_a])


CLOSED = "讨论已关闭：该目标任务已归档或所属计划已不再执行。"


@pytest.mark.parametrize(
    ("who", "relation", "outcome"),
    [
        ("staff_a", "led by A, supported by B", "posted"),
        ("staff_a2", "led by A, supported by B", "posted"),
        ("staff_b", "led by A, supported by B", "posted"),  # supporting department
        ("supervisor", "led by A", "posted"),
        ("leader", "led by A", "posted"),
        ("admin", "led by A", "posted"),
        ("staff_b", "led by A", 404),  # cannot see the goal
        ("staff_a", "archived goal led by A", 403),
        ("supervisor", "archived goal led by A", 403),
        ("leader", "archived goal led by A", 403),
        ("staff_a", "goal of an archived plan led by A", 403),
        ("admin", "goal of an archived plan led by A", 403),
    ],
)
def test_comment_who_may_post(
    client_for, request, plan, department_a, department_b, who, relation, outcome
):
    user = request.getfixturevalue(who)
    goal = _goal(relation, plan, department_a, department_b)
    response = client_for(user).post(comment_url(goal), {"text": "  请补充认定名单。\r\n谢谢。 "})
    if outcome == "posted":
        comment = GoalComment.objects.get()
        assert response.status_code == 302
        assert response.url == f"{goal_url(goal)}#comment-{comment.pk}"
        assert (comment.goal, comment.author, comment.text) == (
            goal,
            user,
            "请补充认定名单。\n谢谢。",
        )
    else:
        assert response.status_code == outcome
        assert not GoalComment.objects.exists()
        if outcome == 403:
            assert reason(response) == CLOSED


def test_comment_posted_is_shown_with_a_message(client_for, staff_a, named, goal_a):
    response = client_for(staff_a).post(
        comment_url(goal_a), {"text": "<script>alert(1)</script> 已报送。"}, follow=True
    )
    html = response.content.decode()
    assert alerts(html) == ["意见已发表。"]
    assert [c[0] for c in thread(html)] == ["张伟"]
    # Shown as text, never as markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 已报送。" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请先填写意见内容再发表。"),
        ("  \r\n\t ", "请先填写意见内容再发表。"),
        ("意" * 2001, "意见最多2000字，您填写了2001字。"),
    ],
    ids=["empty", "blank", "too long"],
)
def test_comment_refused_with_a_message(client_for, staff_a, goal_a, text, message):
    response = client_for(staff_a).post(comment_url(goal_a), {"text": text})
    assert response.status_code == 302
    assert response.url == f"{goal_url(goal_a)}#comment-form"
    assert alerts(client_for(staff_a).get(response.url).content.decode()) == [message]
    assert not GoalComment.objects.exists()


def test_comment_of_exactly_the_limit_is_accepted(client_for, staff_a, goal_a):
    client_for(staff_a).post(comment_url(goal_a), {"text": "意" * 2000})
    assert len(GoalComment.objects.get().text) == 2000


def test_comment_thread_oldest_first_with_author_affiliation_and_time(
    client_for, staff_b, staff_a, supervisor, leader, named, plan, department_a, department_b
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    # Written out of order: the thread follows the time they were posted.
    for author, when, words in [
        (leader, at(11, 8, 0), "抓紧推进。"),
        (staff_a, at(9, 9, 30), "三季度已完成认定申报。"),
        (supervisor, at(10, 14, 5), "请补充认定名单。\n本周五前。"),
    ]:
        comment = GoalCommentFactory(goal=goal, author=author, text=words)
        GoalComment.objects.filter(pk=comment.pk).update(created_at=when)
    html = client_for(staff_b).get(goal_url(goal)).content.decode()
    assert thread(html) == [
        ("张伟", "区发改局", "2023-10-09 09:30", "三季度已完成认定申报。"),
        ("王督查", "督查室", "2023-10-10 14:05", "请补充认定名单。 本周五前。"),
        ("李区长", "领导", "2023-10-11 08:00", "抓紧推进。"),
    ]
    assert part(html, "badge rounded-pill") == "3"
    assert 'id="comment-form"' in html


def test_comment_thread_empty_and_form(client_for, staff_a, goal_a):
    html = client_for(staff_a).get(goal_url(goal_a)).content.decode()
    assert thread(html) == []
    assert text(re.search(r'id="no-comments">(.*?)</p>', html).group(1)) == "暂无意见。"
    form = re.search(r'<form[^>]*id="comment-form".*?</form>', html, re.S).group(0)
    assert f'action="{comment_url(goal_a)}"' in form
    assert 'name="text"' in form and 'maxlength="2000"' in form
    assert text(re.search(r'id="comment-help">(.*?)</span>', html).group(1)) == (
        "最多2000字。意见发表后不能修改或删除。"
    )


def test_comment_thread_closed_on_an_archived_goal(client_for, supervisor, plan, department_a):
    goal = GoalFactory(plan=plan, leads=[department_a], archived=True)
    html = client_for(supervisor).get(goal_url(goal)).content.decode()
    assert 'id="comment-form"' not in html
    assert text(re.search(r'id="comments-closed">(.*?)</p>', html).group(1)) == CLOSED


# -- attachments: uploading -----------------------------------------------------------------


def test_upload_anonymous_redirects_to_login(client, update_a, media_root):
    response = client.post(upload_url(update_a), {"files": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not UpdateAttachment.objects.exists()
    assert stored_files(media_root) == []


def test_upload_to_update_of_another_department_is_404(client_for, staff_b, update_a, media_root):
    response = client_for(staff_b).post(
        upload_url(update_a), {"files": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert not UpdateAttachment.objects.exists()
    assert stored_files(media_root) == []


def _update(relation, plan, department_a, department_b):
    return QuarterlyUpdateFactory(goal=_goal(relation, plan, department_a, department_b))


REFUSED_ATTACH = "只有牵头单位的填报员（在可填报期间）和督查室可以为该季度进展上传佐证材料。"


@pytest.mark.parametrize(
    ("who", "relation", "outcome"),
    [
        ("staff_a", "led by A, supported by B", "stored"),
        ("staff_a2", "led by A, supported by B", "stored"),
        ("supervisor", "led by A", "stored"),
        ("admin", "led by A", "stored"),  # a superuser acts for the supervision office
        ("staff_b", "led by A, supported by B", 403),  # supporting departments do not report
        ("leader", "led by A", 403),
        ("staff_b", "led by A", 404),
        ("staff_a", "archived goal led by A", 403),
        ("supervisor", "archived goal led by A", 403),
        ("staff_a", "goal of an archived plan led by A", 403),
    ],
)
def test_upload_who_may_attach(
    client_for, request, plan, department_a, department_b, media_root, who, relation, outcome
):
    user = request.getfixturevalue(who)
    update = _update(relation, plan, department_a, department_b)
    response = client_for(user).post(
        upload_url(update), {"files": SimpleUploadedFile("认定名单.pdf", PDF)}
    )
    if outcome == "stored":
        assert response.status_code == 302
        assert response.url == update.get_absolute_url()
        attachment = UpdateAttachment.objects.get()
        assert (attachment.update, attachment.uploaded_by) == (update, user)
        assert len(stored_files(media_root)) == 1
    else:
        assert response.status_code == outcome
        assert not UpdateAttachment.objects.exists()
        assert stored_files(media_root) == []
        if outcome == 403:
            assert reason(response) == REFUSED_ATTACH


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("高企认定名单.pdf", PDF, "application/pdf"),
        ("工作方案.docx", word_document(), WORD),
        ("进度台账.xlsx", workbook(), EXCEL),
        ("汇报材料.pptx", presentation(), POWERPOINT),
        ("旧版方案.doc", OLE, "application/msword"),
        ("旧台账.xls", OLE, "application/vnd.ms-excel"),
        ("旧汇报.ppt", OLE, "application/vnd.ms-powerpoint"),
        ("现场照片.JPG", JPEG, "image/jpeg"),
        ("现场照片.jpeg", JPEG, "image/jpeg"),
        ("截图.png", PNG, "image/png"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v and "/" not in v else "",
)
def test_upload_accepted_types(
    client_for, staff_a, update_a, media_root, name, content, content_type
):
    client = client_for(staff_a)
    # The type the browser claims is ignored: the checked extension decides.
    upload = SimpleUploadedFile(name, content, content_type="text/html")
    response = client.post(upload_url(update_a), {"files": upload}, follow=True)
    assert alerts(response.content.decode()) == ["已上传1个文件。"]
    attachment = UpdateAttachment.objects.get()
    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert attachment.uploaded_by == staff_a
    suffix = name.rsplit(".", 1)[1].lower()
    # A random name, never the one the user chose.
    assert re.fullmatch(
        rf"attachments/[0-9a-f]{{2}}/[0-9a-f]{{32}}\.{suffix}", attachment.file.name
    )
    (path,) = stored_files(media_root)
    assert path == media_root / attachment.file.name
    assert path.read_bytes() == content
    assert shown_attachments(response.content.decode(), update_a) == [name]


def test_upload_several_files_at_once(client_for, staff_a, update_a, media_root):
    files = [SimpleUploadedFile("名单.pdf", PDF), SimpleUploadedFile("照片.png", PNG)]
    response = client_for(staff_a).post(upload_url(update_a), {"files": files}, follow=True)
    html = response.content.decode()
    assert alerts(html) == ["已上传2个文件。"]
    assert shown_attachments(html, update_a) == ["名单.pdf", "照片.png"]
    assert len(stored_files(media_root)) == 2


def _mismatch(name, kind):
    return (
        f"“{name}”不是{kind}文件：文件内容与扩展名不符。"
        "请用制作该文件的软件打开并重新保存后再上传。"
    )


def _forbidden(name, suffix):
    return (
        f"“{name}”：不能上传{suffix}类型的文件，请上传PDF、Word、Excel、PowerPoint、JPEG或PNG文件。"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("认定名单.pdf", EXE, _mismatch("认定名单.pdf", "PDF")),  # an .exe renamed
        ("现场照片.jpg", HTML, _mismatch("现场照片.jpg", "JPEG")),  # HTML named .jpg
        ("截图.png", JPEG, _mismatch("截图.png", "PNG")),
        ("方案.doc", PDF, _mismatch("方案.doc", "Word")),
        ("方案.docx", OLE, _mismatch("方案.docx", "Word")),  # an old .doc renamed
        ("方案.docx", workbook(), _mismatch("方案.docx", "Word")),  # a workbook renamed
        ("方案.docx", package("readme.txt"), _mismatch("方案.docx", "Word")),  # any zip
        ("方案.docx", b"PK\x03\x04 not really a zip", _mismatch("方案.docx", "Word")),
        ("台账.xlsx", word_document(), _mismatch("台账.xlsx", "Excel")),
        ("汇报.pptx", EXE, _mismatch("汇报.pptx", "PowerPoint")),
        (
            "方案.docx",
            package("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"),
            "“方案.docx”含有宏，不能上传：请另存为不含宏的文件后再上传。",
        ),
        ("setup.exe", EXE, _forbidden("setup.exe", ".exe")),
        ("page.html", HTML, _forbidden("page.html", ".html")),
        ("logo.svg", SVG, _forbidden("logo.svg", ".svg")),
        ("run.js", b"alert(1)", _forbidden("run.js", ".js")),
        ("材料.zip", package("a.txt"), _forbidden("材料.zip", ".zip")),
        ("方案.docm", word_document(), _forbidden("方案.docm", ".docm")),
        ("README", b"read me", _forbidden("README", "（无扩展名）")),
        ("空白.pdf", b"", "“空白.pdf”是空文件。"),
        ("大文件.pdf", b"%PDF-" + b"0" * (20 * MB - 4), "“大文件.pdf”超过了20 MB的大小限制。"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "",
)
def test_upload_refused_nothing_stored(
    client_for, staff_a, update_a, media_root, name, content, message
):
    response = client_for(staff_a).post(
        upload_url(update_a), {"files": SimpleUploadedFile(name, content)}, follow=True
    )
    html = response.content.decode()
    assert alerts(html) == [message]
    assert not UpdateAttachment.objects.exists()
    assert stored_files(media_root) == []
    assert shown_attachments(html, update_a) == []


def test_upload_of_exactly_20_mb_is_accepted(client_for, staff_a, update_a, media_root):
    content = b"%PDF-" + b"0" * (20 * MB - 5)
    client_for(staff_a).post(upload_url(update_a), {"files": SimpleUploadedFile("大.pdf", content)})
    assert UpdateAttachment.objects.get().size == 20 * MB


def test_upload_one_bad_file_refuses_them_all(client_for, staff_a, update_a, media_root):
    files = [SimpleUploadedFile("名单.pdf", PDF), SimpleUploadedFile("照片.jpg", HTML)]
    response = client_for(staff_a).post(upload_url(update_a), {"files": files}, follow=True)
    assert alerts(response.content.decode()) == [_mismatch("照片.jpg", "JPEG")]
    assert not UpdateAttachment.objects.exists()
    assert stored_files(media_root) == []


def test_upload_without_a_file(client_for, staff_a, update_a):
    response = client_for(staff_a).post(upload_url(update_a), {}, follow=True)
    assert alerts(response.content.decode()) == ["请至少选择一个要上传的文件。"]


def test_upload_too_many_at_once(client_for, staff_a, update_a, media_root):
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(11)]
    response = client_for(staff_a).post(upload_url(update_a), {"files": files}, follow=True)
    assert alerts(response.content.decode()) == ["每次最多上传10个文件。"]
    assert stored_files(media_root) == []


def test_upload_past_the_limit_per_update(client_for, staff_a, update_a, media_root, monkeypatch):
    monkeypatch.setattr(service, "MAX_ATTACHMENTS_PER_UPDATE", 2)
    attach(update_a, staff_a)
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    response = client_for(staff_a).post(upload_url(update_a), {"files": files}, follow=True)
    assert alerts(response.content.decode()) == ["每条季度进展最多上传2个佐证材料。"]
    assert UpdateAttachment.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_upload_failing_midway_leaves_no_file_behind(staff_a, update_a, media_root, monkeypatch):
    real_save = FileSystemStorage._save
    calls = []

    def failing_save(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing_save)
    uploads = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    with pytest.raises(OSError, match="disk full"):
        service.update_attachments_add(update_a, uploads, user=staff_a)
    assert not UpdateAttachment.objects.exists()
    assert stored_files(media_root) == []


def _close(plan, quarter):
    return ReportingPeriod.objects.create(
        plan=plan,
        year=plan.year,
        quarter=quarter,
        due_date=datetime.date(plan.year, quarter * 3, 25),
        state=PeriodState.CLOSED,
    )


@pytest.mark.parametrize(
    ("who", "review_state", "status"),
    [
        ("staff_a", ReviewState.SUBMITTED, 403),  # the period closed: no more changes
        ("staff_a", ReviewState.APPROVED, 403),
        ("staff_a", ReviewState.RETURNED, 302),  # returned: the department answers
        ("supervisor", ReviewState.APPROVED, 302),
    ],
)
def test_upload_after_the_period_closed(
    client_for, request, plan, update_a, media_root, who, review_state, status
):
    _close(plan, update_a.quarter)
    QuarterlyUpdate.objects.filter(pk=update_a.pk).update(review_state=review_state)
    response = client_for(request.getfixturevalue(who)).post(
        upload_url(update_a), {"files": SimpleUploadedFile("名单.pdf", PDF)}
    )
    assert response.status_code == status
    assert UpdateAttachment.objects.count() == len(stored_files(media_root)) == (status == 302)


def test_upload_get_is_not_allowed(client_for, staff_a, update_a):
    assert client_for(staff_a).get(upload_url(update_a)).status_code == 405


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("高企认定名单.pdf", "高企认定名单.pdf"),
        ("C:\\Users\\张三\\Desktop\\认定名单.pdf", "认定名单.pdf"),  # old browsers send paths
        ("../../config/settings.pdf", "settings.pdf"),
        ("名单\u202efdp.exe.pdf", "名单fdp.exe.pdf"),  # a right-to-left override
        ("a\r\nb\x00c\x1b.pdf", "abc.pdf"),
        ("  ..hidden.pdf ", "hidden.pdf"),
        ("\u200b\u2028", ""),
        ("长" * 300 + ".pdf", "长" * 251 + ".pdf"),
    ],
)
def test_display_name_is_safe(name, shown):
    assert service.display_name(name) == shown


def test_upload_keeps_only_a_safe_original_name(staff_a, update_a, media_root):
    attachment = attach(update_a, staff_a, name="D:\\材料\\名单\u202e\x07.pdf")
    assert attachment.original_name == "名单.pdf"
    assert re.fullmatch(r"attachments/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", attachment.file.name)


def _browser_upload(client, url, name: str, content: bytes, *, token: str = "", back: str = ""):
    """
    A multipart POST built as a browser builds it, the file's name sent whole.
    The test client's files cut a name to 255 characters before sending it.
    """
    boundary = "----LuoshiBoundary7MA4YWxkTrZu0gW"
    parts = []
    if token:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{token}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST",
        url,
        b"".join(parts),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"referer": f"http://testserver{back}"} if back else {},
    )


@pytest.mark.parametrize("csrf", [False, True], ids=["in-the-view", "in-the-csrf-check"])
def test_upload_of_a_file_with_a_very_long_name_says_so(staff_a, update_a, media_root, csrf):
    """
    A 5,000-character name passes Django's limit on a part's headers (1 KB) and
    answered a bare 400 page: the page says what to do, and nothing is stored.
    """
    from django.test import Client

    client = Client(enforce_csrf_checks=csrf)
    client.force_login(staff_a)
    token = ""
    if csrf:
        page = client.get(update_a.get_absolute_url())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = _browser_upload(
        client,
        upload_url(update_a),
        "认定名单" * 1250 + ".pdf",
        PDF,
        token=token,
        back=update_a.goal.get_absolute_url(),
    )
    assert response.status_code == 400
    assert (
        text(response.content.decode()).count(
            "文件未能上传：文件名太长。请把文件改成较短的名字（例如100个字以内）后重新上传。没有保存任何内容。"
        )
        == 1
    )
    assert f'href="{update_a.goal.get_absolute_url()}"' in response.content.decode()
    assert not UpdateAttachment.objects.exists()
    assert stored_files(media_root) == []


def test_an_upload_django_cannot_read_for_another_reason_says_so(client_for, staff_a, update_a):
    response = client_for(staff_a).generic(
        "POST", upload_url(update_a), b"--x\r\n", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert "文件未能上传：浏览器发送的内容无法读取。" in text(response.content.decode())


def test_any_other_bad_request_keeps_the_page_that_needs_no_request(client_for, staff_a):
    response = client_for(staff_a).get("/", headers={"host": "bad host!"})
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()


def test_upload_of_a_file_whose_name_fits_is_stored_under_its_name_cut(
    staff_a, update_a, media_root, client_for
):
    response = _browser_upload(client_for(staff_a), upload_url(update_a), "长" * 300 + ".pdf", PDF)
    assert response.status_code == 302
    assert UpdateAttachment.objects.get().original_name == "长" * 251 + ".pdf"


# -- attachments: downloading ---------------------------------------------------------------


def test_download_anonymous_redirects_to_login(client, staff_a, update_a):
    attachment = attach(update_a, staff_a)
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_download_attachment_of_another_department_is_404(client_for, staff_a, staff_b, update_a):
    attachment = attach(update_a, staff_a)
    assert client_for(staff_b).get(download_url(attachment)).status_code == 404


@pytest.mark.parametrize("who", ["staff_a", "staff_a2", "supervisor", "leader", "admin"])
def test_download_by_who_may_see_the_goal(client_for, request, staff_a, update_a, who):
    attachment = attach(update_a, staff_a, name="高企认定名单.pdf")
    response = client_for(request.getfixturevalue(who)).get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "高企认定名单.pdf"
    )
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private"


def test_download_by_supporting_department(
    client_for, staff_a, staff_b, plan, department_a, department_b
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    attachment = attach(QuarterlyUpdateFactory(goal=goal), staff_a)
    assert client_for(staff_b).get(download_url(attachment)).status_code == 200


def test_download_image_is_shown_inline(client_for, staff_a, update_a):
    attachment = attach(update_a, staff_a, name="site.png", content=PNG)
    response = client_for(staff_a).get(download_url(attachment))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="site.png"'
    assert b"".join(response.streaming_content) == PNG


def test_download_never_trusts_the_recorded_type_or_name(client_for, staff_a, update_a):
    attachment = attach(update_a, staff_a)
    # A row changed by hand (or by an older version): served by what it is.
    UpdateAttachment.objects.filter(pk=attachment.pk).update(
        content_type="text/html", original_name='evil"\r\nSet-Cookie: x=1.pdf'
    )
    response = client_for(staff_a).get(download_url(attachment))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil\\"Set-Cookie: x=1.pdf"'
    assert "Set-Cookie" not in response.headers


def test_download_of_a_missing_file_is_404(client_for, staff_a, update_a, media_root):
    attachment = attach(update_a, staff_a)
    (media_root / attachment.file.name).unlink()
    assert client_for(staff_a).get(download_url(attachment)).status_code == 404


# -- attachments: removing ------------------------------------------------------------------


def test_delete_anonymous_redirects_to_login(client, staff_a, update_a, media_root):
    attachment = attach(update_a, staff_a)
    response = client.post(delete_url(attachment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert UpdateAttachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files(media_root)) == 1


REFUSED_DELETE = "只有上传人或督查室可以删除佐证材料，且仅限该季度进展仍可修改时。"


@pytest.mark.parametrize(
    ("who", "outcome"),
    [
        ("staff_a", "removed"),  # the uploader
        ("supervisor", "removed"),
        ("admin", "removed"),
        ("staff_a2", 403),  # a colleague, not the uploader
        ("leader", 403),
        ("staff_b", 404),
    ],
)
def test_delete_who_may_remove(
    client_for,
    request,
    staff_a,
    update_a,
    media_root,
    django_capture_on_commit_callbacks,
    who,
    outcome,
):
    attachment = attach(update_a, staff_a, name="高企认定名单.pdf")
    client = client_for(request.getfixturevalue(who))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment))
    if outcome == "removed":
        assert response.status_code == 302
        assert response.url == update_a.get_absolute_url()
        assert not UpdateAttachment.objects.exists()
        assert stored_files(media_root) == []
        assert alerts(client.get(response.url).content.decode()) == ["已删除“高企认定名单.pdf”。"]
    else:
        assert response.status_code == outcome
        assert UpdateAttachment.objects.filter(pk=attachment.pk).exists()
        assert len(stored_files(media_root)) == 1
        if outcome == 403:
            assert reason(response) == REFUSED_DELETE


def test_delete_once_the_update_cannot_change(
    client_for, staff_a, supervisor, update_a, goal_a, media_root
):
    attachment = attach(update_a, staff_a)
    goal_a.archived = True
    goal_a.save()
    for user in (staff_a, supervisor):
        response = client_for(user).post(delete_url(attachment))
        assert response.status_code == 403
    assert UpdateAttachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files(media_root)) == 1


def test_delete_after_the_period_closed_only_by_a_supervisor(
    client_for, staff_a, supervisor, plan, update_a, media_root
):
    attachment = attach(update_a, staff_a)
    _close(plan, update_a.quarter)
    assert client_for(staff_a).post(delete_url(attachment)).status_code == 403
    assert client_for(supervisor).post(delete_url(attachment)).status_code == 302
    assert not UpdateAttachment.objects.exists()


def test_delete_get_is_not_allowed(client_for, staff_a, update_a):
    attachment = attach(update_a, staff_a)
    assert client_for(staff_a).get(delete_url(attachment)).status_code == 405


# -- the goal page --------------------------------------------------------------------------


def _forms(html, update):
    block = re.search(rf'id="attachments-{update.pk}">(.*?)</div>\s*$', html, re.S | re.M)
    text = block[1] if block else ""
    return ("attachment-form" in text, text.count('/delete/"'))


@pytest.mark.parametrize(
    ("who", "may_attach", "removable"),
    [
        ("staff_a", True, 1),  # their own file only
        ("staff_a2", True, 1),
        ("supervisor", True, 2),
        ("leader", False, 0),
        ("staff_b", False, 0),  # supporting department
    ],
)
def test_goal_page_attachments_and_forms(
    client_for,
    request,
    named,
    staff_a,
    staff_a2,
    plan,
    department_a,
    department_b,
    who,
    may_attach,
    removable,
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    update = QuarterlyUpdateFactory(goal=goal)
    mine = staff_a if who != "staff_a2" else staff_a2
    other = staff_a2 if who != "staff_a2" else staff_a
    attach(update, mine, name="名单.pdf", content=b"%PDF-" + b"0" * 2043)
    attach(update, other, name="照片.png", content=PNG)
    UpdateAttachment.objects.update(uploaded_at=at(9, 9, 30))
    html = client_for(request.getfixturevalue(who)).get(goal_url(goal)).content.decode()
    assert shown_attachments(html, update) == ["名单.pdf", "照片.png"]
    first = UpdateAttachment.objects.get(original_name="名单.pdf")
    item = re.search(rf'id="attachment-{first.pk}">(.*?)</li>', html, re.S).group(1)
    assert part(item, "attachment-meta") == f"2.0 KB · {mine.first_name} · 2023-10-09 09:30"
    assert f'href="{download_url(first)}"' in item
    assert _forms(html, update) == (may_attach, removable)


def test_goal_page_without_updates_or_files(client_for, leader, goal_a):
    html = client_for(leader).get(goal_url(goal_a)).content.decode()
    assert "update-attachments" not in html


def _fill(goal, updates, users, count):
    for n in range(count):
        GoalCommentFactory(goal=goal, author=users[n % len(users)], text=f"意见{n}")
        for update in updates:
            attach(update, users[0], name=f"材料{n}.pdf")


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader", "staff_b"])
def test_goal_page_queries_do_not_grow_with_comments_and_attachments(
    client_for,
    request,
    staff_a,
    supervisor,
    plan,
    department_a,
    department_b,
    django_assert_num_queries,
    who,
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    updates = [QuarterlyUpdateFactory(goal=goal, quarter=q) for q in (1, 2)]
    client = client_for(request.getfixturevalue(who))
    _fill(goal, updates, [staff_a, supervisor], 1)
    client.get(goal_url(goal))  # warm caches (content types, sessions)
    clear_caches()  # rendered afresh, not reused (tests/targets/test_page_cache.py)
    with CaptureQueriesContext(connection) as one:
        client.get(goal_url(goal))
    _fill(goal, updates, [staff_a, supervisor], 9)
    clear_caches()
    with django_assert_num_queries(len(one)):
        response = client.get(goal_url(goal))
    html = response.content.decode()
    assert len(thread(html)) == 10
    assert [len(shown_attachments(html, u)) for u in updates] == [10, 10]


@pytest.mark.parametrize(("who", "queries"), [("staff_a", 7), ("supervisor", 7), ("leader", 6)])
def test_discussion_context_queries(
    request, staff_a, goal_a, django_assert_num_queries, who, queries
):
    updates = [QuarterlyUpdateFactory(goal=goal_a, quarter=q) for q in (1, 2, 3)]
    _fill(goal_a, updates, [staff_a], 10)
    user = request.getfixturevalue(who)
    # comments with authors; may post; the goal's updates as the whole page reads
    # them once (updates, their actual values, events, attachments; no values here,
    # so no indicators for them); which take files
    with django_assert_num_queries(queries):
        context = goal_discussion_context(goal_a, user)
        discussion = context["discussion"]
        assert len(discussion.comments) == 10
        assert [len(u.evidence) for u in discussion.updates] == [10, 10, 10]
        assert [c.author.department for c in discussion.comments]
        assert [a.uploaded_by.username for u in discussion.updates for a in u.evidence]


# -- the Django admin -----------------------------------------------------------------------


def test_admin_shows_comments_and_attachments_read_only(
    client_for, admin, staff_a, goal_a, update_a
):
    client = client_for(admin)
    attachment = attach(update_a, staff_a, name="高企认定名单.pdf")
    comment = GoalCommentFactory(goal=goal_a, author=staff_a, text="已报送。")
    for obj, shown in [(comment, "已报送。"), (attachment, "高企认定名单.pdf")]:
        opts = obj._meta
        changelist = reverse(f"admin:targets_{opts.model_name}_changelist")
        assert shown in client.get(changelist).content.decode()
        html = client.get(reverse(f"admin:targets_{opts.model_name}_change", args=[obj.pk]))
        assert html.status_code == 200
        assert 'name="_save"' not in html.content.decode()
        assert client.get(reverse(f"admin:targets_{opts.model_name}_add")).status_code == 403


@pytest.mark.parametrize("how", ["delete page", "bulk action"])
def test_admin_removing_an_attachment_removes_its_file(
    client_for, admin, staff_a, update_a, media_root, django_capture_on_commit_callbacks, how
):
    client = client_for(admin)
    attachment = attach(update_a, staff_a)
    kept = attach(update_a, staff_a, name="保留.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        if how == "delete page":
            url = reverse("admin:targets_updateattachment_delete", args=[attachment.pk])
            response = client.post(url, {"post": "yes"})
        else:
            url = reverse("admin:targets_updateattachment_changelist")
            response = client.post(
                url,
                {"action": "delete_selected", "_selected_action": [attachment.pk], "post": "yes"},
            )
    assert response.status_code == 302
    assert list(UpdateAttachment.objects.all()) == [kept]
    assert stored_files(media_root) == [media_root / kept.file.name]
