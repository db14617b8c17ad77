"""
The assessment (考核) against the database: the facts the scoring reads (the
quarters' reports and states, lateness, returns, who led a goal when), the
scorecard they add up to, computed by hand; the scheme's versions; the
adjustments' history; the freeze on publication and what a withdrawal and a
reopened year do to it; objections and their answers.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from targets.choices import (
    AssessmentState,
    ObjectionState,
    OwnerRole,
    PeriodState,
)
from targets.models import (
    AssessmentAdjustment,
    AssessmentEvent,
    AssessmentScheme,
    GoalDepartment,
    ReportingPeriod,
)
from targets.selectors.assessment import assessment_of, compute_scorecard, scorecard, scoring_facts
from targets.services.assessment import (
    assessment_adjustment_add,
    assessment_adjustment_withdraw,
    assessment_for,
    assessment_objection_answer,
    assessment_objection_file,
    assessment_publish,
    assessment_scheme_save,
    assessment_withdraw,
)
from targets.services.periods import period_reopen
from tests.factories import (
    GoalFactory,
)

from . import assessment_data
from .assessment_data import at, report


@pytest.fixture
def department_c(db):
    return assessment_data.department_c()


@pytest.fixture
def district(plan, department_a, department_b, department_c, supervisor):
    """See ``assessment_data.build_district``: A 9.60, C 3.00, B 0.50."""
    return assessment_data.build_district(
        plan, department_a, department_b, department_c, supervisor
    )


def totals(card):
    return {row.name: (row.rank, str(row.total)) for row in card.rows}


def test_the_district_scores_as_worked_out_by_hand(district):
    card = scorecard(district["first"].plan)
    assert totals(card) == {
        "区发改局": (1, "9.60"),
        "区财政局": (2, "3.00"),
        "区科技局": (3, "0.50"),
    }
    assert card.quarters == [1, 2, 3, 4]
    assert not card.published
    a = card.rows[0]
    assert [(line.kind, line.quarter, str(line.points)) for line in a.lines] == [
        ("goal", None, "10.00"),
        ("late", 2, "-0.50"),
        ("yellow", 2, "-0.20"),
        ("returned", 3, "-0.20"),
        ("bonus", None, "0.50"),
    ]


def test_the_facts_are_read_in_a_fixed_number_of_queries(district, django_assert_num_queries):
    plan = district["first"].plan
    with django_assert_num_queries(10):
        facts = scoring_facts(plan)
    second = next(g for g in facts.goals if g.goal_id == district["second"].pk)
    assert [(q.quarter, q.state, q.report, q.late) for q in second.quarters] == [
        (1, "on_track", "reported", False),
        (2, "on_track", "missing", False),
        (3, "behind", "reported", False),
        (4, "behind", "missing", False),
    ]
    assert (second.state, second.percent) == ("behind", 35)


def test_a_quarter_not_yet_due_costs_nothing(district):
    plan = district["first"].plan
    ReportingPeriod.objects.filter(plan=plan, quarter=4).update(due_date=datetime.date(2099, 1, 1))
    card = scorecard(plan)
    assert card.quarters == [1, 2, 3]
    # B no longer loses Q4's report missing (−1) nor Q4 behind (−0.5).
    assert totals(card)["区科技局"] == (3, "2.00")


def test_a_goal_reassigned_mid_year_costs_each_department_its_own_quarters(
    plan, department_a, department_b
):
    """
    A led 2.1.1 until August, then B: A answers for Q1 and Q2 (both missing,
    −2), B for Q3 and Q4 (Q3 on time; Q4 need not report, the goal being
    completed) and earns the goal: 10.
    """
    goal = GoalFactory(plan=plan, code="2.1.1")
    link = GoalDepartment(goal=goal, department=department_a, role=OwnerRole.LEAD)
    link._history_date = at(2023, 1, 10)
    link.save()
    link.department = department_b
    link._history_date = at(2023, 8, 1)
    link.save()
    report(goal, 3, "completed", 100, at(2023, 9, 20))
    facts = scoring_facts(plan)
    [goal_facts] = facts.goals
    assert [sorted(q.leads) for q in goal_facts.quarters] == [
        [department_a.pk],
        [department_a.pk],
        [department_b.pk],
        [department_b.pk],
    ]
    assert totals(scorecard(plan)) == {"区科技局": (1, "10.00"), "区发改局": (2, "-2.00")}


def test_owners_entered_after_the_quarters_answer_for_all_of_them(plan, department_a):
    """A plan entered in the year's last days: its owners as first recorded stand for Q1–Q4."""
    goal = GoalFactory(plan=plan, code="2.1.2", leads=[department_a])  # recorded today
    [facts] = scoring_facts(plan).goals
    assert [sorted(q.leads) for q in facts.quarters] == [[department_a.pk]] * 4
    assert goal.assignments.get().department == department_a


def test_a_department_with_only_supporting_goals_is_ranked(district, department_c):
    row = scorecard(district["first"].plan).row(department_c.pk)
    assert (row.goals, row.deductions, row.total) == (Decimal("3.00"), 0, Decimal("3.00"))


# -- the scheme, in versions --------------------------------------------------------------


def test_the_scheme_is_saved_in_versions_and_the_latest_counts(district, supervisor):
    plan = district["first"].plan
    first = assessment_scheme_save(
        plan, {"red_quarter": Decimal(1)}, user=supervisor, based_on=0, note="红灯扣1分"
    )
    assert first.number == 1
    # B now loses 1 for each quarter behind: 3.50 − 1 − 1 − 1 − 1 = −0.50.
    assert totals(scorecard(plan))["区科技局"] == (3, "-0.50")
    second = assessment_scheme_save(
        plan,
        {"support_percent": Decimal(50)},
        user=supervisor,
        based_on=1,
        goal_weights={district["first"].pk: Decimal(2)},
    )
    assert second.number == 2
    assert second.red_quarter == Decimal(1)  # the rest carried from version 1
    # 1.1.1 weighs 2: A 20 − 0.9 + 0.5 = 19.60; C 50 % of 20 = 10.00.
    assert totals(scorecard(plan)) == {
        "区发改局": (1, "19.60"),
        "区财政局": (2, "10.00"),
        "区科技局": (3, "-0.50"),
    }
    assert list(AssessmentScheme.objects.values_list("number", flat=True)) == [2, 1]


def test_an_unchanged_scheme_writes_no_version_and_a_stale_one_is_refused(district, supervisor):
    plan = district["first"].plan
    assessment_scheme_save(plan, {}, user=supervisor, based_on=0)
    assert assessment_scheme_save(plan, {}, user=supervisor, based_on=1) is None
    with translation.override("zh-hans"), pytest.raises(ValidationError) as stale:
        assessment_scheme_save(plan, {"late_report": Decimal(1)}, user=supervisor, based_on=0)
    assert stale.value.code == "stale"
    assert AssessmentScheme.objects.count() == 1


def test_a_scheme_with_a_share_over_100_is_refused(district, supervisor):
    plan = district["first"].plan
    with pytest.raises(ValidationError):
        assessment_scheme_save(plan, {"support_percent": Decimal(130)}, user=supervisor, based_on=0)
    assert AssessmentScheme.objects.count() == 0


def test_only_the_office_writes_the_scheme(district, leader, staff_a):
    plan = district["first"].plan
    for user in (leader, staff_a):
        with pytest.raises(PermissionDenied):
            assessment_scheme_save(plan, {}, user=user, based_on=0)
    assert AssessmentScheme.objects.count() == 0


# -- adjustments ----------------------------------------------------------------------------


def test_adjustments_count_and_their_history_says_who_and_why(district, department_b, supervisor):
    plan = district["first"].plan
    adjustment = assessment_adjustment_add(
        plan, department_b, "1.5", "获评全省先进单位。", user=supervisor
    )
    assert totals(scorecard(plan))["区科技局"] == (3, "2.00")
    assessment_adjustment_withdraw(adjustment, user=supervisor, reason="重复加分，撤销。")
    assert totals(scorecard(plan))["区科技局"] == (3, "0.50")
    history = list(
        adjustment.history.order_by("history_date").values_list(
            "history_user__username", "withdrawn", "history_change_reason"
        )
    )
    assert history == [("supervisor", False, None), ("supervisor", True, "重复加分，撤销。")]


@pytest.mark.parametrize(
    ("points", "reason"), [("0", "理由"), ("101", "理由"), ("abc", "理由"), ("1", "  ")]
)
def test_a_bad_adjustment_is_refused_and_writes_nothing(
    district, department_b, supervisor, points, reason
):
    with pytest.raises(ValidationError):
        assessment_adjustment_add(
            district["first"].plan, department_b, points, reason, user=supervisor
        )
    assert AssessmentAdjustment.objects.count() == 0


# -- publishing: the freeze -----------------------------------------------------------------


def test_publishing_freezes_the_results_the_scheme_and_the_adjustments(
    district, department_b, supervisor
):
    plan = district["first"].plan
    event = assessment_publish(plan, user=supervisor, version=0)
    assessment = assessment_of(plan)
    assert assessment.state == AssessmentState.PUBLISHED
    assert event.scheme.number == 1  # the default scheme, kept as the version used
    before = totals(scorecard(plan))

    # Later reports do not change the results as published...
    report(district["second"], 4, "completed", 100, at(2024, 1, 5))
    assert totals(scorecard(plan)) == before
    assert scorecard(plan).published
    # ...though a draft computed now would.
    assert totals(compute_scorecard(plan, assessment)) != before

    # The scheme and the adjustments are frozen, and say why.
    with translation.override("zh-hans"):
        for change in (
            lambda: assessment_scheme_save(plan, {"late_report": 1}, user=supervisor, based_on=1),
            lambda: assessment_adjustment_add(plan, department_b, 1, "加分", user=supervisor),
        ):
            with pytest.raises(ValidationError) as frozen:
                change()
            assert frozen.value.code == "frozen"
    assert AssessmentScheme.objects.count() == 1
    assert AssessmentAdjustment.objects.count() == 0


def test_an_adjustment_cannot_be_withdrawn_once_published(district, department_b, supervisor):
    plan = district["first"].plan
    adjustment = assessment_adjustment_add(plan, department_b, 1, "加分", user=supervisor)
    assessment_publish(plan, user=supervisor, version=1)
    with pytest.raises(ValidationError):
        assessment_adjustment_withdraw(adjustment, user=supervisor, reason="撤销")
    adjustment.refresh_from_db()
    assert not adjustment.withdrawn


def test_publishing_twice_from_one_page_publishes_once(district, supervisor, admin):
    plan = district["first"].plan
    assessment_publish(plan, user=supervisor, version=0)
    with pytest.raises(ValidationError):
        assessment_publish(plan, user=admin, version=0)
    assert AssessmentEvent.objects.count() == 1


def test_only_the_office_publishes(district, leader, staff_a):
    plan = district["first"].plan
    for user in (leader, staff_a):
        with pytest.raises(PermissionDenied):
            assessment_publish(plan, user=user, version=0)
    assert AssessmentEvent.objects.count() == 0


def test_a_reopened_year_changes_the_draft_not_the_results_as_published(district, supervisor):
    """
    B's 1.1.2 was published missing Q4 (0.50). The office reopens Q4; B
    reports it completed on 5 January, after the due date, and the office
    approves: the published 0.50 stands until the publication is withdrawn,
    then the results are 10 − 1 (Q2 missing) − 0.5 (Q3 red) − 0.5 (Q4 late)
    = 8.00.
    """
    plan = district["first"].plan
    q4 = ReportingPeriod.objects.get(plan=plan, quarter=4)
    ReportingPeriod.objects.filter(pk=q4.pk).update(state=PeriodState.CLOSED)
    assessment_publish(plan, user=supervisor, version=0)
    period_reopen(ReportingPeriod.objects.get(pk=q4.pk), user=supervisor, reason="补报第四季度。")
    report(district["second"], 4, "completed", 100, at(2024, 1, 5))

    assert totals(scorecard(plan))["区科技局"] == (3, "0.50")
    assessment = assessment_of(plan)
    assessment_withdraw(plan, user=supervisor, version=assessment.version, reason="补报后重算。")
    assert totals(scorecard(plan))["区科技局"] == (2, "8.00")
    # The results as first published stay on record.
    published = AssessmentEvent.objects.get(action="published").results
    assert [row["total"] for row in published["rows"]] == ["9.60", "3.00", "0.50"]


def test_withdrawing_needs_a_reason(district, supervisor):
    plan = district["first"].plan
    assessment_publish(plan, user=supervisor, version=0)
    with pytest.raises(ValidationError):
        assessment_withdraw(plan, user=supervisor, version=2, reason=" ")
    assert assessment_of(plan).is_published


# -- objections -----------------------------------------------------------------------------


def test_a_department_objects_and_the_office_answers(district, staff_b, supervisor):
    plan = district["first"].plan
    assessment_publish(plan, user=supervisor, version=0)
    objection = assessment_objection_file(plan, "第二季度已按时报送纸质材料。", user=staff_b)
    assert objection.department == staff_b.department
    with pytest.raises(ValidationError) as twice:
        assessment_objection_file(plan, "再次申诉。", user=staff_b)
    assert twice.value.code == "open"
    assessment_objection_answer(objection, user=supervisor, upheld=False, answer="经核实，维持。")
    objection.refresh_from_db()
    assert (objection.state, objection.answer, objection.answered_by) == (
        ObjectionState.REJECTED,
        "经核实，维持。",
        supervisor,
    )
    with pytest.raises(ValidationError):
        assessment_objection_answer(objection, user=supervisor, upheld=True, answer="改判")


def test_only_a_departments_own_staff_object_and_only_the_office_answers(
    district, staff_a, supervisor, leader
):
    plan = district["first"].plan
    for user in (supervisor, leader):
        with pytest.raises((PermissionDenied, ValidationError)):
            assessment_objection_file(plan, "申诉", user=user)
    objection = assessment_objection_file(plan, "申诉理由", user=staff_a)
    for user in (staff_a, leader):
        with pytest.raises(PermissionDenied):
            assessment_objection_answer(objection, user=user, upheld=True, answer="采纳")
    objection.refresh_from_db()
    assert objection.state == ObjectionState.OPEN


def test_an_assessment_is_created_once(plan):
    assert assessment_for(plan) == assessment_for(plan)


def test_purging_the_plan_takes_its_assessment_with_it(
    district,
    department_b,
    staff_b,
    supervisor,
    admin,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """A purge removes the assessment, published, with its history and evidence, and says so."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from targets.models import Assessment, AssessmentObjection
    from targets.services.archive import plan_archive, plan_purge
    from tests.factories import PDF_BYTES

    settings.MEDIA_ROOT = str(tmp_path)
    plan = district["first"].plan
    evidence = SimpleUploadedFile("通报.pdf", PDF_BYTES, "application/pdf")
    adjustment = assessment_adjustment_add(
        plan, department_b, 1, "加分", user=supervisor, evidence=evidence
    )
    assessment_publish(plan, user=supervisor, version=0)
    assessment_objection_file(plan, "申诉", user=staff_b)
    plan_archive(plan, user=admin)
    with django_capture_on_commit_callbacks(execute=True):
        record = plan_purge(plan, user=admin, reason="测试数据。")
    assert not Assessment.objects.exists()
    assert not AssessmentObjection.objects.exists() and not AssessmentEvent.objects.exists()
    assert not AssessmentAdjustment.history.exists()
    assert not (tmp_path / adjustment.evidence.name).exists()
    assert {
        kind: record.counts.get(kind)
        for kind in ("adjustment", "objection", "assessment event", "scoring scheme", "assessment")
    } == {
        "adjustment": 1,
        "objection": 1,
        "assessment event": 1,
        "scoring scheme": 1,
        "assessment": 1,
    }


def test_staff_see_their_own_departments_adjustments_and_objections_only(
    district, department_a, department_b, staff_a, staff_b, supervisor, leader
):
    plan = district["first"].plan
    for department in (department_a, department_b):
        assessment_adjustment_add(plan, department, 1, "加分", user=supervisor)
    for staff in (staff_a, staff_b):
        assessment_objection_file(plan, "申诉", user=staff)
    from targets.models import AssessmentObjection

    for model in (AssessmentAdjustment, AssessmentObjection):
        seen = {
            user.username: set(model.objects.visible_to(user).values_list("department", flat=True))
            for user in (staff_a, staff_b, supervisor, leader)
        }
        assert seen == {
            "staff_a": {department_a.pk},
            "staff_b": {department_b.pk},
            "supervisor": {department_a.pk, department_b.pk},
            "leader": {department_a.pk, department_b.pk},
        }
