"""
The fill-in workbook a department downloads: the goals it leads in the
active plan, each starting from its report for the quarter if there is one,
else from its latest earlier report, written by ``update_sheets.write_template``.
The workbook keeps a token naming the download, when it was made and what
each row was based on, so its upload never overwrites newer work.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ...choices import OwnerRole, UpdateStatus
from ...io.update_sheets import TemplateGoal, TemplateIndicator, UpdateTemplate, write_template
from ...models import Department
from ...periods import Quarter
from ...selectors.periods import deadline
from ...selectors.plans import reportable_quarters
from ...selectors.updates import active_plan, reports_for
from ..updates import quarter_refusal
from .conflicts import digest_of_report


def update_sheet_build(department: Department, period: Quarter, *, goals) -> bytes:
    """
    The fill-in workbook (.xlsx bytes) of the goals ``department`` leads in
    the active plan of ``period``'s year, among ``goals`` (already narrowed
    to what the user may see). Each goal starts from its report for
    ``period`` if there is one, else from its latest earlier report.

    Raises ``ValidationError`` when there is no active plan for the year or
    the quarter cannot be reported.
    """
    plan = active_plan(period.year)
    if period not in reportable_quarters(plan):
        raise ValidationError(quarter_refusal(period))
    goal_list = list(
        goals.filter(plan=plan)
        .active()
        .of_department(department, role=OwnerRole.LEAD)
        .prefetch_related("indicators")
    )
    current, previous = reports_for([g.pk for g in goal_list], period)
    sources = set()
    rows = []
    for goal in goal_list:
        report = current.get(goal.pk) or previous.get(goal.pk)
        if report is not None:
            sources.add(report.period)
        rows.append(_template_goal(goal, report))
    template = UpdateTemplate(
        plan_id=plan.pk,
        plan_title=plan.title,
        year=period.year,
        quarter=period.quarter,
        period=period.formal_label,
        department_code=department.code,
        department=str(department),
        deadline=formats.date_format(deadline(plan, period).due_date, "DATE_FORMAT"),
        statuses=[(value, str(label)) for value, label in UpdateStatus.choices],
        goals=rows,
        source="、".join(p.formal_label for p in sorted(sources)),
        workbook=secrets.token_hex(16),
        generated=timezone.now().isoformat(),
    )
    return write_template(template, translate=_)


def _template_goal(goal, report) -> TemplateGoal:
    """A goal's rows of the workbook, starting from ``report`` (None: empty)."""
    actuals = {a.indicator_id: a.value for a in report.actuals.all()} if report else {}
    indicators = goal.indicators.all()
    return TemplateGoal(
        code=goal.code,
        title=goal.title,
        deadline=goal.deadline_display,
        status=report.status if report else "",
        percent=report.percent_complete if report else None,
        progress=report.progress if report else "",
        problems=report.problems if report else "",
        next_steps=report.next_steps if report else "",
        indicators=[
            TemplateIndicator(
                id=indicator.pk,
                name=indicator.name,
                unit=indicator.unit,
                target=indicator.target_display,
                allows_negative=indicator.allows_negative,
                value=actuals.get(indicator.pk),
            )
            for indicator in indicators
        ],
        base=digest_of_report(report, indicators),
    )


def update_sheet_filename(department: Department, period: Quarter) -> str:
    return _("%(department)s %(period)s progress report.xlsx") % {
        "department": department,
        "period": period,
    }
