"""
The 通知 around a plan, and the other text of a plan that is not a goal.

A 分解方案 is published with the notice that issues it: a salutation to its
addressees ("各镇人民政府、街道办事处,区政府各部门:"), the sentence that
issues it ("现将《…》印发给你们"), requirements addressed to the units ("一、
各责任单位要高度重视…"), a signature and a date. ``skip_notice`` leaves all of
it out: from where the notice starts to where the plan does — after the
signature and date, at the plan's own title, or at the first line that gives
a task its owners — and the whole rest of a text that is only a notice.

Inside a plan, some sentences are still not goals (``is_commentary``): the
notice's kind of sentence, requirements addressed to units, the count of the
plan's own tasks ("分解为7大方面、80项"), what a year is ("2023年是…开局之年",
"…成立75周年"), the report of a meeting ("会议听取、审议并通过了…") and a
sentence that announces what follows ("…制定分工方案如下。").
"""

from __future__ import annotations

import re

from .furniture import is_furniture
from .numbering import match_heading, match_item
from .owners import find_inline_owners, parse_owner_line
from .tables import OWNER_ROLES, column_role, split_cells
from .text import Line, collapse_spaces, has_cells

# The plan's own title, after the notice that issues it.
PLAN_TITLE_WORDS = ("方案", "分解表", "任务表", "责任表", "清单", "要点", "台账", "工作报告")
NOTICE = re.compile(r"关于印发|关于分解|印发给你们|下达给你们|的通知(?:$|\s)|通知如下")
# The notice's own kind of sentence: it issues the plan, or asks that it be carried out.
_NOTICE_SENTENCE = re.compile(
    r"(?:印发|下达|转发|分解下达)给你们|现予(?:公布|印发)|予以(?:分解)?(?:印发|下达)|予以分解"
    r"|通知如下|特此通知|请(?:结合实际[,]?)?认真(?:贯彻|抓好|组织|执行)|请遵照执行|请照此执行"
    r"|^认真贯彻(?:执行|落实)。?$"
)
# What a report to the congress says of itself: "…向大会作…报告,请予以审议".
_REPORT_ITSELF = re.compile(r"请予(?:以)?审议|向大会(?:作|报告)")
# Requirements addressed to units: "各责任单位要…", "市政府督查室要将…", "牵头单位负责全程协调".
_ADDRESSEE = (
    r"(?:请)?(?:各(?:级|地|部门|单位|乡镇|街道|镇|县|区|委办局|责任|牵头|相关|有关|协同|配合|参与|主要|其他)"
    r"[^,。;:]{0,24}?"
    r"|(?:牵头|责任|配合|协办|参与|协同|主要责任|其他责任|协同配合)(?:单位|部门)"
    r"|[^,。;:]{2,14}(?:督查室|督考办|考评办|绩效办|办公室|办公厅|部门|单位))"
)
_DIRECTIVE = re.compile(rf"^{_ADDRESSEE}(?:要|务必|必须|须|应当?|将|负责|则)")
# The count of the plan's own tasks: "分解为五个方面79项", "6个方面243项", "(分解任务15项)".
_TASK_COUNT = re.compile(
    r"(?:\d+|[一二三四五六七八九十]+)(?:个|大)?方面[、,]?(?:共|的)?\d+项"
    r"|分解(?:为|成)?(?:任务)?[^。;]{0,12}?\d+项|共\d+项|\d+项(?:重点|具体|主要)?(?:工作)?任务"
    # and of its items: "实施重点民生实事18件", "民生实事11件".
    r"|(?:民生)?实事\d+(?:件|项)|\d+(?:件|项)(?:重点)?(?:民生)?实事"
)
# What a year is: "2023年是全面贯彻…的开局之年", "今年是中华人民共和国成立75周年".
_YEAR_IS = re.compile(r"^(?:\d{4}年|今年|明年)(?:是|也是)[^。]{0,120}?(?:之年|一年|周年)")
# The report of a meeting: "3月23日,…会议召开", "会议听取、审议并通过了…", "会上,…".
_MEETING = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:至\d{1,2}日)?,|会上|会议(?:听取|审议|表决|通过|全面))"
)
# A sentence that announces what follows: "…制定分工方案如下。"
_ANNOUNCES = re.compile(r"如下[^,。;:]{0,12}[。:]?$")
# Progress reported on a task, not the task: "完成情况:…", "1-11月推进情况".
_PROGRESS = re.compile(r"^(?:完成情况|进展情况|推进情况|目前进度|工作进展|落实情况|执行情况)[:]")
# An attachment named under 附件: "2.2018年民生十件实事任务分解表".
_ATTACHMENT = re.compile(r"^\d{1,2}[.、]?\S{4,80}(?:表|方案|清单|名单|计划|要点)$")
# Every kind of sentence that is no goal, each with a test of a few characters that
# it cannot be without, so that most sentences are never tried against the pattern.
_KINDS = (
    (
        lambda t: (
            "你们" in t
            or "现予" in t
            or "予以" in t
            or "通知" in t
            or "请" in t
            or t.startswith("认真")
        ),
        _NOTICE_SENTENCE,
    ),
    (
        lambda t: (
            t[:1] in "请各牵责配协参主其"
            or "室" in t[:16]
            or "办" in t[:16]
            or "部门" in t[:16]
            or "单位" in t[:16]
        ),
        _DIRECTIVE,
    ),
    (lambda t: "项" in t or "件" in t, _TASK_COUNT),
    (lambda t: "是" in t[:10], _YEAR_IS),
    (lambda t: t[:1].isdigit() or t.startswith("会"), _MEETING),
    (lambda t: "如下" in t, _ANNOUNCES),
    (lambda t: "情况" in t[:6] or "进度" in t[:6] or "进展" in t[:6], _PROGRESS),
    (lambda t: "审议" in t or "向大会" in t, _REPORT_ITSELF),
)
# How many opening lines may come before the notice's first line.
_NOTICE_OPENING = 15


def is_notice_sentence(text: str) -> bool:
    """Whether a sentence issues the plan or asks that it be carried out."""
    return bool(_NOTICE_SENTENCE.search(text))


def is_salutation(text: str) -> bool:
    """
    A notice's addressees: "各镇(乡)人民政府、街道办事处,区政府各部门、各直属单位:",
    "省直和中央在湘有关单位:", "各管理区、镇人民政府、街道办事处,市直各单位".
    """
    text = collapse_spaces(text)
    if len(text) > 120 or re.search(r"[。;!?]", text) or text.count(":") > 1:
        return False
    if ":" in text and not text.endswith(":"):
        return False
    parts = [p for p in re.split(r"[,、]", text.rstrip(":")) if p]
    if not text.endswith(":") and len(parts) < 2:
        return False
    return bool(parts) and all(_addresses(part) for part in parts)


def _addresses(part: str) -> bool:
    """An addressee: "各街道办事处", "区政府各部门", "市直各单位", "长乐山工业园区"."""
    if part.startswith("各位"):
        return False  # "各位代表:" opens a report to the congress, not a notice
    return part.startswith("各") or bool(
        re.search(
            r"(?:政府|办事处|管委会|管理委员会|部门|单位|机构|委员会|管理处|企业|院校|岗位|园区"
            r"|开发区|委办局|直属机构)(?:\([^()]*\))?$",
            part,
        )
    )


def is_directive(sentence: str) -> bool:
    """A requirement addressed to units ("各责任单位要…"), not a task of its own."""
    return bool(_DIRECTIVE.match(sentence.strip()))


def reports_progress(text: str) -> bool:
    """Whether a sentence reports progress on a task ("完成情况:…"), whatever its numbers."""
    return bool(_PROGRESS.match(text.strip()))


def is_commentary(sentence: str) -> bool:
    """
    A sentence of a plan that is not a goal: the notice's, a requirement
    addressed to units, the count of the plan's tasks, what the year is, the
    report of a meeting, or the announcement of what follows. Callers keep
    sentences with targets or owners of their own out of this.
    """
    text = sentence.strip()
    return any(may(text) and pattern.search(text) for may, pattern in _KINDS)


def counts_tasks(text: str) -> bool:
    """Whether a sentence counts the plan's own tasks ("分解为7大方面、80项")."""
    return ("项" in text or "件" in text) and bool(_TASK_COUNT.search(text))


def skip_notice(lines: list[Line], title: str = "") -> list[Line]:
    """
    The lines of a plan without the notice that issues it (see the module's
    docstring). Returns ``lines`` itself when there is no notice.
    """
    start = _notice_start(lines, title)
    if start is None:
        return lines
    return lines[_notice_end(lines, start) :]


def _notice_start(lines: list[Line], title: str) -> int | None:
    if NOTICE.search(title):
        return 0
    for index, line in enumerate(lines[:_NOTICE_OPENING]):
        text = collapse_spaces(line.text)
        if NOTICE.search(text) or is_notice_sentence(text) or is_salutation(text):
            return index
    return None


def _notice_end(lines: list[Line], start: int) -> int:
    """Where the plan starts after a notice that starts at ``start`` (len(lines): nowhere)."""
    # The issuing office and a website's dates stand above a notice too: a signature
    # only ends the notice once its salutation or its text has been read.
    body = False
    attachments = False
    for index in range(start, len(lines)):
        text = collapse_spaces(lines[index].text)
        if attachments and _ATTACHMENT.match(text):
            continue  # "附件:1.…分解表" then "2.…分解表": the list of attachments
        attachments = text.startswith("附件")
        if (
            not body
            and not is_furniture(text)
            and (is_salutation(text) or is_notice_sentence(text) or re.search(r"[。;]", text))
        ):
            body = True
        if body and index > start and _signs(text):
            # The signature and date: the notice ends after them and what follows them.
            end = index + 1
            while end < len(lines) and is_furniture(collapse_spaces(lines[end].text)):
                end += 1
            return end
        if index > start and _is_plan_title(lines[index]):
            return index
        if _starts_plan(lines[index], text):
            # Headings right above the first task with owners belong to the plan.
            while index > start and match_heading(collapse_spaces(lines[index - 1].text)):
                index -= 1
            return index
    return len(lines)


def _signs(text: str) -> bool:
    """A line of the signature block: a date alone, (此件公开发布), 特此通知, an office's name."""
    return (
        is_furniture(text)
        and not text.startswith(("附件", "索引号"))
        and (
            bool(
                re.search(r"(?:年.{1,3}月.{1,3}日\)?$|此件|通知$|人民政府$|办公室$|办公厅$)", text)
            )
        )
    )


def _is_plan_title(line: Line) -> bool:
    """The plan's own title after its notice ("2023年政府工作报告重点工作责任分解")."""
    text = collapse_spaces(line.text)
    return (
        len(text) <= 80
        and not re.search(r"[。;:!?]", text)
        and not NOTICE.search(text)
        and any(word in text for word in PLAN_TITLE_WORDS)
        and not match_heading(text)
        and not match_item(text)
        and not text.startswith("附件")
        and not has_cells(line.text)
    )


def _starts_plan(line: Line, text: str) -> bool:
    """A line that gives a task its owners, or a table's header naming owner columns."""
    cells = split_cells(line.text)
    if cells is not None:
        return bool(cells) and any(column_role(cell) in OWNER_ROLES for cell in cells)
    if is_commentary(text):
        return False
    return parse_owner_line(text) is not None or not find_inline_owners(text)[1].is_empty
