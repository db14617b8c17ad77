"""
What every export shares: the plan and quarter it covers (or why it cannot be
made), whose goals it holds, and the note under each sheet's title.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import MAX_YEAR, MIN_YEAR, Department, Plan
from ..periods import Quarter
from ..selectors.plans import default_quarter, plan_for_year

LIST_SEPARATOR = "、"


class ExportError(Exception):
    """A request for an export that cannot be met (no plan for that year, a quarter 5)."""


def export_period(year, quarter) -> tuple[Plan, Quarter]:
    """
    The plan and quarter an export covers, from ``year`` and ``quarter`` as
    given (strings, ints or None). No year: the plan the dashboard opens on;
    no quarter: the quarter it opens on. Anything else that makes no sense is
    an ``ExportError``: a download has no page to show a warning on, and a
    file for another year than asked would mislead.
    """
    if year in (None, ""):
        year = None
    else:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ExportError(_("The year must be a number.")) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ExportError(_("There is no plan for that year."))
    plan = plan_for_year(year)
    if plan is None:
        raise ExportError(_("There is no plan for that year."))
    if quarter in (None, ""):
        return plan, default_quarter(plan)
    try:
        return plan, Quarter(plan.year, int(quarter))
    except (TypeError, ValueError):
        raise ExportError(_("The quarter must be 1, 2, 3 or 4.")) from None


def export_scope(user) -> str:
    """Whose goals the file holds, for the note under the title."""
    if rules.can_see_all_departments(user):
        return _("all departments")
    department = Department.objects.filter(pk=user.department_id).first()
    return _("goals %(department)s leads or supports") % {"department": department or "—"}


def export_note(what: str, scope: str = "") -> str:
    """The line under a sheet's title: what it holds, for whom, and when it was exported."""
    exported = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    if not scope:
        return _("%(what)s · Exported %(when)s") % {"what": what, "when": exported}
    return _("%(what)s · Scope: %(scope)s · Exported %(when)s") % {
        "what": what,
        "scope": scope,
        "when": exported,
    }


def names(items) -> str:
    """Departments, leaders…: "区发改局、区科技局"."""
    return LIST_SEPARATOR.join(str(item) for item in items)
