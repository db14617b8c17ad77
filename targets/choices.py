from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    """What sort of body a department is; street offices and companies report like bureaus."""

    BUREAU = "bureau", _("Bureau")  # 区直部门
    STREET = "street", _("Street office")  # 街道办事处
    COMPANY = "company", _("Company")  # 区属国企
    OTHER = "other", _("Other")


class PlanState(models.TextChoices):
    """A plan is drafted by admins, then published for the year, then archived."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class ImportState(models.TextChoices):
    """A plan import waits for confirmation, then is applied or discarded."""

    PENDING = "pending", _("Waiting for confirmation")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")


class OwnerRole(models.TextChoices):
    """A department's part in a goal."""

    LEAD = "lead", _("Lead")  # 牵头单位
    SUPPORT = "support", _("Supporting")  # 责任单位 / 配合单位


class Comparator(models.TextChoices):
    """How an indicator's actual value is judged against its target."""

    EQ = "eq", _("equal to")
    GTE = "gte", _("at least")  # 以上, 不少于, 不低于
    LTE = "lte", _("at most")  # 以内, 不超过, 控制在
    APPROX = "approx", _("about")  # 左右
    RANGE = "range", _("between")  # 6%-6.5%


class UpdateStatus(models.TextChoices):
    """The state a department reports for a goal in a quarter."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    COMPLETED = "completed", _("Completed")


class ReviewState(models.TextChoices):
    """Where an update is in the supervision office's review (督查审核)."""

    DRAFT = "draft", _("Draft")  # saved by the department, not yet sent
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class UpdateAction(models.TextChoices):
    """What happened to an update: every transition is kept with who, when and why."""

    SAVED = "saved", _("Saved as draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    EDITED = "edited", _("Edited after the period closed")


class PeriodState(models.TextChoices):
    """A reporting period takes reports while open; once closed only a supervisor edits."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class GoalState(models.TextChoices):
    """
    How a goal stands as of a quarter (its assessment, 评估状态): the status of
    its latest approved update (已审核) up to that quarter, kept until a newer
    one is approved; "not yet assessed" before any update is approved. Whether
    the goal has reported this quarter is a second dimension, ``ReportState``
    (``targets.selectors.states``).
    """

    NOT_STARTED = UpdateStatus.NOT_STARTED.value, UpdateStatus.NOT_STARTED.label
    ON_TRACK = UpdateStatus.ON_TRACK.value, UpdateStatus.ON_TRACK.label
    AT_RISK = UpdateStatus.AT_RISK.value, UpdateStatus.AT_RISK.label
    BEHIND = UpdateStatus.BEHIND.value, UpdateStatus.BEHIND.label
    COMPLETED = UpdateStatus.COMPLETED.value, UpdateStatus.COMPLETED.label
    UNASSESSED = "unassessed", _("Not yet assessed")


class ReorganisationKind(models.TextChoices):
    """
    What a reorganisation (机构改革) did to departments: renamed one (更名),
    merged several into one (合并), or split one into several (拆分).
    """

    RENAME = "rename", _("Rename")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")


class ReportState(models.TextChoices):
    """
    Whether a goal has reported for a quarter (报送状态): its update approved
    (已报送), submitted and waiting for review (待审核), not sent (未报送: none,
    a draft, or one the office returned), or not due because an approved update
    of an earlier quarter completed the goal (无需报送).
    """

    REPORTED = "reported", _("Reported")
    PENDING = "pending", _("Waiting for review")
    MISSING = "missing", _("Not reported")
    NOT_DUE = "not_due", _("Need not report")


class AssessmentState(models.TextChoices):
    """
    The year's assessment (考核) of a plan: computed live while a draft, frozen
    once the supervision office publishes it (the scheme, the adjustments and
    every department's points), until the office withdraws it for a reason.
    """

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AssessmentAction(models.TextChoices):
    """What the office did to an assessment: published its results, or withdrew them (with why)."""

    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Publication withdrawn")


class PartialRule(models.TextChoices):
    """How a goal partly completed earns points: by its share done, or by its targets met."""

    PROGRESS = "progress", _("In proportion to progress")
    INDICATORS = "indicators", _("In proportion to indicators met")


class ObjectionState(models.TextChoices):
    """A department's objection (申诉) to its assessment: open until the office answers it."""

    OPEN = "open", _("Waiting for an answer")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Not upheld")


class ScoreLine(models.TextChoices):
    """What a line of a department's assessment counts: every point comes from one."""

    GOAL = "goal", _("Goal led")  # 牵头任务
    SUPPORT = "support", _("Goal supported")  # 配合任务
    MISSING = "missing", _("Report missing")  # 未报送
    LATE = "late", _("Report late")  # 逾期报送
    RETURNED = "returned", _("Update returned")  # 被退回
    YELLOW = "yellow", _("Quarter at risk")  # 黄灯
    RED = "red", _("Quarter behind")  # 红灯
    BONUS = "bonus", _("Target beaten")  # 超额完成
    BONUS_CAP = "bonus_cap", _("Bonus cap")  # 加分上限
    ADJUSTMENT = "adjustment", _("Adjustment by the office")  # 加减分


# Bootstrap colour of each state: grey / green / yellow / red / blue, the
# convention of the district's 红黄绿灯 reports; "not yet assessed" is outlined.
STATE_COLOURS = {
    GoalState.NOT_STARTED: "secondary",
    GoalState.ON_TRACK: "success",
    GoalState.AT_RISK: "warning",
    GoalState.BEHIND: "danger",
    GoalState.COMPLETED: "primary",
    GoalState.UNASSESSED: "light",
}

# And of each reporting state: "waiting for review" is cyan, "not reported" red outlined.
REPORT_COLOURS = {
    ReportState.REPORTED: "success",
    ReportState.PENDING: "info",
    ReportState.MISSING: "danger",
    ReportState.NOT_DUE: "secondary",
}


class GoalResult(models.TextChoices):
    """A goal's final result once its year is over (年度完成情况)."""

    COMPLETED = "completed", _("Completed")  # 已完成
    MOSTLY = "mostly", _("Mostly completed")  # 基本完成
    NOT_COMPLETED = "not_completed", _("Not completed")  # 未完成
    ONGOING = "ongoing", _("Ongoing")  # 持续推进: the report itself says the work goes on


# Results whose goal goes on into the next year's plan.
CARRIED_RESULTS = (GoalResult.NOT_COMPLETED, GoalResult.ONGOING)

RESULT_COLOURS = {
    GoalResult.COMPLETED: "primary",
    GoalResult.MOSTLY: "success",
    GoalResult.NOT_COMPLETED: "danger",
    GoalResult.ONGOING: "info",
}


class YearState(models.TextChoices):
    """A plan's year: open while followed; closed (read-only) once the office closes it."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class YearAction(models.TextChoices):
    """What the office did to a plan's year: closed it, or reopened it for a reason."""

    CLOSED = "closed", _("Closed the year")
    REOPENED = "reopened", _("Reopened the year")


class ClaimVerdict(models.TextChoices):
    """How a claim of next year's report stands against what was reported during the year."""

    CONSISTENT = "consistent", _("Consistent")
    BETTER = "better", _("Claimed better than reported")
    WORSE = "worse", _("Claimed worse than reported")
    UNREPORTED = "unreported", _("Nothing approved to compare")
    NOT_MENTIONED = "not_mentioned", _("Target not mentioned")
    NEVER_A_TARGET = "never_a_target", _("Mentioned but never a target")


class ClaimMatchState(models.TextChoices):
    """Whether a claim's match is the reader's suggestion or the office's word."""

    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    CORRECTED = "corrected", _("Corrected")


VERDICT_COLOURS = {
    ClaimVerdict.CONSISTENT: "success",
    ClaimVerdict.BETTER: "warning",
    ClaimVerdict.WORSE: "danger",
    ClaimVerdict.UNREPORTED: "light",
    ClaimVerdict.NOT_MENTIONED: "light",
    ClaimVerdict.NEVER_A_TARGET: "secondary",
}


class NotificationKind(models.TextChoices):
    """What happened, for the inbox, e-mail and group robots (通知)."""

    UPDATE_RETURNED = "update_returned", _("Update returned")
    UPDATE_APPROVED = "update_approved", _("Update approved")
    UPDATE_SUBMITTED = "update_submitted", _("Update waiting for review")
    GOAL_COMMENTED = "goal_commented", _("Comment on a goal")
    DUE_SOON = "due_soon", _("Due date approaching")
    OVERDUE = "overdue", _("Due date passed")
    PERIOD_OPENED = "period_opened", _("Period reopened")
    PERIOD_CLOSED = "period_closed", _("Period closed")
    PLAN_PUBLISHED = "plan_published", _("Plan published")
    ASSESSMENT_PUBLISHED = "assessment_published", _("Assessment results published")


class NotificationChannel(models.TextChoices):
    """How a notification reaches people: the inbox, e-mail, the department's group robot."""

    INBOX = "inbox", _("Inbox")
    EMAIL = "email", _("E-mail")
    ROBOT = "robot", _("Group robot")


class RobotPlatform(models.TextChoices):
    """The group robots Luoshi posts to (群机器人), and the console for the demo."""

    WECOM = "wecom", _("WeCom (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk (钉钉)")
    FEISHU = "feishu", _("Feishu (飞书)")
    CONSOLE = "console", _("Console (prints the message)")


class DeliveryState(models.TextChoices):
    """An outbox row: waiting (or retrying), sent, failed for now, or given up (dead)."""

    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    DEAD = "dead", _("Given up")
