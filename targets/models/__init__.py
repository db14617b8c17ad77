"""
The plan and its follow-up: departments, plans (政府工作报告 / 分解方案), their
section tree, goals with owners and numeric indicators, quarterly updates (and
what uploads of workbooks wrote to them), plan and account imports awaiting
confirmation, notifications (the inbox, the outbox and group robots), the
year's end (final results, closing, goals carried on), claims
checks, the year's assessment of the departments (考核), and reorganisations of
departments (机构改革) with the departments as they were.

Which rows a user sees is one QuerySet method per model (``visible_to``, and
``reportable_by`` / ``editable_by`` / ``commentable_by`` / ``attachable_by``
where writing is narrower than seeing); views never filter by role themselves.
What a user may do is ``targets.rules``.
"""

from .account_imports import AccountImport
from .assessment import (
    Assessment,
    AssessmentAdjustment,
    AssessmentEvent,
    AssessmentObjection,
    AssessmentScheme,
    AssessmentWeight,
)
from .claims import Claim, ClaimCheck
from .common import MAX_YEAR, MIN_YEAR
from .departments import Department, DepartmentAlias, Leader
from .discussion import GoalComment, UpdateAttachment
from .notifications import (
    Delivery,
    Notification,
    NotificationPreference,
    NotificationWebhook,
)
from .periods import GoalMilestone, ReportingPeriod
from .plan_imports import PlanImport
from .plans import Goal, GoalDepartment, Indicator, Plan, Section
from .purges import PurgeRecord
from .reminders import ReminderLog
from .reorganisations import Reorganisation, ReorganisationOwner, ReorganisationUnit
from .update_sheets import UpdateSheetUpload
from .updates import IndicatorActual, QuarterlyUpdate, UpdateEvent
from .year_end import (
    GoalCarryOver,
    GoalOutcome,
    IndicatorOutcome,
    YearEnd,
    YearEndEvent,
)

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "AccountImport",
    "Assessment",
    "AssessmentAdjustment",
    "AssessmentEvent",
    "AssessmentObjection",
    "AssessmentScheme",
    "AssessmentWeight",
    "Claim",
    "ClaimCheck",
    "Delivery",
    "Department",
    "DepartmentAlias",
    "Goal",
    "GoalCarryOver",
    "GoalComment",
    "GoalDepartment",
    "GoalMilestone",
    "GoalOutcome",
    "Indicator",
    "IndicatorActual",
    "IndicatorOutcome",
    "Leader",
    "Notification",
    "NotificationPreference",
    "NotificationWebhook",
    "Plan",
    "PlanImport",
    "PurgeRecord",
    "QuarterlyUpdate",
    "ReminderLog",
    "Reorganisation",
    "ReorganisationOwner",
    "ReorganisationUnit",
    "ReportingPeriod",
    "Section",
    "UpdateAttachment",
    "UpdateEvent",
    "UpdateSheetUpload",
    "YearEnd",
    "YearEndEvent",
]
