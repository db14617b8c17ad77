"""Expected progress (序时进度), targets met or not, and the status the figures suggest."""

from decimal import Decimal

import pytest

from targets.choices import Comparator, UpdateStatus
from targets.models import GoalMilestone, Indicator, Plan
from targets.periods import Quarter
from targets.progress import (
    ProgressValues,
    expected_percent,
    expected_percents,
    indicator_met,
    indicator_progress,
    suggest_status,
)
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    QuarterlyUpdateFactory,
)

D = Decimal


def indicator(comparator=Comparator.EQ, target="96", upper=None, unit="家"):
    """An unsaved indicator: the functions only read its target and comparator."""
    return Indicator(
        pk=1,
        comparator=comparator,
        target_value=D(target),
        target_value_max=None if upper is None else D(upper),
        unit=unit,
    )


# -- expected progress ---------------------------------------------------------------------------


@pytest.mark.parametrize(("quarter", "expected"), [(1, 25), (2, 50), (3, 75), (4, 100)])
def test_expected_percent_is_the_time_elapsed_by_default(goal_a, quarter, expected):
    assert expected_percent(goal_a, quarter) == expected
    assert expected_percent(goal_a, Quarter(2023, quarter)) == expected


def test_expected_percent_follows_the_owners_milestones(goal_a):
    GoalMilestone.objects.create(goal=goal_a, quarter=2, expected_percent=10, note="完成选址")
    GoalMilestone.objects.create(goal=goal_a, quarter=3, expected_percent=40)
    # Quarters without a milestone keep the time elapsed.
    assert expected_percents(goal_a) == {1: 25, 2: 10, 3: 40, 4: 100}
    assert expected_percent(goal_a, 3) == 40


def test_expected_percent_with_given_milestones_reads_nothing(goal_a, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert expected_percent(goal_a, 2, {2: 30}) == 30
        assert expected_percent(goal_a, 1, {2: 30}) == 25
        assert expected_percent(goal_a, 3, []) == 75


def test_expected_percent_uses_a_prefetch(goal_a, django_assert_num_queries):
    GoalMilestone.objects.create(goal=goal_a, quarter=1, expected_percent=5)
    goal = type(goal_a).objects.prefetch_related("milestones").get(pk=goal_a.pk)
    with django_assert_num_queries(0):
        assert [expected_percent(goal, q) for q in (1, 2, 3, 4)] == [5, 50, 75, 100]


def test_expected_percent_refuses_quarter_five(goal_a):
    with pytest.raises(ValueError):
        expected_percent(goal_a, 5)


# -- indicators ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "upper", "actual", "met", "progress"),
    [
        # A count toward its target: 净增高企96家.
        (Comparator.EQ, "96", None, "48", False, "50.0"),
        (Comparator.EQ, "96", None, "96", True, "100.0"),
        (Comparator.EQ, "96", None, "120", True, "125.0"),  # surpassed: still met
        # At least: 研发投入增长10%以上 (a rate in %, the same ratio).
        (Comparator.GTE, "10", None, "9.9", False, "99.0"),
        (Comparator.GTE, "10", None, "10", True, "100.0"),
        (Comparator.GTE, "10", None, "-1.5", False, "0"),  # a rate that fell is 0 %
        # At most: 城镇登记失业率控制在4.5%以内 — lower is better.
        (Comparator.LTE, "4.5", None, "4.2", True, "100"),
        (Comparator.LTE, "4.5", None, "4.5", True, "100"),
        (Comparator.LTE, "4.5", None, "5", False, "90.0"),
        # About: 增长7%左右, met within ±5 % of the target (6.65–7.35).
        (Comparator.APPROX, "7", None, "6.65", True, "95.0"),
        (Comparator.APPROX, "7", None, "7.35", True, "105.0"),
        (Comparator.APPROX, "7", None, "6.6", False, "94.3"),
        (Comparator.APPROX, "7", None, "7.4", False, "105.7"),
        # A range: 增长6%-6.5%, both ends included.
        (Comparator.RANGE, "6", "6.5", "5.4", False, "90.0"),
        (Comparator.RANGE, "6", "6.5", "6", True, "100"),
        (Comparator.RANGE, "6", "6.5", "6.5", True, "100"),
        (Comparator.RANGE, "6", "6.5", "6.8", False, "95.6"),
    ],
)
def test_indicator_met_and_progress_by_comparator(comparator, target, upper, actual, met, progress):
    item = indicator(comparator, target, upper, unit="%")
    assert indicator_met(item, D(actual)) is met
    assert indicator_progress(item, D(actual)) == D(progress)


def test_indicator_in_percentage_points_is_a_ratio_like_a_count():
    share = indicator(Comparator.EQ, "3.5", unit="个百分点")  # 提升3.5个百分点
    assert indicator_progress(share, D("1.4")) == D("40.0")
    assert not indicator_met(share, D("1.4"))
    assert indicator_met(share, D("3.5"))


def test_indicator_not_reported_is_not_met_and_has_no_progress():
    item = indicator()
    assert indicator_met(item, None) is False
    assert indicator_progress(item, None) is None


def test_indicator_with_a_zero_target():
    accidents = indicator(Comparator.LTE, "0", unit="起")  # 重大事故控制在0起
    assert indicator_met(accidents, D(0)) and indicator_progress(accidents, D(0)) == 100
    assert not indicator_met(accidents, D(1)) and indicator_progress(accidents, D(1)) == 0


# -- the suggested status --------------------------------------------------------------------------


def plan(yellow=10, red=30):
    return Plan(year=2023, yellow_gap=yellow, red_gap=red)


def values(percent, actual=None, item=None):
    item = item or indicator()
    actuals = {} if actual is None else {item.pk: D(actual)}
    return ProgressValues(percent, [item], actuals)


@pytest.mark.parametrize(
    ("percent", "expected", "status"),
    [
        (70, 75, UpdateStatus.ON_TRACK),  # 5 points behind
        (66, 75, UpdateStatus.ON_TRACK),  # 9: still under yellow
        (65, 75, UpdateStatus.AT_RISK),  # 10: yellow starts at the gap
        (45, 75, UpdateStatus.AT_RISK),  # 30: red is *beyond* the gap
        (44, 75, UpdateStatus.BEHIND),  # 31
        (90, 75, UpdateStatus.ON_TRACK),  # ahead
    ],
)
def test_suggest_status_by_the_gap(percent, expected, status):
    assert suggest_status(values(percent, "10"), expected, plan()) == status


def test_suggest_status_thresholds_come_from_the_plan():
    strict = plan(yellow=5, red=15)
    assert suggest_status(values(69, "10"), 75, strict) == UpdateStatus.AT_RISK
    assert suggest_status(values(59, "10"), 75, strict) == UpdateStatus.BEHIND
    lenient = plan(yellow=20, red=50)
    assert suggest_status(values(59, "10"), 75, lenient) == UpdateStatus.ON_TRACK


def test_suggest_status_completed_when_every_indicator_is_met():
    first, second = indicator(), indicator(Comparator.LTE, "4.5", unit="%")
    second.pk = 2
    both = ProgressValues(60, [first, second], {1: D(96), 2: D("4.1")})
    assert suggest_status(both, 75, plan()) == UpdateStatus.COMPLETED
    one = ProgressValues(60, [first, second], {1: D(96), 2: D("4.9")})
    assert suggest_status(one, 75, plan()) == UpdateStatus.AT_RISK
    missing = ProgressValues(60, [first, second], {1: D(96)})
    assert suggest_status(missing, 75, plan()) == UpdateStatus.AT_RISK


def test_suggest_status_at_most_target_met_is_completed():
    unemployment = indicator(Comparator.LTE, "4.5", unit="%")
    assert suggest_status(values(50, "4.3", unemployment), 75, plan()) == UpdateStatus.COMPLETED


def test_suggest_status_range_and_approx():
    growth = indicator(Comparator.RANGE, "6", "6.5", unit="%")
    assert suggest_status(values(80, "6.2", growth), 75, plan()) == UpdateStatus.COMPLETED
    assert suggest_status(values(80, "6.9", growth), 75, plan()) == UpdateStatus.ON_TRACK
    about = indicator(Comparator.APPROX, "7", unit="%")
    assert suggest_status(values(80, "7.3", about), 75, plan()) == UpdateStatus.COMPLETED


def test_suggest_status_goal_without_indicators():
    done = ProgressValues(100, [], {})
    assert suggest_status(done, 75, plan()) == UpdateStatus.COMPLETED
    assert suggest_status(ProgressValues(99, [], {}), 100, plan()) == UpdateStatus.ON_TRACK
    assert suggest_status(ProgressValues(0, [], {}), 25, plan()) == UpdateStatus.NOT_STARTED


def test_suggest_status_not_started_needs_nothing_reported():
    assert suggest_status(values(0), 25, plan()) == UpdateStatus.NOT_STARTED
    assert suggest_status(values(0, "0"), 25, plan()) == UpdateStatus.NOT_STARTED
    # A figure above zero is a start, whatever the share typed: 25 points behind.
    assert suggest_status(values(0, "3"), 25, plan()) == UpdateStatus.AT_RISK


def test_suggest_status_milestones_against_time_elapsed(goal_a):
    """A park built in the second half: 15 % in Q2 is behind by the calendar, on track by plan."""
    figures = ProgressValues(15, list(goal_a.indicators.all()), {})
    by_calendar = expected_percent(goal_a, 2)
    assert suggest_status(figures, by_calendar, goal_a.plan) == UpdateStatus.BEHIND
    GoalMilestone.objects.create(goal=goal_a, quarter=2, expected_percent=20)
    by_milestone = expected_percent(goal_a, 2)
    assert suggest_status(figures, by_milestone, goal_a.plan) == UpdateStatus.ON_TRACK


def test_suggest_status_of_a_saved_update(plan, department_a):
    goal = GoalFactory(plan=plan, leads=[department_a])
    item = IndicatorFactory(goal=goal, target_value=D(10), unit="家")
    update = QuarterlyUpdateFactory(goal=goal, quarter=3, percent_complete=70)
    IndicatorActualFactory(update=update, indicator=item, value=D(10))
    assert suggest_status(update, 75, plan) == UpdateStatus.COMPLETED
