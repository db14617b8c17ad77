"""
What surrounds the tasks of a work report or 分解方案: its title and year, the
notice that issues a 分解方案 (关于印发…的通知, with its salutation, its
numbered requirements, its signature and date), the opening and closing words
of a report delivered to the people's congress, and the metadata a government
website prints above a document. None of it is a task.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .draft import PlanDraft, gettext_noop
from .numbering import match_heading, match_item
from .owners import parse_owner_line
from .tables import unflatten
from .text import (
    Line,
    collapse_spaces,
    footer_start,
    glossary_start,
    has_cells,
    is_page_number,
    join_wrapped,
    source_lines,
)

# Words that make a short first line the document's title.
TITLE_WORDS = ("报告", "方案", "要点", "计划", "清单", "分解", "任务", "通知", "台账")
# How a title that runs over two or three lines ends.
_TITLE_END = re.compile(r"(?:报告|方案|通知|要点|计划|清单|分解表|任务表|责任表|台账)$")
# The plan's own title, after the notice that issues it.
_PLAN_TITLE_WORDS = ("方案", "分解表", "任务表", "责任表", "清单", "要点", "台账", "工作报告")
_NOTICE = re.compile(r"关于印发|关于分解|印发给你们|下达给你们|的通知$|通知如下")
_NOTICE_TITLE = re.compile(r"关于印发(.+?)的通知$")

# Chapters that look back at last year: their numbers are results, not targets.
REVIEW_WORDS = ("回顾", "过去一年", "过去五年", "过去的一年", "工作总结", "主要成效", "取得的成绩")
# Chapters that plan: one of them ends a review even when it ranks below it.
PLAN_WORDS = (
    "工作安排",
    "主要任务",
    "重点任务",
    "工作任务",
    "目标任务",
    "总体要求",
    "主要目标",
    "预期目标",
    "工作重点",
    "重点工作",
)
YEAR = re.compile(r"(20\d\d)\s*年")
# "2023年工作安排", "2023年重点工作任务": the year a report plans for.
_PLAN_YEAR = re.compile(
    r"(20\d\d)年(?:全[区市县]|全年)?(?:的)?(?:工作安排|主要任务|重点工作|工作任务|目标任务|重点任务"
    r"|主要预期目标|经济社会发展的?主要)"
)
_REVIEW_YEAR = re.compile(r"(20\d\d)年(?:工作)?回顾")

# Lines that open or close a report delivered to the congress, or sign a notice.
_FURNITURE = re.compile(
    r"^(?:各位代表|现在,?我代表|请予审议|请各位政协委员|以上报告"
    r"|[-—–]+\s*(?:\d{4}年|在)"  # ——2024年1月9日在…会议上
    r"|\(?\d{4}年\d{1,2}月\d{1,2}日(?:在.{0,40}(?:会议|大会)上)?\)?$"  # a date alone
    r"|\(此件.{0,10}\)$"  # (此件公开发布)
    r"|附件\s*\d*\s*(?:[::].*)?$"  # 附件 / 附件:2023年…分解表 (the list of attachments)
    r"|[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号$"  # 郧政发〔2023〕5号
    # 区长 王某某, 洪山区人民政府代区长 王某某
    r"|(?:.{0,20}?人民政府|.{0,12}?政府)?(?:代理?|副)?(?:区长|市长|县长|省长)\s*[\u4e00-\u9fff·]{2,4}$"
    r"|[\u4e00-\u9fff]{2,24}(?:人民政府|办公室|办公厅)$"  # 蔡甸区人民政府办公室
    r")"
)
# The metadata a government website prints above a document.
_METADATA = (
    "索引号",
    "标题|",
    "名称:",
    "名称|",
    "公开日期",
    "公开方式",
    "组配分类",
    "文件类型",
    "发文单位",
    "发文字号",
    "效力状态",
    "生效日期",
    "成文日期",
    "发文日期",
    "发布日期",
    "发布机构",
    "发文机关",
    "文号",
    "主题分类",
    "有效性",
    "来源:",
    "信息来源",
    "字号:",
    "【字体",
    "点击量",
    "浏览量",
    "浏览次数",
    "阅读次数",
)


def reviews_past(title: str, year: int | None) -> bool:
    """Whether a chapter title looks back ("2022年工作回顾"): its numbers are results."""
    if any(word in title for word in REVIEW_WORDS):
        return True
    found = re.search(r"(20\d\d)年", title)
    return bool(
        found
        and year
        and int(found.group(1)) < year
        and not any(word in title for word in ("安排", "任务", "目标", "计划", "打算", "思路"))
    )


def plans_ahead(title: str, year: int | None) -> bool:
    """Whether a chapter title plans the year ("2023年工作安排"): it ends a review."""
    found = re.search(r"(20\d\d)年", title)
    current = not found or not year or int(found.group(1)) >= year
    return current and any(word in title for word in PLAN_WORDS)


def is_furniture(text: str) -> bool:
    """A line of the report's or notice's opening and closing, or website metadata."""
    if _FURNITURE.match(text):
        return True
    bare = text.replace(" ", "")
    return bare.startswith(_METADATA)


def skip_notice(lines: list[Line], title: str = "") -> list[Line]:
    """
    A 分解方案 published with the notice that issues it starts again at its
    own title: the notice's salutation, requirements ("一、各责任单位要高度重视…")
    and signature are not tasks. Returns ``lines`` itself when there is no
    notice or no title after it.
    """
    if not any(_NOTICE.search(text) for text in [title, *(line.text for line in lines[:8])]):
        return lines
    for index, line in enumerate(lines):
        text = collapse_spaces(line.text)
        if (
            len(text) <= 80
            and not re.search(r"[。;:!?]", text)
            and not _NOTICE.search(text)
            and any(word in text for word in _PLAN_TITLE_WORDS)
            and not match_heading(text)
            and not match_item(text)
            and not text.startswith("附件")
            and not has_cells(line.text)
        ):
            return lines[index:]
    return lines


def take_title(lines: list[Line]) -> tuple[list[Line], str]:
    """
    A first line that names the document (…政府工作报告, …分解方案) is its
    title; so are two or three short lines that together end like a title
    ("区人民政府办公室关于印发" / "2026年区《政府工作报告》目标任务" / "责任分解方案的通知").
    The title of a notice is the title of what it issues.
    """
    if not lines:
        return lines, ""
    parts = ["" if has_cells(line.text) else collapse_spaces(line.text) for line in lines[:3]]
    if not all(_title_like(p) for p in parts[:1]):
        return lines, ""
    taken, title = 1, parts[0]
    if not _TITLE_END.search(title) and len(title) <= 30:
        for count in (2, 3):
            joined = "".join(parts[:count])
            if len(parts) >= count and all(_title_like(p) and len(p) <= 30 for p in parts[:count]):
                if _TITLE_END.search(joined):
                    taken, title = count, joined
                    break
    if taken == 1 and not any(word in title for word in TITLE_WORDS):
        return lines, ""
    notice = _NOTICE_TITLE.search(title)
    if notice:
        title = notice.group(1).strip("《》")
    return lines[taken:], title


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= 60
        and not re.search(r"[。;:,!?]", text)
        and not match_heading(text)
        and not match_item(text)
        and not is_furniture(text)
    )


def title_from_name(source_name: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_name.replace("\\", "/").rsplit("/", 1)[-1])


def find_year(title: str, lines: list[Line], source_name: str) -> int | None:
    """
    The year the plan is for: from the title, the file name, the planning
    chapter ("2023年工作安排"), the year after the one reviewed ("2022年工作回顾"),
    or else the first year in the opening lines.
    """
    for text in (title, title_from_name(source_name)):
        match = YEAR.search(text or "") or re.search(r"(?<!\d)(20\d\d)(?!\d)", text or "")
        if match:
            return int(match.group(1))
    body = [line.text for line in lines[:400]]
    for text in body:
        match = _PLAN_YEAR.search(text)
        if match:
            return int(match.group(1))
    for text in body:
        match = _REVIEW_YEAR.search(text)
        if match and len(text) <= 30:
            return int(match.group(1)) + 1
    for text in body[:5]:
        match = YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def prepare_lines(
    text: str,
    draft: PlanDraft,
    *,
    title: str,
    year: int | None,
    source_name: str,
    starts_block: Callable[[str], bool],
) -> list[Line]:
    """
    The lines of ``text`` that may hold tasks, and the draft's title and year.

    The web page footer and the glossary are cut off (with a warning each),
    a table given one cell a line is rebuilt, page numbers go, a notice that
    issues the plan is skipped, the title is taken off the top (and out of
    the page headers that repeat it), and lines a PDF export wrapped are
    joined again. ``title`` and ``year`` override what
    the text says.
    """
    lines = source_lines(text)
    for find, template in (
        (
            footer_start,
            gettext_noop(
                "The text from line %(line)s on looks like a web page footer and was left out."
            ),
        ),
        (glossary_start, gettext_noop("The glossary from line %(line)s on was left out.")),
    ):
        cut = find(lines)
        if cut is not None:
            draft.warn(lines[cut].number, template, line=lines[cut].number)
            lines = lines[:cut]
    lines = [line for line in unflatten(lines) if not is_page_number(line.text)]

    lines, found_title = take_title(lines)
    restarted = skip_notice(lines, found_title)
    if restarted is not lines:
        lines, found_title = take_title(restarted)
    if found_title:
        # A PDF repeats the title at the top of every page.
        lines = [line for line in lines if collapse_spaces(line.text) != found_title]
    draft.title = title or found_title or title_from_name(source_name)
    draft.year = year or find_year(draft.title, lines, source_name)
    if draft.year is None:
        draft.warn(
            None, gettext_noop("The year of the plan could not be found; set it before applying.")
        )
    return join_wrapped(
        lines,
        starts_block=starts_block,
        is_owner_line=lambda line: parse_owner_line(line) is not None,
    )
