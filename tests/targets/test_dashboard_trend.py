"""
The cockpit's trend and section figures, added up in Python from one query of
updates, are the figures each quarter's own cockpit shows: on a varied district
(every review state, completed goals, updates of the year before, a three-level
section tree, a department's reporting), the trend's tally for a quarter equals
the tally of ``with_state`` rows as of that quarter, and a section's tally that
of the goals in its subtree.
"""

import datetime
import random

import pytest
from django.utils import timezone

from targets.choices import OwnerRole, ReviewState, UpdateStatus
from targets.models import Department, Goal, GoalDepartment
from targets.periods import Quarter
from targets.selectors.dashboard import dashboard, quarter_trend, section_summaries
from targets.selectors.periods import period_due_date
from targets.selectors.states import Tally, state_rows
from tests.factories import GoalFactory, QuarterlyUpdateFactory, SectionFactory

pytestmark = pytest.mark.django_db

QUARTERS = [Quarter(2023, q) for q in (1, 2, 3, 4)]


@pytest.fixture
def district(plan, department_a, department_b):
    """Forty goals in a three-level section tree (or none), random updates over five quarters."""
    draw = random.Random(17)
    chapters = [SectionFactory(plan=plan, title=f"章{n}") for n in range(2)]
    themes = [SectionFactory(plan=plan, parent=chapters[n % 2], title=f"题{n}") for n in range(3)]
    leaves = [SectionFactory(plan=plan, parent=themes[n % 3], title=f"项{n}") for n in range(4)]
    sections = chapters + themes + leaves
    for n in range(40):
        lead, other = (department_a, department_b) if n % 3 else (department_b, department_a)
        goal = GoalFactory(
            plan=plan,
            section=draw.choice([*sections, None]),
            leads=[lead],
            supports=[other] if n % 4 == 0 else [],
        )
        for year, quarter in [(2022, 4), *((2023, q) for q in (1, 2, 3, 4))]:
            if draw.random() < 0.25:
                continue  # no update that quarter
            QuarterlyUpdateFactory(
                goal=goal,
                year=year,
                quarter=quarter,
                status=draw.choice(list(UpdateStatus)),
                percent_complete=draw.randrange(0, 101),
                review_state=draw.choice(list(ReviewState)),
                # From the quarter's last month to two months later: on time or late.
                submitted_at=timezone.make_aware(
                    datetime.datetime(year, quarter * 3, 1)
                    + datetime.timedelta(days=draw.randrange(0, 60))
                ),
            )
    return plan


def tally_of(rows, reporting=None) -> Tally:
    tally = Tally()
    for row in rows:
        tally.add(row, reporting=reporting is None or row["pk"] in reporting)
    return tally


@pytest.mark.parametrize("whose", ["plan", "department"])
def test_the_trend_gives_each_quarter_its_own_figures(district, department_a, whose):
    goals = Goal.objects.filter(plan=district)
    reporting = None
    if whose == "department":
        reporting = set(
            GoalDepartment.objects.filter(department=department_a, role=OwnerRole.LEAD).values_list(
                "goal_id", flat=True
            )
        )
    trend = quarter_trend(goals, QUARTERS[-1], state_rows(goals, QUARTERS[-1]), reporting)
    assert [quarter for quarter, _tally in trend] == QUARTERS
    for quarter, tally in trend:
        expected = tally_of(state_rows(goals, quarter), reporting)
        assert tally == expected, quarter
        assert tally.shares() == expected.shares()
    # The district shows what the trend must tell apart.
    tallies = [tally for _quarter, tally in trend]
    for told_apart in ("carried", "not_due", "pending", "unassessed"):
        assert any(
            tally.carried
            if told_apart == "carried"
            else tally.reports[told_apart] or tally.states[told_apart]
            for tally in tallies
        ), told_apart
    assert tallies[-1].total == 40


def test_a_section_counts_every_goal_of_its_subtree(district, department_a):
    goals = Goal.objects.filter(plan=district)
    rows = state_rows(goals, QUARTERS[2])
    reporting = {row["pk"] for row in rows[::2]}
    parent_of = {section.pk: section.parent_id for section in district.sections.all()}

    def within(section_id, ancestor):
        while section_id is not None:
            if section_id == ancestor:
                return True
            section_id = parent_of[section_id]
        return False

    summaries = section_summaries(district, rows, reporting, max_depth=2)
    assert len(summaries) == len(
        [pk for pk in parent_of if any(within(r["section_id"], pk) for r in rows)]
    )
    for summary in summaries:
        subtree = [row for row in rows if within(row["section_id"], summary.section.pk)]
        assert summary.tally == tally_of(subtree, reporting), summary.section


@pytest.mark.parametrize("reporter", [None, "department_a"])
def test_the_overall_figures_count_every_goal_once(district, department_a, reporter):
    """The plan's tally, made from its sections' own tallies, is that of all its goals."""
    reporter = department_a if reporter else None
    goals = Goal.objects.filter(plan=district)
    quarter = QUARTERS[2]
    data = dashboard(district, quarter, goals, Department.objects.all(), reporter)
    rows = state_rows(goals, quarter, period_due_date(district, quarter))
    reporting = None
    if reporter:
        reporting = {
            goal
            for goal, role in GoalDepartment.objects.filter(department=reporter).values_list(
                "goal_id", "role"
            )
            if role == OwnerRole.LEAD
        }
    assert data.overall == tally_of(rows, reporting)
    assert 0 < data.overall.on_time < data.overall.reported
    assert any(row["section_id"] is None for row in rows)
