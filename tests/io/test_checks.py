"""
The warnings about a draft's own state are worked out again after a person
corrects it (``targets.io.checks.recheck``); warnings about the reading stay.
"""

from targets.io import checks
from targets.io.report import read_report

TEXT = (
    "(一)扩大有效投资\n"
    "1.开工亿元以上产业项目10个。(牵头单位:区发改局)\n"
    "2.新建2个综合公园。\n"
    "3.新建2个综合公园。\n"
    "本文仅代表作者观点,不代表本站立场。未经许可,不得转载。\n"
)


FOOTER = "The text from line %(line)s on looks like a web page footer and was left out."


def warned(draft) -> list[tuple[str, str, dict]]:
    return [(w.where, w.template, w.params) for w in draft.warnings]


def test_a_reader_warns_of_goals_without_a_lead_and_of_repeats_by_line():
    draft = read_report(TEXT, year=2023, title="区重点任务")
    assert warned(draft) == [
        ("line 5", FOOTER, {"line": 5}),
        ("line 3", checks.NO_LEAD, {"goal": "新建2个综合公园"}),
        ("line 4", checks.NO_LEAD, {"goal": "新建2个综合公园"}),
        ("line 4", checks.REPEATS[0], {"line": 3}),
    ]


def test_recheck_counts_goals_without_a_lead_instead_of_one_warning_a_line():
    draft = read_report(TEXT, year=2023, title="区重点任务")
    checks.recheck(draft)
    assert warned(draft) == [
        ("line 5", FOOTER, {"line": 5}),
        ("", checks.SOME_WITHOUT_LEAD, {"count": 2}),
    ]
    assert checks.without_lead(draft) == [1, 2]
    assert checks.repeated(draft.all_goals()) == {2: 1}


def test_recheck_after_the_owners_are_set_drops_the_warning():
    draft = read_report(TEXT, year=2023, title="区重点任务")
    for goal in draft.all_goals():
        goal.lead_departments = ["区园林局"]
    checks.recheck(draft)
    assert [t for _w, t, _p in warned(draft)] == [FOOTER]
    assert checks.without_lead(draft) == []


def test_recheck_of_a_draft_naming_no_owners_and_without_title_or_year():
    draft = read_report("1.新建2个综合公园。\n2.开工项目10个。\n")
    checks.recheck(draft)
    assert [t for _w, t, _p in warned(draft)] == [checks.NO_TITLE, checks.NO_YEAR, checks.NO_OWNERS]
    draft.title, draft.year = "区重点任务", 2023
    checks.recheck(draft)
    assert [t for _w, t, _p in warned(draft)] == [checks.NO_OWNERS]


def test_recheck_says_when_the_title_is_the_file_name():
    draft = read_report("1.新建2个综合公园。(牵头单位:区园林局)\n", source_name="分解-2023.txt")
    checks.recheck(draft, source_name="分解-2023.txt")
    assert [t for _w, t, _p in warned(draft)] == [checks.TITLE_FROM_NAME]
    draft.title = "2023年区重点任务"
    checks.recheck(draft, source_name="分解-2023.txt")
    assert warned(draft) == []


def test_recheck_of_a_draft_without_tasks():
    draft = read_report("各位代表:\n", year=2023, title="区重点任务")
    checks.recheck(draft)
    assert [t for _w, t, _p in warned(draft)] == [checks.NO_TASKS[0]]
