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

Everything here is annotations and one combined query, so the pages that use
it run as many queries as before.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from ..models import GoalDepartment, ReorganisationOwner, ReorganisationUnit

EARLIEST_FIRST = ("reorganisation__effective_on", "reorganisation_id")


def _first_unit_after(day: datetime.date, department_ref: str):
    """The state kept of a department by the earliest reorganisation after ``day``."""
    return ReorganisationUnit.objects.filter(
        department=OuterRef(department_ref), reorganisation__effective_on__gt=day
    ).order_by(*EARLIEST_FIRST)


def label_then(day: datetime.date, department_ref: str = "department_id", current: str = ""):
    """
    The name a department went by on ``day`` (its short name, else its name),
    as an expression on rows that point at a department (``department_ref``);
    ``current`` is the path to the department's own fields ("department__").
    """
    first = _first_unit_after(day, department_ref)
    return Coalesce(
        NullIf(Subquery(first.values("short_name_before")[:1]), Value("")),
        Subquery(first.values("name_before")[:1]),
        NullIf(F(f"{current}short_name"), Value("")),
        F(f"{current}name"),
        output_field=CharField(),
    )


def departments_as_of(departments, day: datetime.date):
    """
    ``departments`` annotated with how they stood on ``day``: ``name_then``,
    ``label_then`` (the short name, else the name) and ``standing_then`` (it
    existed and was active: a unit merged away later still stood, one formed
    later did not).
    """
    first = _first_unit_after(day, "pk")
    return departments.annotate(
        name_then=Coalesce(
            Subquery(first.values("name_before")[:1]), F("name"), output_field=CharField()
        ),
        label_then=label_then(day, "pk"),
        standing_then=Coalesce(
            Subquery(first.values("active_before")[:1]), F("active"), output_field=BooleanField()
        ),
    )


def departments_standing(departments, day: datetime.date):
    """Those of ``departments`` that stood on ``day``, annotated as by ``departments_as_of``."""
    return departments_as_of(departments, day).filter(standing_then=True)


def owner_links_as_of(goals, day: datetime.date) -> list[tuple[int, int, str, str]]:
    """
    ``(goal_id, department_id, role, department's name then)`` for every owner
    of ``goals`` as they stood on ``day``, in each goal's order: today's owners
    of goals no later reorganisation changed, and what the earliest later one
    kept of the others. One query.
    """
    later = ReorganisationOwner.objects.filter(
        goal=OuterRef("goal_id"), reorganisation__effective_on__gt=day
    )
    earliest = later.order_by(*EARLIEST_FIRST).values("reorganisation_id")[:1]
    columns = ("goal_id", "department_id", "role", "order", "pk", "label")
    now = (
        GoalDepartment.objects.filter(goal__in=goals)
        .filter(~Exists(later))
        .annotate(label=label_then(day, current="department__"))
        .order_by()
        .values_list(*columns)
    )
    then = (
        ReorganisationOwner.objects.filter(goal__in=goals, reorganisation_id=Subquery(earliest))
        .annotate(label=label_then(day, current="department__"))
        .order_by()
        .values_list(*columns)
    )
    rows = now.union(then, all=True).order_by("goal_id", "order", "pk")
    return [
        (goal_id, department_id, role, label) for goal_id, department_id, role, *_, label in rows
    ]


def owned_as_of(department, day: datetime.date):
    """
    The role (lead or support) ``department`` had in a goal on ``day``, as an
    expression on goals: NULL when it was no owner then.
    """
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
    return Case(
        When(Exists(later), then=Subquery(then.values("role")[:1])),
        default=Subquery(now.values("role")[:1]),
        output_field=CharField(),
    )


def goals_of_department_as_of(goals, department, day: datetime.date):
    """
    ``goals`` that ``department`` led or supported on ``day``, annotated with
    its role then (``department_role``). The candidates are narrowed by index
    first: the goals it owns today and those a later reorganisation took from it.
    """
    candidates = Q(
        pk__in=GoalDepartment.objects.filter(department=department).values("goal_id")
    ) | Q(
        pk__in=ReorganisationOwner.objects.filter(
            department=department, reorganisation__effective_on__gt=day
        ).values("goal_id")
    )
    return (
        goals.filter(candidates)
        .annotate(department_role=owned_as_of(department, day))
        .filter(department_role__isnull=False)
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
