"""
The plan and its follow-up: departments, plans (政府工作报告 / 分解方案), their
section tree, goals with owners and numeric indicators, quarterly updates, and
plan imports awaiting confirmation.

Access rules live in one QuerySet method per model (``visible_to``,
``reportable_by``, ``editable_by``); views never filter by role themselves.
"""

from .common import MAX_YEAR, MIN_YEAR
from .departments import Department, DepartmentAlias, Leader
from .imports import PlanImport
from .plans import Goal, GoalDepartment, Indicator, Plan, Section
from .purges import PurgeRecord
from .supervision import (
    GoalComment,
    GoalMilestone,
    ReminderLog,
    ReportingPeriod,
    UpdateAttachment,
)
from .updates import IndicatorActual, QuarterlyUpdate, UpdateEvent

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Department",
    "DepartmentAlias",
    "Goal",
    "GoalComment",
    "GoalDepartment",
    "GoalMilestone",
    "Indicator",
    "IndicatorActual",
    "Leader",
    "Plan",
    "PlanImport",
    "PurgeRecord",
    "QuarterlyUpdate",
    "ReminderLog",
    "ReportingPeriod",
    "Section",
    "UpdateAttachment",
    "UpdateEvent",
]
