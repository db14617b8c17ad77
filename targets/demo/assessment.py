"""
The demo's assessment (考核): the default scoring scheme saved as version 1,
one adjustment (加分) with its reason, the results published by the
supervision office, and one objection (申诉) — from a department that lost
points for a report it did not send — answered by the office. Written through
the services, as the office would; a second run finds it all done and
changes nothing. Invented, as every name in the demo is.
"""

from __future__ import annotations

from decimal import Decimal

from targets.choices import ScoreLine
from targets.models import Assessment, AssessmentAdjustment, AssessmentScheme, Department, Plan
from targets.selectors.assessment import scorecard
from targets.services.assessment import (
    assessment_adjustment_add,
    assessment_for,
    assessment_objection_answer,
    assessment_objection_file,
    assessment_publish,
)

from .records import upsert

SCHEME_NOTE = "年度考核默认计分办法"
ADJUSTMENT = {
    "department": "keji",
    "points": Decimal(1),
    "reason": "区科技和经信局获评全省科技创新工作先进单位（省科技厅通报），按考核办法加1分。",
}
OBJECTION = (
    "{code}“{title}”第三季度进展因填报人员岗位调整未能在截止日前提交，"
    "已于10月上旬以纸质材料报送督查室，请核实后免予扣分。"
)
ANSWER = (
    "经核实，该任务第三季度进展未在系统中报送，纸质材料亦在报送截止日期之后送达，"
    "按考核办法维持扣分。请加强填报人员交接，按时报送进展情况。"
)


def load_assessment(plan: Plan, users: dict) -> None:
    """The scheme, the adjustment, the publication, the objection and its answer."""
    office = users["supervisor"]
    assessment = assessment_for(plan)
    upsert(
        AssessmentScheme,
        {"assessment": assessment, "number": 1},
        {"note": SCHEME_NOTE, "created_by_id": office.pk},
    )
    if not assessment.is_published:
        department = Department.objects.get(code=ADJUSTMENT["department"])
        if not AssessmentAdjustment.objects.filter(
            assessment=assessment, department=department, reason=ADJUSTMENT["reason"]
        ).exists():
            assessment_adjustment_add(
                plan, department, ADJUSTMENT["points"], ADJUSTMENT["reason"], user=office
            )
        assessment_publish(plan, user=office, version=assessment.version)
    if not Assessment.objects.get(pk=assessment.pk).objections.exists():
        _object_and_answer(plan, users, office)


def _object_and_answer(plan: Plan, users: dict, office) -> None:
    """The first department the results took points from for a report missing objects."""
    card = scorecard(plan)
    missing = next(
        (
            (row, line)
            for row in card.rows
            for line in row.lines
            if line.kind == ScoreLine.MISSING and line.quarter == 3
        ),
        None,
    )
    if missing is None:
        return
    row, line = missing
    department = Department.objects.get(pk=row.department_id)
    staff = users[department.code]
    goal = card.goals[line.goal_id]
    objection = assessment_objection_file(
        plan, OBJECTION.format(code=goal["code"], title=goal["title"]), user=staff
    )
    assessment_objection_answer(objection, user=office, upheld=False, answer=ANSWER)
