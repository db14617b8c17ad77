"""``manage.py import_plan``: dry runs write nothing, bad files stop with one clear line."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from docx import Document

from targets.models import Goal, Indicator, Plan
from tests.helpers import zip_of

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "targets" / "demo" / "hongshan-2023-work-report.txt"
EXPECTED = json.loads(
    (Path(settings.BASE_DIR) / "tests" / "data" / "hongshan-2023-expected.json").read_text()
)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_json_prints_the_draft_and_writes_nothing():
    draft = json.loads(run(str(SEED), "--dry-run", "--format", "json"))
    assert not Plan.objects.exists()
    assert draft["year"] == 2023
    goals = [g for s in draft["sections"] for t in [s, *s["sections"]] for g in t["goals"]]
    targets = [(i["value"], i["unit"], i["comparator"]) for g in goals for i in g["indicators"]]
    expected = [
        (t["value"], t["unit"], t["comparator"])
        for theme in EXPECTED["themes"]
        for t in theme["targets"]
    ]
    assert targets == expected
    assert len(targets) == 28
    # The ten themes, under their chapters (the first two before any chapter line).
    read = [
        (None, s["title"]) if not s["sections"] else (s["number"] + s["title"], t["title"])
        for s in draft["sections"]
        for t in (s["sections"] or [s])
    ]
    assert read == [(t["chapter"], t["theme"]) for t in EXPECTED["themes"]]
    assert any("footer" in w["message"] and w["where"] == "line 27" for w in draft["warnings"])


def test_dry_run_text_is_an_outline():
    out = run(str(SEED), "--dry-run")
    assert "§ 二是塑优势、铸高地,释放经济发展活力" in out
    assert "target: 净增高企 eq 96 家" in out
    assert out.rstrip().splitlines()[-3].startswith("39 goals, 28 targets")


def test_import_applies_then_a_second_import_changes_nothing():
    first = run(str(SEED), "--title", "洪山区2023年政府工作报告", "--activate")
    assert "created: 1 plans, 13 sections, 39 goals, 28 indicators" in first
    plan = Plan.objects.get()
    assert plan.state == "active"
    assert Goal.objects.count() == 39 and Indicator.objects.count() == 28
    second = run(str(SEED), "--title", "洪山区2023年政府工作报告")
    assert "created: nothing; updated: nothing" in second
    assert Goal.objects.count() == 39


def test_import_reads_a_word_document(tmp_path):
    document = Document()
    document.add_paragraph("2024年政府工作报告重点任务分解方案")
    document.add_paragraph("一、扩大有效投资")
    document.add_paragraph("1.新开工亿元以上项目50个。(牵头单位:区发改局)")
    path = tmp_path / "plan.docx"
    document.save(path)
    out = run(str(path))
    assert "1 plans" in out
    goal = Goal.objects.get()
    assert goal.text == "新开工亿元以上项目50个。"
    assert goal.plan.year == 2024
    assert [(i.target_value, i.unit) for i in goal.indicators.all()] == [(50, "个")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        ("fake.docx", zip_of({"hello.txt": b"not word"}), "Word"),
        ("truncated.docx", zip_of({"word/document.xml": b"<w:document/>"})[:30], "Word"),
        ("report.pdf", b"%PDF-1.4", ".pdf"),
    ],
)
def test_bad_file_stops_with_one_clear_line_and_writes_nothing(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        run(str(path))
    text = str(error.value)
    assert text.startswith(name + ": ")
    assert message.lower() in text.lower()
    assert "\n" not in text
    assert not Plan.objects.exists()


def test_missing_file_and_bad_year_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "nope.txt"))
    with pytest.raises(CommandError, match="--year must be between"):
        run(str(SEED), "--year", "1850")


def test_file_over_the_size_cap_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("任务。".encode() * (4 * 1024 * 1024))
    with pytest.raises(CommandError, match="10 MB"):
        run(str(path))
    assert not Plan.objects.exists()
