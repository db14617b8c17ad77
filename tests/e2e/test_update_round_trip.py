"""The quarterly round trip in a browser: download the template, fill it in, upload, confirm."""

import io

import pytest
from openpyxl import load_workbook

from targets.choices import UpdateStatus
from targets.models import QuarterlyUpdate
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_fill_in_the_template_and_upload_it(new_page, screenshot, staff_a, goal_a, tmp_path):
    page = new_page()
    log_in(page, "staff_a")

    page.click("text=本单位")
    page.wait_for_selector("#template-button")
    with page.expect_download() as download:
        page.click("#template-button")
    assert download.value.suggested_filename == "区发改局2023年第4季度进展填报表.xlsx"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    book = load_workbook(path)
    sheet = book["填报表"]
    sheet["C4"], sheet["D4"], sheet["E5"] = "已完成", 100, 96
    sheet["H4"] = "全年净增高企96家，完成目标。"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())

    page.click("#upload-link")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-button")
    page.wait_for_selector("#upload-preview")
    assert "新增填报" in page.inner_text("#preview-table")
    screenshot(page, "20-update-upload-preview")
    assert not QuarterlyUpdate.objects.exists()

    page.click("#confirm-button")
    page.wait_for_selector(".messages")
    assert "新增1项" in page.inner_text(".messages")
    # Sent to the supervision office: it counts as completed once approved.
    assert page.inner_text('[data-count="pending"]') == "1"
    screenshot(page, "21-update-upload-applied")
    update = QuarterlyUpdate.objects.get()
    assert (update.status, update.submitted_by) == (UpdateStatus.COMPLETED, staff_a)
