"""
Every upload is capped in size and type, with a Chinese message, and nginx
lets through the largest request the app accepts. The three endpoints:

- plan import (targets:plan_import_new): .txt/.md/.docx/.pdf/.xlsx/.xls/.ods, 10 MB
  (tests/targets/test_views_plan_imports.py, test_import_plan_xlsx.py,
  test_import_plan_formats.py);
- quarterly update workbook (targets:update_sheet_upload): .xlsx, 10 MB (here and
  tests/targets/test_update_sheets.py);
- evidence attachments (targets:attachment_upload): PDF/Office/JPEG/PNG checked
  by content, 20 MB each, 10 at once (tests/targets/test_discussion.py).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets.forms.plan_imports import MAX_UPLOAD_BYTES
from targets.models import QuarterlyUpdate
from targets.services.discussion import ATTACHMENT_MAX_BYTES, MAX_FILES_PER_UPLOAD
from targets.services.update_sheets import MAX_BYTES as UPDATE_MAX_BYTES

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
UPLOAD = reverse("targets:update_sheet_upload")
DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("进展.csv", b"a,b\n1,2\n", "不支持.csv类型的文件：请上传从落实系统下载的.xlsx表格。"),
        ("进展.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "不支持.xls类型的文件"),
        (
            "进展.xlsx",
            b"MZ\x90\x00" + b"\0" * 512,
            "该文件不是有效的Excel表格（.xlsx）",
        ),  # an .exe renamed
        ("进展.xlsm", b"PK\x03\x04", "不接受含宏的表格：请上传从落实系统下载的.xlsx表格。"),
        ("进展.xlsx", b"x" * (10 * MB + 1), "文件超过10 MB的上限。"),
    ],
    ids=["csv", "xls", "exe-renamed", "xlsm", "over-10-mb"],
)
def test_update_upload_refuses_other_types_and_large_files(
    client_for, staff_a, name, content, message
):
    response = client_for(staff_a).post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()


def test_upload_caps_in_the_app():
    assert MAX_UPLOAD_BYTES == UPDATE_MAX_BYTES == 10 * MB
    assert ATTACHMENT_MAX_BYTES == 20 * MB
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= MAX_FILES_PER_UPLOAD
    # Files past this are spooled to disk, not kept in a worker's memory.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB


def test_nginx_lets_the_largest_accepted_upload_through():
    """Otherwise nginx answers first, with its own English "413" page."""
    text = DEPLOYMENT.read_text(encoding="utf-8")
    (size,) = re.findall(r"client_max_body_size (\d+)m;", text)
    largest_request = max(MAX_UPLOAD_BYTES, MAX_FILES_PER_UPLOAD * ATTACHMENT_MAX_BYTES)
    assert int(size) * MB >= largest_request


def test_nginx_error_pages_are_ours_and_say_the_limits():
    """nginx's 413 and 502–504 pages are static files of the app, in Chinese and English."""
    text = DEPLOYMENT.read_text(encoding="utf-8")
    pages = dict(re.findall(r"error_page ([\d ]+) /static/(\S+);", text))
    assert set(" ".join(pages).split()) == {"413", "502", "503", "504"}
    for path in pages.values():
        # Where collectstatic finds it, so it is in STATIC_ROOT next to the rest.
        found = finders.find(path)
        assert found, path
        html = Path(found).read_text(encoding="utf-8")
        assert '<html lang="zh-hans">' in html and 'lang="en"' in html
        assert "http" not in html.replace('href="/"', "")  # nothing from outside the intranet
    too_large = Path(finders.find(pages["413"])).read_text(encoding="utf-8")
    assert f"单个佐证材料不超过 {ATTACHMENT_MAX_BYTES // MB} MB" in too_large
    assert f"一次最多 {MAX_FILES_PER_UPLOAD} 个" in too_large
    assert f"不超过 {MAX_UPLOAD_BYTES // MB} MB" in too_large


def test_form_text_over_the_limit_is_refused_in_chinese_and_saves_nothing(
    client_for, staff_a, goal_a
):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE Django answers 400 before any view: our page, not its."""
    url = reverse("targets:quarterly_update_edit", args=[goal_a.pk])
    response = client_for(staff_a).post(
        url,
        {
            "year": 2023,
            "quarter": 3,
            "version": 0,
            "status": "on_track",
            "percent_complete": 60,
            "progress": "进" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2),
        },
    )
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()
