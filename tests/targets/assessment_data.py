"""
A district's year of reports for the assessment's tests, worked out by hand
(``build_district``), and the helpers that write its reports.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from targets.choices import Comparator, PeriodState, ReviewState, UpdateAction
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    QuarterlyUpdateFactory,
    ReportingPeriodFactory,
    UpdateEventFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def report(goal, quarter, status, percent, submitted, review=ReviewState.APPROVED):
    return QuarterlyUpdateFactory(
        goal=goal,
        quarter=quarter,
        status=status,
        percent_complete=percent,
        submitted_at=submitted,
        review_state=review,
    )


def department_c():
    """A third department, which only supports."""
    return DepartmentFactory(name="洪山区财政局", short_name="区财政局", code="czj")


def build_district(plan, department_a, department_b, department_c, supervisor) -> dict:
    """
    A year of reports, every quarter's due date the 25th of its last month
    (Q1–Q3 closed, Q4 open but past due), worked out by hand:

    - 1.1.1, led by A, supported by C: Q1 on time; Q2 late and at risk; Q3
      returned once; Q4 completed, its target beaten (100 against ≥ 96).
      A: 10 − 0.5 − 0.2 − 0.2 + 0.5 = 9.60; C: 30 % of 10 = 3.00.
    - 1.1.2, led by B: Q1 on track; Q2 missing; Q3 behind at 35 %; Q4
      missing, behind as of Q3. B: 3.50 − 1 − 0.5 − 1 − 0.5 = 0.50.
    - 1.1.3, led by A, archived with no report at all: nothing.
    """
    for quarter in (1, 2, 3, 4):
        ReportingPeriodFactory(
            plan=plan,
            quarter=quarter,
            state=PeriodState.OPEN if quarter == 4 else PeriodState.CLOSED,
        )
    first = GoalFactory(plan=plan, code="1.1.1", leads=[department_a], supports=[department_c])
    indicator = IndicatorFactory(goal=first, comparator=Comparator.GTE, target_value=96)
    report(first, 1, "on_track", 25, at(2023, 3, 20))
    report(first, 2, "at_risk", 40, at(2023, 6, 28))
    returned = report(first, 3, "on_track", 70, at(2023, 9, 20))
    UpdateEventFactory(update=returned, action=UpdateAction.RETURNED, actor=supervisor)
    done = report(first, 4, "completed", 100, at(2023, 12, 20))
    IndicatorActualFactory(update=done, indicator=indicator, value=Decimal(100))
    second = GoalFactory(plan=plan, code="1.1.2", leads=[department_b])
    report(second, 1, "on_track", 30, at(2023, 3, 20))
    report(second, 3, "behind", 35, at(2023, 9, 20))
    GoalFactory(plan=plan, code="1.1.3", leads=[department_a], archived=True)
    return {"first": first, "second": second}
