"""
What the bulletin says: its figures, rows and lists as plain values
(``Bulletin``), and the Chinese wording built from them — title, issue
number, the sentences of the text — for ``document`` to lay out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

CN_DIGITS = "零一二三四五六七八九"
LIST_SEPARATOR = "、"

# 下步工作要求: the office edits them before sending; {office} is its name.
CLOSING_REQUIREMENTS = (
    (
        "压实工作责任。",
        "各牵头单位要对照目标任务，逐项明确责任领导、责任人和完成时限，"
        "确保各项任务按序时进度推进。",
    ),
    (
        "加快滞后任务推进。",
        "进度滞后和存在风险任务的牵头单位要深入分析原因，制定针对性措施，"
        "配合单位要主动对接、协同推进，确保按期完成。",
    ),
    (
        "按时报送进展情况。",
        "各单位要在规定时限内如实报送季度进展情况，未按时报送的单位要认真整改。"
        "{office}将持续跟踪督办。",
    ),
)

# The states the figures paragraph always names, and those it names only when a goal is in
# them. A goal's state is its latest approved report's, up to the quarter (its 统计口径):
# reporting this quarter (待审核, 未报送) is said in the sentence after.
FIGURE_STATES = (
    ("已完成", "completed", True),
    ("正常推进", "on_track", True),
    ("存在风险", "at_risk", True),
    ("进度滞后", "behind", True),
    ("未启动", "not_started", False),
    ("尚未评估", "unassessed", False),
)


@dataclass(frozen=True)
class Count:
    """A number of goals and its share of all goals in percent, rounded as the dashboard does."""

    count: int
    share: int


@dataclass(frozen=True)
class Figures:
    """The plan's goals as of the quarter: by state, and how many reported of those expected."""

    total: int
    completed: Count
    on_track: Count
    at_risk: Count
    behind: Count
    not_started: Count
    unassessed: Count  # no approved report yet (未评估)
    pending: int  # sent this quarter, waiting for the office's review (待审核)
    missing: int  # expected this quarter and not sent (未报送)
    reported: int
    expected: int
    submission_rate: int | None
    on_time: int
    on_time_rate: int | None
    joint: int = 0  # goals led by two departments or more, a row for each of them
    without_lead: int = 0  # goals no department leads, in no department's row


@dataclass(frozen=True)
class DepartmentRow:
    """A row of the table: the goals a department leads, by state."""

    name: str
    lead: int
    reported: int
    expected: int
    completed: int
    on_track: int
    at_risk: int
    behind: int
    not_started: int
    unassessed: int
    pending: int
    missing: int


@dataclass(frozen=True)
class RedGoal:
    """A goal behind schedule (红灯), with what its lead departments say holds it up."""

    code: str
    title: str
    departments: list[str]
    percent: int
    problems: str


@dataclass(frozen=True)
class LateDepartment:
    """A department that did not report on time: goal codes not reported, and reported late."""

    name: str
    missing: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Bulletin:
    """
    Everything the document says, as plain values. ``total`` is the table's
    合计 row, every goal counted once (``figures`` in a row); ``departments``
    count a goal led jointly in each lead department's row. ``number`` is the
    issue number (文号) as printed; ``copy_to`` the 抄送 line of the 版记 (none
    when empty), ``printed_by`` the office that prints it (印发机关).
    """

    office: str
    plan_title: str
    year: int
    quarter: int
    issued_on: datetime.date
    due_date: datetime.date
    figures: Figures
    departments: list[DepartmentRow]
    red_goals: list[RedGoal]
    late_departments: list[LateDepartment]
    total: DepartmentRow | None = None
    number: str = ""
    copy_to: str = ""
    printed_by: str = ""


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99): how 公文 number headings."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (
        ("" if tens < 2 else CN_DIGITS[tens])
        + ("十" if tens else "")
        + (CN_DIGITS[ones] if ones else "")
    )


def chinese_date(day: datetime.date) -> str:
    """The date as a 公文 writes it (GB/T 9704-2012 uses Arabic figures): 2023年12月28日."""
    return f"{day.year}年{day.month}月{day.day}日"


def bulletin_title(year: int, quarter: int) -> str:
    """关于2023年第三季度政府工作报告目标任务落实情况的通报."""
    return f"关于{year}年第{chinese_number(quarter)}季度政府工作报告目标任务落实情况的通报"


# The issue number (发文字号) unless the office sets its own: one issue a quarter.
ISSUE_NUMBER = "督查通报〔{year}〕第{quarter}期"


def issue_number(year: int, quarter: int, template: str = ISSUE_NUMBER) -> str:
    """督查通报〔2023〕第3期, or the office's own ``template`` ({year}, {quarter}, {quarter_cn})."""
    return template.format(year=year, quarter=quarter, quarter_cn=chinese_number(quarter))


def title_lines(year: int, quarter: int) -> list[str]:
    """
    The title broken where its sense breaks, as GB/T 9704 asks of a title
    on more than one line (词意完整): never inside a word, as the page width
    alone would break it (…目标任/务…).
    """
    return [f"关于{year}年第{chinese_number(quarter)}季度政府工作报告", "目标任务落实情况的通报"]


def bulletin_filename(year: int, quarter: int) -> str:
    return f"{bulletin_title(year, quarter)}.docx"


def quarter_name(bulletin: Bulletin) -> str:
    return f"{bulletin.year}年第{chinese_number(bulletin.quarter)}季度"


def figures_text(bulletin: Bulletin) -> str:
    """
    截至2023年第三季度，《…》共确定目标任务20项。其中，已完成5项，占25%；…。本季度应报送
    进展的目标任务15项，已报送12项（其中待审核2项），未报送3项，报送率80%；其中按时报送
    10项，按时报送率67%。
    """
    f = bulletin.figures
    states = "；".join(
        f"{label}{count.count}项，占{count.share}%"
        for label, name, always in FIGURE_STATES
        if (count := getattr(f, name)).count or always
    )
    if f.submission_rate is None:
        reporting = "本季度没有需要报送进展的目标任务。"
    else:
        reporting = (
            f"本季度应报送进展的目标任务{f.expected}项，已报送{f.reported}项"
            + (f"（其中待审核{f.pending}项）" if f.pending else "")
            + (f"，未报送{f.missing}项" if f.missing else "")
            + f"，报送率{f.submission_rate}%；"
            f"其中按时报送{f.on_time}项，按时报送率{f.on_time_rate}%。"
        )
    return (
        f"截至{quarter_name(bulletin)}，《{bulletin.plan_title}》共确定目标任务{f.total}项。"
        f"其中，{states}。{reporting}"
    )


# The table's count columns after 单位, 牵头任务 and 已报送/应报送: (heading, DepartmentRow field).
# 未启动 and 未评估 are left out when no row has any, as the text leaves them out.
COUNT_COLUMNS = (
    ("已完成", "completed"),
    ("正常推进", "on_track"),
    ("存在风险", "at_risk"),
    ("进度滞后", "behind"),
    ("未启动", "not_started"),
    ("未评估", "unassessed"),
    ("待审核", "pending"),
    ("未报送", "missing"),
)
OPTIONAL_COLUMNS = ("not_started", "unassessed")
TOTAL_ROW = "合计"


def table_rows(bulletin: Bulletin) -> list[DepartmentRow]:
    """The department rows, then the 合计 row when there is one."""
    return [*bulletin.departments, *([bulletin.total] if bulletin.total else [])]


def count_columns(bulletin: Bulletin) -> list[tuple[str, str]]:
    """The count columns the table shows: every one but an optional one nobody has."""
    rows = table_rows(bulletin)
    return [
        (heading, name)
        for heading, name in COUNT_COLUMNS
        if name not in OPTIONAL_COLUMNS or any(getattr(row, name) for row in rows)
    ]


def table_header(bulletin: Bulletin) -> list[str]:
    return [
        "单位",
        "牵头任务",
        "已报送/应报送",
        *(heading for heading, _ in count_columns(bulletin)),
    ]


def department_cells(row: DepartmentRow, columns: list[tuple[str, str]]) -> list[str]:
    """A table row's cells, as the document prints them, for the ``count_columns`` shown."""
    return [
        row.name,
        str(row.lead),
        f"{row.reported}/{row.expected}",
        *(str(getattr(row, name)) for _heading, name in columns),
    ]


def table_note(bulletin: Bulletin) -> str:
    """
    Why the rows need not add up to the 合计 row: a goal led jointly counts
    for each of its lead departments, the total counts it once (the
    dashboard's ranking and its overall figures count alike); a goal no
    department leads is in the total only. Empty when the rows add up.
    """
    f = bulletin.figures
    notes = []
    if f.joint:
        notes.append(
            f"{f.joint}项目标任务由两个及以上单位共同牵头，分别计入各牵头单位，"
            f"“{TOTAL_ROW}”行每项只计一次"
        )
    if f.without_lead:
        notes.append(f"{f.without_lead}项目标任务尚未明确牵头单位，只计入“{TOTAL_ROW}”行")
    return f"注：{'；'.join(notes)}。" if notes else ""


def late_text(department: LateDepartment) -> str:
    """区发改局：未报送2项（2.2.1、2.2.4）；逾期报送1项（2.2.5）。"""
    parts = []
    if department.missing:
        parts.append(
            f"未报送{len(department.missing)}项（{LIST_SEPARATOR.join(department.missing)}）"
        )
    if department.late:
        parts.append(f"逾期报送{len(department.late)}项（{LIST_SEPARATOR.join(department.late)}）")
    return f"{department.name}：{'；'.join(parts)}。"
