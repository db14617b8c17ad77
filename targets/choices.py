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
