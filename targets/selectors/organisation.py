"""
The departments and the goals' owners as they stood at the end of a quarter,
across reorganisations (机构改革).

A reorganisation renames, merges or splits departments from the day it takes
effect, and keeps what the departments and the goals' owners were just before
it (``ReorganisationUnit``, ``ReorganisationOwner``). A quarter is shown with
the organisation of its last day: a reorganisation that took effect after
that day is undone for it by reading the state kept by the *earliest* such
reorganisation — the one nearest the quarter — and the present state where
none touched a department or a goal. Reorganisations are applied in the order
they take effect (``services.reorganisations``), so what the earliest later
one kept is what stood before all of them.

The departments are annotations of their own query, a department's goals
annotations of theirs; the goals' owners take one query more than today's
(the names the departments went by then), which finds nothing and leaves
today's query as it was when no reorganisation took effect after the quarter.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from ..models import GoalDepartment, Reorganisation, ReorganisationOwner, ReorganisationUnit

EARLIEST_FIRST = ("reorganisation__effective_on", "reorganisation_id")


def _first_unit_after(day: datetime.date, department_ref: str):
    """The state kept of a department by the earliest reorganisation after ``day``."""
    return ReorganisationUnit.objects.filter(
        department=OuterRef(department_ref), reorganisation__effective_on__gt=day
    ).order_by(*EARLIEST_FIRST)


def departments_as_of(departments, day: datetime.date):
    """
    ``departments`` annotated with how they stood on ``day``: ``name_then``,
    ``label_then`` (the short name, else the name), ``standing_then`` (it
    existed and was active: a unit merged away later still stood, one formed
    later did not) and ``reorganised_since`` (any reorganisation took effect
    after ``day``).
    """
    first = _first_unit_after(day, "pk")
    return departments.annotate(
        name_then=Coalesce(
            Subquery(first.values("name_before")[:1]), F("name"), output_field=CharField()
        ),
        label_then=Coalesce(
            NullIf(Subquery(first.values("short_name_before")[:1]), Value("")),
            Subquery(first.values("name_before")[:1]),
            NullIf(F("short_name"), Value("")),
            F("name"),
            output_field=CharField(),
        ),
        standing_then=Coalesce(
            Subquery(first.values("active_before")[:1]), F("active"), output_field=BooleanField()
        ),
        # Whether anything took effect since at all: if not, today's owners are then's.
        reorganised_since=Exists(Reorganisation.objects.after(day)),
    )


def departments_standing(departments, day: datetime.date):
    """Those of ``departments`` that stood on ``day``, annotated as by ``departments_as_of``."""
    return departments_as_of(departments, day).filter(standing_then=True)


def labels_then(day: datetime.date) -> dict[int, str]:
    """
    The name each department went by on ``day`` (its short name, else its
    name), for the departments a later reorganisation touched; one query, of
    no rows when none took effect after ``day``.
    """
    labels: dict[int, str] = {}
    rows = (
        ReorganisationUnit.objects.filter(reorganisation__effective_on__gt=day)
        .order_by(*EARLIEST_FIRST)
        .values_list("department_id", "short_name_before", "name_before")
    )
    for department_id, short_name, name in rows:
        labels.setdefault(department_id, short_name or name)
    return labels


def owner_links_as_of(goals, day: datetime.date) -> list[tuple[int, int, str, str]]:
    """
    ``(goal_id, department_id, role, department's name then)`` for every owner
    of ``goals`` as they stood on ``day``, in each goal's order: today's owners
    of goals no later reorganisation changed, and what the earliest later one
    kept of the others. Two queries; without a later reorganisation the
    second is today's owners as they are.
    """
    renamed = labels_then(day)
    columns = ("goal_id", "department_id", "role", "department__short_name", "department__name")
    now = GoalDepartment.objects.filter(goal__in=goals)
    if renamed:
        # Every reorganisation keeps the units it touched: none later, no owner changed later.
        later = ReorganisationOwner.objects.filter(
            goal=OuterRef("goal_id"), reorganisation__effective_on__gt=day
        )
        earliest = later.order_by(*EARLIEST_FIRST).values("reorganisation_id")[:1]
        then = ReorganisationOwner.objects.filter(
            goal__in=goals, reorganisation_id=Subquery(earliest)
        )
        parts = [now.filter(~Exists(later)), then]
        rows = (
            parts[0]
            .order_by()
            .values_list(*columns, "order", "pk")
            .union(parts[1].order_by().values_list(*columns, "order", "pk"), all=True)
            .order_by("goal_id", "order", "pk")
        )
    else:
        rows = now.order_by("goal_id", "order", "pk").values_list(*columns)
    return [
        (goal_id, department_id, role, renamed.get(department_id) or short_name or name)
        for goal_id, department_id, role, short_name, name, *_order in rows
    ]


def goals_of_department_as_of(goals, department, day: datetime.date, *, reorganised_since=True):
    """
    ``goals`` that ``department`` led or supported on ``day``, annotated with
    its role then (``department_role``): those it owns today that no later
    reorganisation changed, and those the earliest later one kept it as an
    owner of. Each side is narrowed by index first. ``reorganised_since``
    False (``departments_as_of`` says so): nothing took effect after ``day``,
    and today's owners are read as they are, without looking for later ones.
    """
    if not reorganised_since:
        role = GoalDepartment.objects.filter(goal=OuterRef("pk"), department=department)
        return goals.filter(
            pk__in=GoalDepartment.objects.filter(department=department).values("goal_id")
        ).annotate(department_role=Subquery(role.order_by().values("role")[:1]))
    later = ReorganisationOwner.objects.filter(
        goal=OuterRef("pk"), reorganisation__effective_on__gt=day
    )
    # Relative to the kept owner row below (its goal_id), not to the goal.
    earliest = (
        ReorganisationOwner.objects.filter(
            goal=OuterRef("goal_id"), reorganisation__effective_on__gt=day
        )
        .order_by(*EARLIEST_FIRST)
        .values("reorganisation_id")[:1]
    )
    then = ReorganisationOwner.objects.filter(
        goal=OuterRef("pk"), department=department, reorganisation_id=Subquery(earliest)
    ).order_by()
    now = GoalDepartment.objects.filter(goal=OuterRef("pk"), department=department).order_by()
    owned_now = GoalDepartment.objects.filter(department=department).values("goal_id")
    kept_then = ReorganisationOwner.objects.filter(
        department=department, reorganisation__effective_on__gt=day
    ).values("goal_id")
    return goals.filter(
        (Q(pk__in=owned_now) & ~Exists(later)) | (Q(pk__in=kept_then) & Exists(then))
    ).annotate(
        # A goal of the first kind has no kept row, one of the second its role then.
        department_role=Coalesce(
            Subquery(then.values("role")[:1]),
            Subquery(now.values("role")[:1]),
            output_field=CharField(),
        )
    )


def latest_reorganisation(departments):
    """
    ``departments`` annotated with the latest reorganisation that touched each:
    ``reorganised_on``, ``reorganisation_summary`` and ``reorganisation_pk``
    (NULL when none did), for the note on a department's page.
    """
    latest = ReorganisationUnit.objects.filter(department=OuterRef("pk")).order_by(
        "-reorganisation__effective_on", "-reorganisation_id"
    )
    return departments.annotate(
        reorganised_on=Subquery(latest.values("reorganisation__effective_on")[:1]),
        reorganisation_summary=Subquery(latest.values("reorganisation__summary")[:1]),
        reorganisation_pk=Subquery(latest.values("reorganisation_id")[:1]),
    )
