"""
Lists of goals as pages show them: a department's, the plan's (the dashboard's
drill-down) and a leader's, each with its state as of a quarter
(``states.with_state``) and a tally of it.

Every function takes goals already narrowed by ``visible_to(user)``.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BigIntegerField, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL

from ..choices import OwnerRole
from ..models import (
    Department,
    Goal,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Leader,
    Plan,
    QuarterlyUpdate,
)
from ..periods import Quarter
from ..recent import Recent
from . import page_cache
from .compiled import VALUE, compiled, related
from .organisation import departments_as_of, goals_of_department_as_of, latest_reorganisation
from .page_cache import user_scope
from .states import SENT, Tally, with_state

# A built query holds its expressions and inner queries: ~85 KB for a department's
# goals (~150 KB when a reorganisation took effect since), measured with tracemalloc
# at the bench district. 256 are at most ~20-40 MB a process, enough for a hundred
# departments read by their own staff and by the scopes that see every department.
built_queries = Recent(256)


def visible_department_goals(
    user, department: Department, plan: Plan, period: Quarter, *, reorganised_since=True
):
    """
    ``department_goals`` of the goals ``user`` may see (``Goal.objects.visible_to``),
    built once per process for each scope (``page_cache.user_scope``: what
    ``visible_to`` decides by), department, plan, quarter and whether a
    reorganisation took effect since, and copied for each request.
    """
    if not user.is_authenticated:  # no scope to key by: nothing to see
        return Goal.objects.none()
    key = (
        user_scope(user),
        department.pk,
        plan.pk,
        period,
        bool(reorganised_since),
    )
    # Never the kept queryset itself: a copy for the caller to narrow and run.
    return built_queries.get(
        key,
        lambda: department_goals(
            department,
            plan,
            period,
            Goal.objects.visible_to(user),
            reorganised_since=reorganised_since,
        ),
    ).all()


def visible_departments_as_of(user, day):
    """
    The departments ``user`` may see (``Department.objects.visible_to``) with
    their latest reorganisation (``organisation.latest_reorganisation``) and,
    given a ``day``, how they stood then (``organisation.departments_as_of``):
    what a department's page reads its department from, on every request, kept
    read or rendered afresh. Built once per process for each scope and day, as
    ``visible_department_goals``.
    """

    def build():
        departments = latest_reorganisation(Department.objects.visible_to(user))
        return departments if day is None else departments_as_of(departments, day)

    if not user.is_authenticated:  # no scope to key by: nothing to see
        return Department.objects.none()
    return built_queries.get(("departments", user_scope(user), day), build).all()


def department_page_department(user, day, pk: int) -> Department | None:
    """
    Department ``pk`` as ``visible_departments_as_of`` reads it, with its page's
    data fingerprint (``page_fingerprint``, ``page_cache.department_fingerprint_sql``)
    in the same query, or None when ``user`` may not see it. Compiled once per
    process for each scope and day (``selectors.compiled``) and run with the
    department's id: the department's page asks on every look, kept or not.
    """
    # An id past 64 bits is no department's: ``Compiled.rows`` answers it without SQL.
    if not user.is_authenticated:
        return None

    def build():
        departments = visible_departments_as_of(user, day)
        fingerprint = RawSQL(*page_cache.department_fingerprint_sql(VALUE))
        # Unordered, as ``QuerySet.get`` reads it.
        return departments.annotate(page_fingerprint=fingerprint).filter(pk=VALUE).order_by()

    found = compiled(("department page: department", user_scope(user), day), build).rows(pk)
    return found[0] if found else None


def department_goals(
    department: Department, plan: Plan, period: Quarter, goals, *, reorganised_since=True
):
    """
    The department's goals in ``plan`` with their state as of ``period`` and
    the department's role in each (``department_role``: lead or support), as
    it stood at the quarter's end: a unit merged away later still shows the
    goals it reported on then, as the dashboard's ranking counts them.
    ``reorganised_since``: False when nothing was reorganised after the
    quarter (``organisation.departments_as_of`` tells), to read today's owners.
    """
    owned = goals_of_department_as_of(
        goals.filter(plan=plan).active(),
        department,
        period.last_day,
        reorganised_since=reorganised_since,
    )
    # Without their owners: the page's rows name their lead departments from
    # ``lead_department_names``, one light query for the goals shown.
    return with_state(owned, period).select_related("section")


def department_goals_head(
    user,
    department: Department,
    plan: Plan,
    period: Quarter,
    order_by: tuple[str, ...],
    limit: int,
    *,
    reorganised_since=True,
) -> list[Goal] | None:
    """
    The first ``limit`` of ``visible_department_goals`` in ``order_by``, unfiltered:
    a department page's first page. Its SQL is compiled once per process
    (``selectors.compiled``) for each scope, plan, quarter, reorganisation,
    order and limit, and run with the department's id: the ORM compiled the
    annotated query on every request, the larger part of reading it. None when
    the order is not names of columns (nothing to key it by): the caller reads
    the rows as before.
    """
    if not user.is_authenticated or not all(isinstance(term, str) for term in order_by):
        return None
    key = (
        "department page: goals",
        user_scope(user),
        plan.pk,
        period,
        bool(reorganised_since),
        tuple(order_by),
        limit,
    )
    return compiled(
        key,
        # The department's id is the value each run fills in (``VALUE``): one
        # compiled query serves every department of the scope.
        lambda: department_goals(
            VALUE,
            plan,
            period,
            Goal.objects.visible_to(user),
            reorganised_since=reorganised_since,
        ).order_by(*order_by)[:limit],
    ).rows(department.pk)


def lead_department_names(goal_ids) -> dict[int, tuple[str, ...]]:
    """
    The lead departments of each goal in ``goal_ids``, in the goal's order of
    owners, by the name tables show (``Department.__str__``: the short name,
    else the name). One query of values: a prefetch of the owners with their
    departments built a model per row, the largest part of a department
    page's rows.
    """
    names: dict[int, list[str]] = {pk: [] for pk in goal_ids}
    rows = (
        GoalDepartment.objects.filter(goal_id__in=list(names), role=OwnerRole.LEAD)
        .order_by("goal_id", "order", "pk")
        .values_list("goal_id", "department__short_name", "department__name")
    )
    for goal_id, short_name, name in rows:
        names[goal_id].append(short_name or name)
    return {pk: tuple(found) for pk, found in names.items()}


def department_tally(goals) -> Tally:
    """The state counts of the goals a department leads (one query)."""
    tally = Tally()
    for row in goals.filter(department_role=OwnerRole.LEAD).values(
        "pk", "state", "percent", "report"
    ):
        tally.add(row)
    return tally


def plan_goals(plan: Plan, period: Quarter, goals):
    """
    ``goals`` of ``plan`` with their state as of ``period`` and the text of
    the quarter's sent update (``period_progress``, ``period_problems``), for
    the plan-wide goal lists (the dashboard's drill-down, a leader's page).
    """
    sent = QuarterlyUpdate.objects.filter(
        goal=OuterRef("pk"), year=period.year, quarter=period.quarter, review_state__in=SENT
    ).order_by()
    return (
        with_state(goals.filter(plan=plan).active(), period)
        .annotate(
            period_progress=Subquery(sent.values("progress")[:1]),
            period_problems=Subquery(sent.values("problems")[:1]),
        )
        .select_related("section")
        .prefetch_related(
            Prefetch("assignments", queryset=GoalDepartment.objects.select_related("department"))
        )
    )


def goals_tally(goals) -> Tally:
    """The state counts of annotated ``goals`` (one query)."""
    tally = Tally()
    for row in goals.values("pk", "state", "percent", "report"):
        tally.add(row)
    return tally


def leader_goals(leader: Leader, plan: Plan, goals):
    """
    The goals of ``plan`` among ``goals`` that ``leader`` is responsible for
    (责任领导): those that name the leader, and those that name no leader of
    their own under a section whose nearest leaders (its own, else its
    parent's…) include the leader. Two queries' worth: the sections here,
    the goals when the result is read.
    """
    named: dict[int, set[int]] = defaultdict(set)
    parent_of: dict[int, int | None] = {}
    for pk, parent_id, leader_id in plan.sections.values_list("pk", "parent_id", "leaders"):
        parent_of[pk] = parent_id
        if leader_id is not None:
            named[pk].add(leader_id)

    def nearest_leaders(pk):
        depth = 0
        while pk is not None and not named.get(pk) and depth < 50:
            pk, depth = parent_of.get(pk), depth + 1
        return named.get(pk, set()) if pk is not None else set()

    sections = [pk for pk in parent_of if leader.pk in nearest_leaders(pk)]
    goal_leaders = Goal.leaders.through.objects.filter(goal=OuterRef("pk"))
    return (
        goals.filter(plan=plan)
        .active()
        .filter(
            Q(Exists(goal_leaders.filter(leader=leader)))
            | Q(~Exists(goal_leaders), section_id__in=sections)
        )
    )


def export_goals(plan: Plan, period: Quarter, user):
    """
    The plan export's goals (those ``user`` may see, live) with their state as of
    ``period`` and everything their rows need: a fixed number of queries a chunk.
    """
    updates = (
        QuarterlyUpdate.objects.filter(year=plan.year, quarter__lte=period.quarter)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("actuals", queryset=IndicatorActual.objects.order_by("indicator_id"))
        )
        .order_by("quarter")
    )
    return (
        with_state(Goal.objects.visible_to(user).filter(plan=plan).active(), period)
        .select_related("section")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=GoalDepartment.objects.select_related("department").order_by(
                    "order", "pk"
                ),
            ),
            "leaders",
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
            Prefetch("updates", queryset=updates),
        )
        .order_by("order", "pk")
    )


def goal_page_goal(user, pk: int, parts=None) -> Goal | None:
    """
    Goal ``pk`` if ``user`` may see it (``Goal.objects.visible_to``), else None,
    with everything a goal's page shows of the goal itself: its plan (and the
    plan's year end), section, final result and carry-overs in its own query;
    its owners, leaders, indicators and milestones as a prefetch leaves them
    (``compiled.related``), a query each; the milestones only when ``parts``,
    which of the goal's tables have rows (``page_cache.goal_fingerprint_rows``;
    None when not known), says it has some. What the user may do on the page is
    then read from these rows (``rules.goal_page_rights``).

    Each query is compiled once per process (``selectors.compiled``; the goal's
    for each scope, ``page_cache.user_scope``: what ``visible_to`` decides by)
    and run with the goal's id. The related rows are ordered within the goal
    (``order, pk``; the quarter) rather than by their models' ``Meta.ordering``,
    which begins with the goal and so joins the goal and its plan only to sort
    by them: the same order for one goal's rows.
    """
    if not user.is_authenticated:  # no scope to key by: nothing to see
        return None
    found = compiled(
        ("goal page: goal", user_scope(user)),
        lambda: (
            Goal.objects.visible_to(user)
            .select_related(
                "plan__year_end",
                "section__parent",
                "outcome__confirmed_by",
                "carried_from__source__plan",
                "carried_into__goal__plan",
            )
            .filter(pk=VALUE)
            .order_by()
        ),
    ).rows(pk)
    if not found:
        return None
    goal = found[0]
    related(goal, "assignments", _goal_rows("owners", pk), back="goal")
    related(goal, "leaders", _goal_rows("leaders", pk))
    related(goal, "indicators", _goal_rows("indicators", pk), back="goal")
    milestones = _goal_rows("milestones", pk) if parts is None or "milestones" in parts else []
    related(goal, "milestones", milestones, back="goal")
    return goal


def goal_frame(user, pk: int) -> Goal | None:
    """
    Goal ``pk`` with its plan if ``user`` may see it (``Goal.objects.visible_to``),
    else None; with, in the same statement, its page's fingerprint and the parts
    it has rows of (``page_cache.goal_fingerprint_rows``) as ``fingerprint`` and
    ``page_parts``. What a goal's page reads first on every request: a page kept
    in the cache needs nothing else of the goal (its frame's title, the 404).
    Compiled once per process for each scope (``page_cache.user_scope``), as
    ``goal_page_goal``.
    """
    if not user.is_authenticated:  # no scope to key by: nothing to see
        return None
    terms = page_cache.goal_fingerprint_terms()
    found = compiled(
        ("goal page: frame", user_scope(user)),
        lambda: (
            Goal.objects.visible_to(user)
            .select_related("plan")
            .filter(pk=VALUE)
            .order_by()
            .annotate(
                **{
                    f"fingerprint_{n}": RawSQL(sql, [VALUE] * count, BigIntegerField())
                    for n, (sql, count, _name) in enumerate(terms)
                }
            )
        ),
    ).rows(pk)
    if not found:
        return None
    goal = found[0]
    goal.fingerprint, goal.page_parts = page_cache.goal_fingerprint_of(
        [getattr(goal, f"fingerprint_{n}") for n in range(len(terms))]
    )
    return goal


# What a goal's page reads of one goal's rows, each for the goal ``VALUE`` stands for.
_GOAL_ROWS = {
    "owners": lambda: (
        GoalDepartment.objects.filter(goal_id=VALUE)
        .select_related("department")
        .order_by("order", "pk")
    ),
    "leaders": lambda: Leader.objects.filter(goals=VALUE),
    "indicators": lambda: Indicator.objects.filter(goal_id=VALUE).order_by("order", "pk"),
    "milestones": lambda: GoalMilestone.objects.filter(goal_id=VALUE).order_by("quarter"),
    # Within one goal's thread: not Meta.ordering, whose goal joins the goal and its plan.
    "comments": lambda: (
        GoalComment.objects.filter(goal_id=VALUE)
        .select_related("author__department")
        .order_by("created_at", "pk")
    ),
}


def goal_measures(goal: Goal, *, milestones: bool = True) -> Goal:
    """
    ``goal`` with its indicators (``order, pk``) and milestones (by quarter) as a
    prefetch leaves them (``compiled.related``): what the update form and its save
    read of the goal besides its row. The goal page's compiled queries, a query each;
    ``milestones``: False when the goal's own query found it has none (no query then).
    """
    related(goal, "indicators", _goal_rows("indicators", goal.pk), back="goal")
    rows = _goal_rows("milestones", goal.pk) if milestones else []
    related(goal, "milestones", rows, back="goal")
    return goal


def goal_thread(pk: int) -> list[GoalComment]:
    """
    The comments on goal ``pk`` with their authors and departments, oldest
    first, for a reader already allowed to see the goal (its thread is theirs to
    read: ``GoalComment.objects.visible_to``). Compiled once per process.
    """
    return _goal_rows("comments", pk)


def _goal_rows(name: str, pk: int) -> list:
    return compiled(("goal page", name), _GOAL_ROWS[name]).rows(pk)
