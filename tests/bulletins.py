"""
Reading a bulletin (督查通报) back with python-docx, as its tests do: its
paragraphs and table as text, and whether what it says is what the
dashboard shows.
"""

import io
import re

import docx
from docx.oxml.ns import qn

from targets.io.bulletin import write_bulletin
from targets.models import Department, Goal
from targets.periods import Quarter
from targets.selectors.dashboard import dashboard
from targets.selectors.states import DISPLAY_ORDER


def document(bulletin) -> docx.document.Document:
    buffer = io.BytesIO()
    write_bulletin(bulletin, buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def downloaded(response) -> docx.document.Document:
    assert response.status_code == 200, response.status_code
    return docx.Document(io.BytesIO(b"".join(response.streaming_content)))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def paragraph(doc, starts: str):
    return next(p for p in doc.paragraphs if p.text.startswith(starts))


def following(doc, starts: str, count: int) -> list[str]:
    lines = texts(doc)
    index = next(i for i, text in enumerate(lines) if text.startswith(starts))
    return lines[index + 1 : index + 1 + count]


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def east_asian_font(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


# The words the text and the table use for each state, in display order.
TEXT_STATES = ("已完成", "正常推进", "存在风险", "进度滞后", "未启动", "尚未评估")
TABLE_STATES = ("已完成", "正常推进", "存在风险", "进度滞后", "未启动", "未评估")


def agrees_with_the_dashboard(doc, plan, user, period: Quarter) -> None:
    """
    What the bulletin says is what the dashboard shows (统计口径): the text's
    counts, shares (adding up to 100 %) and reporting figures are the
    dashboard's overall ones, the table's 合计 row too, and each department's
    row is its row of the dashboard's ranking.
    """
    data = dashboard(
        plan,
        period,
        goals=Goal.objects.visible_to(user),
        departments=Department.objects.visible_to(user).filter(active=True),
    )
    overall = data.overall
    text = following(doc, "一、总体情况", 1)[0]
    said = {
        label: (int(count), int(share))
        for label, count, share in re.findall(r"(\w+?)(\d+)项，占(\d+)%", text.split("其中，")[1])
    }
    shown = {
        label: (segment["count"], segment["share"])
        for label, segment in zip(TEXT_STATES, overall.segments(), strict=True)
        if label in said
    }
    assert said == shown
    assert sum(share for _count, share in said.values()) == 100
    assert f"共确定目标任务{overall.total}项" in text
    assert f"本季度应报送进展的目标任务{overall.expected}项，已报送{overall.reported}项" in text
    assert (f"未报送{overall.missing}项" in text) == bool(overall.missing)
    assert (f"（其中待审核{overall.pending}项）" in text) == bool(overall.pending)
    assert f"报送率{overall.submission_rate}%" in text
    assert f"其中按时报送{overall.on_time}项，按时报送率{overall.on_time_rate}%" in text

    table = cells(doc.tables[0])
    header = [heading.replace("\n", "") for heading in table[0]]

    def row_of(name, figures: dict) -> list[str]:
        by_heading = {
            "单位": name,
            "牵头任务": str(figures["lead"]),
            "已报送/应报送": f"{figures['reported']}/{figures['expected']}",
            "待审核": str(figures["pending"]),
            "未报送": str(figures["missing"]),
        }
        by_heading.update(
            (label, str(figures[state.value]))
            for label, state in zip(TABLE_STATES, DISPLAY_ORDER, strict=True)
        )
        return [by_heading[heading] for heading in header]

    ranking = [row for row in data.departments if row["lead"]]
    assert table[1:-1] == [row_of(row["name"], row) for row in ranking]
    total = {
        "lead": overall.total,
        "reported": overall.reported,
        "expected": overall.expected,
        "pending": overall.pending,
        "missing": overall.missing,
        **{state.value: overall.states[state] for state in DISPLAY_ORDER},
    }
    assert table[-1] == row_of("合计", total)
    # A state column the table leaves out has nobody in it.
    for label, state in zip(TABLE_STATES, DISPLAY_ORDER, strict=True):
        if label not in header:
            assert not overall.states[state]
