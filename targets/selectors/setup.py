"""
The setup page's facts (开通检查): what is done and what is still missing
before a quarter's reporting can open — departments, a reporter for every
lead department, a published plan, its reporting periods with their due
dates, and mail for the reminders. Each is a fact the page states and links
to where it is done; nothing here writes (the periods page makes a plan's
periods). A fixed number of queries, whatever the number of departments.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from accounts.choices import Role

from ..choices import OwnerRole, PlanState
from ..models import Department, GoalDepartment, Plan, ReportingPeriod
from ..periods import Quarter
from .periods import period_due_date

# Django's backends that send nothing anywhere (a trial's, the tests').
_NOT_SENDING = {
    "django.core.mail.backends.console.EmailBackend": "console",
    "django.core.mail.backends.filebased.EmailBackend": "file",
    "django.core.mail.backends.locmem.EmailBackend": "memory",
    "django.core.mail.backends.dummy.EmailBackend": "dummy",
}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@dataclass
class PeriodDue:
    """A quarter of the plan: when its reports are due, and whether its period exists yet."""

    quarter: Quarter
    due: datetime.date
    exists: bool
    is_open: bool


@dataclass
class Setup:
    """What the setup page states, step by step."""

    departments: int = 0
    plan: Plan | None = None
    drafts: list[Plan] = field(default_factory=list)
    # The departments that must report: the plan's lead departments, else every active one.
    reporting: list[Department] = field(default_factory=list)
    without_reporter: list[Department] = field(default_factory=list)
    without_email: list[Department] = field(default_factory=list)
    reporters: int = 0
    periods: list[PeriodDue] = field(default_factory=list)
    mail: str = ""  # "smtp", "custom", "trial", "console", "file", "memory", "dummy", "incomplete"
    mail_backend: str = ""

    @property
    def departments_done(self) -> bool:
        return self.departments > 0

    @property
    def accounts_done(self) -> bool:
        return bool(self.reporting) and not self.without_reporter

    @property
    def plan_done(self) -> bool:
        return self.plan is not None

    @property
    def periods_done(self) -> bool:
        return bool(self.periods) and all(period.exists for period in self.periods)

    @property
    def mail_done(self) -> bool:
        return self.mail in ("smtp", "custom", "trial") and not self.without_email

    @property
    def complete(self) -> bool:
        return all(
            (
                self.departments_done,
                self.accounts_done,
                self.plan_done,
                self.periods_done,
                self.mail_done,
            )
        )


def setup_state() -> Setup:
    """Where the setup stands now."""
    setup = Setup(departments=Department.objects.filter(active=True).count())
    plans = list(Plan.objects.exclude(state=PlanState.ARCHIVED).order_by("-year", "pk"))
    setup.plan = next((p for p in plans if p.state == PlanState.ACTIVE), None)
    setup.drafts = [p for p in plans if p.state == PlanState.DRAFT]
    _reporters(setup)
    if setup.plan is not None:
        _periods(setup, setup.plan)
    setup.mail_backend = settings.EMAIL_BACKEND
    setup.mail = _mail()
    return setup


def _reporters(setup: Setup) -> None:
    """Which departments must report, and which of them have no reporter or no address."""
    departments = Department.objects.filter(active=True)
    if setup.plan is not None:
        leads = GoalDepartment.objects.filter(
            goal__plan=setup.plan, goal__archived=False, role=OwnerRole.LEAD
        )
        departments = departments.filter(pk__in=leads.values("department_id"))
    staff = get_user_model().objects.filter(
        role=Role.STAFF, is_active=True, department=OuterRef("pk")
    )
    with_email = staff.exclude(Q(email="") | Q(email__isnull=True))
    rows = list(
        departments.annotate(has_reporter=Exists(staff), has_email=Exists(with_email)).order_by(
            "order", "code"
        )
    )
    setup.reporting = rows
    setup.without_reporter = [d for d in rows if not d.has_reporter]
    setup.without_email = [d for d in rows if d.has_reporter and not d.has_email]
    setup.reporters = (
        get_user_model()
        .objects.filter(role=Role.STAFF, is_active=True, department__active=True)
        .count()
    )


def _periods(setup: Setup, plan: Plan) -> None:
    periods = {p.quarter: p for p in ReportingPeriod.objects.filter(plan=plan, year=plan.year)}
    for number in (1, 2, 3, 4):
        quarter = Quarter(plan.year, number)
        period = periods.get(number)
        due = period.due_date if period is not None else period_due_date(plan, quarter)
        is_open = period.is_open if period is not None else True
        setup.periods.append(PeriodDue(quarter, due, period is not None, is_open))


def _mail() -> str:
    """How reminders would go out: by an SMTP relay, another backend, or not at all."""
    backend = settings.EMAIL_BACKEND
    if backend == SMTP:
        configured = settings.EMAIL_HOST and not settings.DEFAULT_FROM_EMAIL.endswith("@localhost")
        return "smtp" if configured else "incomplete"
    kind = _NOT_SENDING.get(backend)
    if kind is None:
        return "custom"  # a backend of the deployment's own (a relay, a messaging robot)
    if kind == "console" and settings.DEBUG:
        return "trial"  # the demo and a trial print mail on the server's console
    return kind
