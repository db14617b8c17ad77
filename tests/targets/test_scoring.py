"""
The assessment's arithmetic (targets/scoring.py) on a table of cases computed
by hand, the edge cases of the year included: a goal handed to another
department mid-year, an archived goal, a department with only supporting
goals, a year reopened and reported late. Departments are A=1, B=2, C=3, D=4;
the scheme is the default one (10 points a goal, supporting 30 %, deductions
1 / 0.5 / 0.2 / 0.2 / 0.5, bonus 0.5 up to 2) unless a case says otherwise.
"""

from dataclasses import replace
from decimal import Decimal

import pytest

from targets.choices import Comparator, PartialRule, ScoreLine
from targets.scoring import Adjustment, GoalFacts, IndicatorFacts, QuarterFacts, Scheme, score

A, B, C, D = 1, 2, 3, 4
ORDER = [A, B, C, D]

DEFAULT = Scheme(
    goal_points=Decimal(10),
    completed_percent=Decimal(100),
    partial_percent=Decimal(100),
    partial_rule=PartialRule.PROGRESS,
    not_completed_percent=Decimal(0),
    support_percent=Decimal(30),
    missing_report=Decimal(1),
    late_report=Decimal("0.5"),
    returned_update=Decimal("0.2"),
    yellow_quarter=Decimal("0.2"),
    red_quarter=Decimal("0.5"),
    exceed_bonus=Decimal("0.5"),
    bonus_cap=Decimal(2),
)


def quarter(number, leads, state="on_track", report="reported", late=False, returned=0):
    return QuarterFacts(number, frozenset(leads), state, report, late, returned)


def on_time(leads, states=("on_track", "on_track", "on_track", "completed")):
    """Four quarters reported on time, in these states."""
    return tuple(quarter(n, leads, state) for n, state in enumerate(states, start=1))


def goal(pk, leads=(A,), supports=(), state="completed", percent=100, **facts):
    facts.setdefault("quarters", on_time(leads))
    return GoalFacts(
        goal_id=pk,
        chapter_id=facts.pop("chapter", None),
        archived=facts.pop("archived", False),
        leads=tuple(leads),
        supports=tuple(supports),
        state=state,
        percent=percent,
        **facts,
    )


def indicator(comparator, target, actual):
    return IndicatorFacts("指标", comparator, Decimal(target), actual=Decimal(actual))


GTE, EQ, LTE, APPROX = Comparator.GTE, Comparator.EQ, Comparator.LTE, Comparator.APPROX

# (case, goals, scheme, adjustments, expected totals by department)
CASES = [
    (
        "completed goal: 10 to its lead, 30 % of that to its supporter",
        [goal(1, supports=(B,))],
        DEFAULT,
        [],
        {A: "10.00", B: "3.00"},
    ),
    (
        "partly completed by progress: 10 × 65 % = 6.50; supporter 30 % of 6.50 = 1.95",
        [goal(1, supports=(B,), state="on_track", percent=65)],
        DEFAULT,
        [],
        {A: "6.50", B: "1.95"},
    ),
    (
        "partly completed by indicators met: 2 of 3 met, 10 × 2/3 = 6.67; supporter 2.00",
        [
            goal(
                1,
                supports=(B,),
                state="on_track",
                percent=40,
                indicators=(
                    indicator(EQ, 96, 96),
                    indicator(LTE, "4.5", "4.5"),
                    indicator(GTE, 10, 8),
                ),
            )
        ],
        replace(DEFAULT, partial_rule=PartialRule.INDICATORS),
        [],
        {A: "6.67", B: "2.00"},
    ),
    (
        "indicators rule, a goal without indicators: its share done, 10 × 40 % = 4.00",
        [goal(1, state="at_risk", percent=40, quarters=on_time([A], ["on_track"] * 4))],
        replace(DEFAULT, partial_rule=PartialRule.INDICATORS),
        [],
        {A: "4.00"},
    ),
    (
        "not started and never assessed: the not-completed share, 10 × 20 % = 2.00 each",
        [
            goal(1, state="not_started", percent=0, quarters=on_time([A], ["on_track"] * 4)),
            goal(2, state="unassessed", percent=0, quarters=on_time([A], ["on_track"] * 4)),
        ],
        replace(DEFAULT, not_completed_percent=Decimal(20)),
        [],
        {A: "4.00"},
    ),
    (
        "partly completed earns 85 % at full progress: 10 × 85 % × 60 % = 5.10",
        [goal(1, state="on_track", percent=60, quarters=on_time([A], ["on_track"] * 4))],
        replace(DEFAULT, partial_percent=Decimal(85)),
        [],
        {A: "5.10"},
    ),
    (
        "weights: chapter 100 at 1.5 (15.00), goal 2 overrides it with 2 at 50 % (10.00), "
        "chapter 200 unweighted (10.00), goal 4 weighted 0 (0.00)",
        [
            goal(1, chapter=100),
            goal(2, chapter=100, state="on_track", percent=50),
            goal(3, chapter=200),
            goal(4, chapter=200),
        ],
        replace(
            DEFAULT,
            chapter_weights={100: Decimal("1.5")},
            goal_weights={2: Decimal(2), 4: Decimal(0)},
        ),
        [],
        {A: "35.00"},
    ),
    (
        "every deduction: 4.80 for 48 % done; Q2 late −0.50 and yellow −0.20; Q3 missing −1.00 "
        "and red (carried) −0.50; Q4 returned twice −0.40 and red −0.50: 1.70",
        [
            goal(
                1,
                state="behind",
                percent=48,
                quarters=(
                    quarter(1, [A], "on_track"),
                    quarter(2, [A], "at_risk", late=True),
                    quarter(3, [A], "behind", report="missing"),
                    quarter(4, [A], "behind", returned=2),
                ),
            )
        ],
        DEFAULT,
        [],
        {A: "1.70"},
    ),
    (
        "a report missing is not also late; a pending report counts as sent; a goal completed "
        "earlier need not report: 10 − 1 (Q1 missing) = 9.00",
        [
            goal(
                1,
                quarters=(
                    quarter(1, [A], "unassessed", report="missing", late=True),
                    quarter(2, [A], "on_track", report="pending"),
                    quarter(3, [A], "completed"),
                    quarter(4, [A], "completed", report="not_due"),
                ),
            )
        ],
        DEFAULT,
        [],
        {A: "9.00"},
    ),
    (
        "bonuses: five targets beaten, 5 × 0.5 = 2.50, capped at 2: 10 + 2.50 − 0.50 = 12.00",
        [goal(1, indicators=tuple(indicator(GTE, 10, 12) for _ in range(5)))],
        DEFAULT,
        [],
        {A: "12.00"},
    ),
    (
        "beaten: above an at-least or equal target, below an at-most one; never an 'about' or a "
        "target just met: 10 + 0.5 × 3 = 11.50, no cap",
        [
            goal(
                1,
                indicators=(
                    indicator(GTE, 96, 102),
                    indicator(EQ, 17, 18),
                    indicator(LTE, "4.5", "4.2"),
                    indicator(APPROX, 7, "7.3"),
                    indicator(GTE, 96, 96),
                ),
            )
        ],
        replace(DEFAULT, bonus_cap=None),
        [],
        {A: "11.50"},
    ),
    (
        "a goal led jointly counts in full for each lead; deductions too: 10 − 1 = 9.00 each",
        [
            goal(
                1,
                leads=(A, C),
                supports=(B,),
                quarters=(
                    quarter(1, [A, C], report="missing", state="unassessed"),
                    *on_time([A, C])[1:],
                ),
            )
        ],
        DEFAULT,
        [],
        {A: "9.00", C: "9.00", B: "3.00"},
    ),
    (
        "a goal reassigned mid-year from A to B: A's quarters cost A (Q1 missing −1, Q2 yellow "
        "−0.20), B's cost B (Q3 late −0.50); the points go to B, its lead at the end",
        [
            goal(
                1,
                leads=(B,),
                quarters=(
                    quarter(1, [A], "unassessed", report="missing"),
                    quarter(2, [A], "at_risk"),
                    quarter(3, [B], "on_track", late=True),
                    quarter(4, [B], "completed"),
                ),
            )
        ],
        DEFAULT,
        [],
        {A: "-1.20", B: "9.50"},
    ),
    (
        "an archived goal counts for nothing, to its leads and its supporters alike",
        [
            goal(
                1,
                supports=(B,),
                archived=True,
                quarters=(quarter(1, [A], report="missing", state="behind"),),
            ),
            goal(2),
        ],
        DEFAULT,
        [],
        {A: "10.00"},
    ),
    (
        "a department with only supporting goals: 30 % of 10.00 and of 5.00, no deductions for "
        "the reports it does not owe: C 4.50; A 10 + 5 − 1 = 14.00",
        [
            goal(1, supports=(C,)),
            goal(
                2,
                supports=(C,),
                state="on_track",
                percent=50,
                quarters=(quarter(1, [A], report="missing", state="unassessed"),),
            ),
        ],
        DEFAULT,
        [],
        {A: "14.00", C: "4.50"},
    ),
    (
        "a reopened year, before: Q4 missing and at risk (Q3's state carried), 70 % done: "
        "7.00 − 0.20 (Q3 yellow) − 1.00 − 0.20 = 5.60",
        [
            goal(
                1,
                state="at_risk",
                percent=70,
                quarters=(
                    quarter(1, [A]),
                    quarter(2, [A]),
                    quarter(3, [A], "at_risk"),
                    quarter(4, [A], "at_risk", report="missing"),
                ),
            )
        ],
        DEFAULT,
        [],
        {A: "5.60"},
    ),
    (
        "a reopened year, after: Q4 reported in the reopened period, after its due date, "
        "completed: 10.00 − 0.20 (Q3 yellow) − 0.50 (Q4 late) = 9.30",
        [
            goal(
                1,
                quarters=(
                    quarter(1, [A]),
                    quarter(2, [A]),
                    quarter(3, [A], "at_risk"),
                    quarter(4, [A], "completed", late=True),
                ),
            )
        ],
        DEFAULT,
        [],
        {A: "9.30"},
    ),
    (
        "adjustments: A +1.50 and −0.25; D, with no goal, +1: a line each",
        [goal(1)],
        DEFAULT,
        [Adjustment(A, Decimal("1.5")), Adjustment(A, Decimal("-0.25")), Adjustment(D, Decimal(1))],
        {A: "11.25", D: "1.00"},
    ),
    (
        "each line rounded half up, the total their sum: 10 × 85 % × 33 % = 2.805 → 2.81; "
        "supporter 30 % of 2.805 = 0.8415 → 0.84",
        [goal(1, supports=(B,), state="on_track", percent=33, quarters=())],
        replace(DEFAULT, partial_percent=Decimal(85)),
        [],
        {A: "2.81", B: "0.84"},
    ),
    (
        "a deduction the scheme sets at 0 writes no line: 10 − 0 (late) − 0 (returned) = 10.00",
        [goal(1, quarters=(quarter(1, [A], late=True, returned=3),))],
        replace(DEFAULT, late_report=Decimal(0), returned_update=Decimal(0)),
        [],
        {A: "10.00"},
    ),
]


@pytest.mark.parametrize(
    ("goals", "scheme", "adjustments", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_scores_as_computed_by_hand(goals, scheme, adjustments, expected):
    scores = score(goals, scheme, adjustments, ORDER)
    assert {s.department_id: str(s.total) for s in scores} == expected
    for entry in scores:
        # Every point traced: the total is the sum of the lines, each rounded to the cent.
        assert entry.total == sum(line.points for line in entry.lines)
        assert all(line.points == line.points.quantize(Decimal("0.01")) for line in entry.lines)


def test_every_line_of_the_deductions_case_names_its_quarter():
    goals, scheme = CASES[7][1], CASES[7][2]
    [a] = score(goals, scheme, [], ORDER)
    assert [(line.kind, line.quarter, str(line.points)) for line in a.lines] == [
        (ScoreLine.GOAL, None, "4.80"),
        (ScoreLine.LATE, 2, "-0.50"),
        (ScoreLine.YELLOW, 2, "-0.20"),
        (ScoreLine.MISSING, 3, "-1.00"),
        (ScoreLine.RED, 3, "-0.50"),
        (ScoreLine.RETURNED, 4, "-0.40"),
        (ScoreLine.RED, 4, "-0.50"),
    ]
    assert a.lines[0].basis == {
        "goal_points": "10",
        "weight": "1",
        "points": "10",
        "share": "48.00",
        "rule": "progress",
        "percent": 48,
    }


def test_equal_totals_share_a_rank_in_the_districts_order():
    goals = CASES[11][1]  # A and C 9.00, B 3.00
    scores = score(goals, DEFAULT, [], [C, B, A])
    assert [(s.department_id, s.rank) for s in scores] == [(C, 1), (A, 1), (B, 3)]


def test_the_bonus_cap_is_a_line_of_its_own():
    [a] = score(CASES[9][1], DEFAULT, [], ORDER)
    assert [(line.kind, str(line.points)) for line in a.lines][-2:] == [
        (ScoreLine.BONUS, "0.50"),
        (ScoreLine.BONUS_CAP, "-0.50"),
    ]
