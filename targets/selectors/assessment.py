"""
The assessment (考核), the read side: the one place the scoring's facts are
read (``scoring_facts``), the scheme in force, and the scorecard every page
and export shows — computed afresh from ``targets.scoring`` while the
assessment is a draft, the results as published once it is.

``scoring_facts`` reads, for every goal of the plan, what the arithmetic
needs and nothing else, by the rules the rest of Luoshi counts by:

- the quarters *assessed*: begun, and closed or past their due date
  (``periods.deadline``'s date): a quarter still taking reports costs nothing;
- each goal's state as of each quarter and its report (``states.quarter_states``,
  the dashboards' rule), a report *late* when sent after the due date;
- the goal's final state, share done and indicators' last approved values:
  as of the last quarter begun;
- who led the goal in each quarter: its owners as their history records them
  at the quarter's due date; for a due date before that history begins (a
  plan entered after the quarter), the owners recorded on its first day.

When the year's final results (已完成 / 基本完成 …) and closing the year exist,
they are read here, and only here; ``targets.scoring`` stays as it is.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from ..choices import (
    GoalState,
    OwnerRole,
    PeriodState,
    ReportState,
    ReviewState,
    ScoreLine,
    UpdateAction,
)
from ..models import (
    Assessment,
    AssessmentAdjustment,
    AssessmentScheme,
    Department,
    Goal,
    GoalDepartment,
    Indicator,
    IndicatorActual,
    Plan,
    QuarterlyUpdate,
    ReportingPeriod,
    Section,
    UpdateEvent,
)
from ..periods import Quarter, default_due_date
from ..scoring import (
    Adjustment,
    GoalFacts,
    IndicatorFacts,
    Line,
    QuarterFacts,
    score,
)
from .plans import reportable_quarters
from .scorecard import Scorecard, ScoreRow
from .states import SENT, quarter_states


@dataclass(frozen=True)
class Facts:
    """What the scoring reads of a plan: its goals, the quarters assessed, the district's order."""

    goals: list[GoalFacts]
    quarters: list[int]  # assessed
    final_quarter: int | None  # the last begun, which the final state is as of
    order: list[int]


def assessment_of(plan: Plan) -> Assessment | None:
    """The plan's assessment, if anyone has written to it yet (read only)."""
    return (
        Assessment.objects.filter(plan=plan).select_related("published", "published__actor").first()
    )


def scheme_in_force(assessment: Assessment | None) -> AssessmentScheme:
    """
    The latest version of the scheme, with its weights prefetched; before
    anyone saved one, the default scheme (the model's defaults, unsaved).
    """
    if assessment is not None:
        scheme = assessment.schemes.prefetch_related("weights").order_by("-number").first()
        if scheme is not None:
            return scheme
    return AssessmentScheme(number=0)


# -- the facts ------------------------------------------------------------------------------


def scoring_facts(plan: Plan, *, today: datetime.date | None = None) -> Facts:
    """Everything ``targets.scoring.score`` needs about ``plan``. Ten queries."""
    today = today or timezone.localdate()
    begun = [q.quarter for q in reportable_quarters(plan)]
    due = _due_dates(plan)
    assessed = [q for q in begun if due[q][1] or due[q][0] < today]
    final = begun[-1] if begun else None

    goals = list(
        Goal.objects.filter(plan=plan)
        .order_by("order", "pk")
        .values("pk", "section_id", "archived")
    )
    chapters = _chapters(plan)
    owners = _owners(plan)
    ends = {q: _end_of(due[q][0]) for q in assessed}
    leads_then = _leads_by_quarter(plan, ends)
    updates, submitted = _sent_updates(plan)
    returned = _returned(plan)
    indicators = _indicators(plan, final)

    facts = []
    periods = [Quarter(plan.year, q) for q in begun]
    for goal in goals:
        pk = goal["pk"]
        states = quarter_states(updates.get(pk, []), periods)
        by_quarter = dict(zip(begun, states, strict=True))
        quarters = tuple(
            QuarterFacts(
                quarter=q,
                leads=frozenset(leads_then.get(pk, {}).get(q, owners[pk][OwnerRole.LEAD])),
                state=by_quarter[q].state,
                report=by_quarter[q].report,
                late=_late(submitted.get((pk, q)), ends[q], by_quarter[q].report),
                returned=returned.get((pk, q), 0),
            )
            for q in assessed
        )
        last = by_quarter[final] if final else None
        facts.append(
            GoalFacts(
                goal_id=pk,
                chapter_id=chapters.get(goal["section_id"]),
                archived=goal["archived"],
                leads=tuple(owners[pk][OwnerRole.LEAD]),
                supports=tuple(owners[pk][OwnerRole.SUPPORT]),
                state=last.state if last else GoalState.UNASSESSED,
                percent=last.percent if last else 0,
                indicators=tuple(indicators.get(pk, [])),
                quarters=quarters,
            )
        )
    order = list(Department.objects.order_by("order", "code").values_list("pk", flat=True))
    return Facts(goals=facts, quarters=assessed, final_quarter=final, order=order)


def _due_dates(plan: Plan) -> dict[int, tuple[datetime.date, bool]]:
    """``{quarter: (due date, closed)}`` of the plan's four quarters, as ``deadline`` reads them."""
    rows = {
        quarter: (due, state == PeriodState.CLOSED)
        for quarter, due, state in ReportingPeriod.objects.filter(
            plan=plan, year=plan.year
        ).values_list("quarter", "due_date", "state")
    }
    return {q: rows.get(q, (default_due_date(plan, q), False)) for q in (1, 2, 3, 4)}


def _chapters(plan: Plan) -> dict[int, int]:
    """Each section's chapter (the top of its tree): ``{section id: chapter id}``."""
    parent_of = dict(Section.objects.filter(plan=plan).values_list("pk", "parent_id"))
    chapters = {}
    for pk in parent_of:
        top, steps = pk, 0
        while parent_of.get(top) is not None and steps < 20:
            top, steps = parent_of[top], steps + 1
        chapters[pk] = top
    return chapters


def _owners(plan: Plan) -> dict[int, dict[str, list[int]]]:
    """The goals' departments now, by role, in the order listed."""
    # Plain strings: an enum member's lookup, 2,000 times over, cost a third of a second.
    lead, support = OwnerRole.LEAD.value, OwnerRole.SUPPORT.value
    owners: dict[int, dict[str, list[int]]] = defaultdict(lambda: {lead: [], support: []})
    for goal_id, department_id, role in (
        GoalDepartment.objects.filter(goal__plan=plan)
        .order_by("goal_id", "order", "pk")
        .values_list("goal_id", "department_id", "role")
    ):
        owners[goal_id][role].append(department_id)
    return owners


def _end_of(day: datetime.date, tz=None) -> datetime.datetime:
    """The end of ``day`` in the local zone (Asia/Shanghai): what "by the due date" means."""
    following = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        following, datetime.time.min, tz or timezone.get_current_timezone()
    )


def _leads_by_quarter(plan: Plan, ends: dict[int, datetime.datetime]) -> dict[int, dict[int, set]]:
    """
    ``{goal id: {quarter: lead department ids}}`` as the owners' history records
    them at the end of each due date; a due date before the goal's history
    begins takes the owners recorded on its first day. Goals without history
    are left out (their owners now stand for every quarter).
    """
    records = defaultdict(list)
    for row in (
        GoalDepartment.history.filter(goal__plan=plan)
        .order_by("history_date", "history_id")
        .values_list("goal_id", "id", "department_id", "role", "history_type", "history_date")
    ):
        records[row[0]].append(row[1:])
    tz = timezone.get_current_timezone()
    result = {}
    for goal_id, rows in records.items():
        start = _end_of(rows[0][4].astimezone(tz).date(), tz)
        result[goal_id] = {q: _leads_at(rows, max(end, start)) for q, end in ends.items()}
    return result


def _leads_at(rows, moment: datetime.datetime) -> set[int]:
    """The lead departments after replaying the history ``rows`` up to ``moment``."""
    links = {}
    for link_id, department_id, role, kind, at in rows:
        if at >= moment:
            break
        if kind == "-":
            links.pop(link_id, None)
        else:
            links[link_id] = (department_id, role)
    return {department for department, role in links.values() if role == OwnerRole.LEAD}


def _sent_updates(plan: Plan) -> tuple[dict[int, list[tuple]], dict[tuple[int, int], object]]:
    """
    Each goal's sent updates of the plan's year, oldest first, as
    ``quarter_states`` takes them; and when each was submitted, by (goal, quarter).
    """
    updates, submitted = defaultdict(list), {}
    for goal_id, year, quarter, status, percent, review, at in (
        QuarterlyUpdate.objects.filter(goal__plan=plan, year=plan.year, review_state__in=SENT)
        .order_by("goal_id", "quarter")
        .values_list(
            "goal_id",
            "year",
            "quarter",
            "status",
            "percent_complete",
            "review_state",
            "submitted_at",
        )
    ):
        updates[goal_id].append((year, quarter, status, percent, review))
        submitted[(goal_id, quarter)] = at
    return updates, submitted


def _late(submitted, end: datetime.datetime, report: str) -> bool:
    """Whether the quarter's report, sent, was sent after ``end``, its due date's end (local)."""
    if report not in (ReportState.REPORTED, ReportState.PENDING) or submitted is None:
        return False
    return submitted >= end


def _returned(plan: Plan) -> dict[tuple[int, int], int]:
    """How many times the office returned each goal's update of each quarter."""
    return {
        (row["update__goal_id"], row["update__quarter"]): row["times"]
        for row in UpdateEvent.objects.filter(
            update__goal__plan=plan, update__year=plan.year, action=UpdateAction.RETURNED
        )
        .values("update__goal_id", "update__quarter")
        .annotate(times=Count("pk"))
        .order_by()
    }


def _indicators(plan: Plan, final: int | None) -> dict[int, list[IndicatorFacts]]:
    """Each goal's indicators with their last approved value up to the ``final`` quarter."""
    actual = {}
    if final is not None:
        for indicator_id, value in (
            IndicatorActual.objects.filter(
                update__goal__plan=plan,
                update__year=plan.year,
                update__quarter__lte=final,
                update__review_state=ReviewState.APPROVED,
            )
            .order_by("update__quarter")
            .values_list("indicator_id", "value")
        ):
            actual[indicator_id] = value  # the later quarter's wins
    indicators = defaultdict(list)
    for row in (
        Indicator.objects.filter(goal__plan=plan).order_by("goal_id", "order", "pk").values()
    ):
        indicators[row["goal_id"]].append(
            IndicatorFacts(
                name=row["name"],
                comparator=row["comparator"],
                target_value=row["target_value"],
                target_value_max=row["target_value_max"],
                actual=actual.get(row["id"]),
                unit=row["unit"],
            )
        )
    return indicators


# -- the scorecard --------------------------------------------------------------------------


def scorecard(plan: Plan, *, today: datetime.date | None = None) -> Scorecard:
    """
    The plan's results: as published, when they are; else computed now from
    the facts, the scheme in force and the adjustments not withdrawn.
    """
    assessment = assessment_of(plan)
    if assessment is not None and assessment.is_published:
        return Scorecard.from_json(assessment.published.results)
    return compute_scorecard(plan, assessment, today=today)


def compute_scorecard(
    plan: Plan, assessment: Assessment | None, *, today: datetime.date | None = None
) -> Scorecard:
    """The results computed now (what publishing keeps). A fixed number of queries."""
    scheme = scheme_in_force(assessment)
    weights = list(scheme.weights.all()) if scheme.pk else []
    adjustments = (
        list(
            AssessmentAdjustment.objects.filter(assessment=assessment, withdrawn=False).order_by(
                "created_at", "pk"
            )
        )
        if assessment is not None
        else []
    )
    facts = scoring_facts(plan, today=today)
    scores = score(
        facts.goals,
        scheme.as_scheme(weights),
        [Adjustment(a.department_id, a.points, a.pk) for a in adjustments],
        facts.order,
    )
    reasons = {a.pk: a.reason for a in adjustments}
    names = {
        pk: short or name
        for pk, short, name in Department.objects.filter(
            pk__in=[s.department_id for s in scores]
        ).values_list("pk", "short_name", "name")
    }
    goals = {
        row["pk"]: {"code": row["code"], "title": row["title"]}
        for row in Goal.objects.filter(plan=plan).values("pk", "code", "title")
    }
    rows = [
        ScoreRow(
            department_id=s.department_id,
            name=names.get(s.department_id, ""),
            rank=s.rank,
            total=s.total,
            lines=[_with_reason(line, reasons) for line in s.lines],
        )
        for s in scores
    ]
    return Scorecard(
        year=plan.year,
        quarters=facts.quarters,
        final_quarter=facts.final_quarter,
        scheme=_scheme_numbers(scheme, weights),
        rows=rows,
        goals=goals,
        computed_at=timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    )


def _with_reason(line: Line, reasons: dict[int, str]) -> Line:
    """An adjustment's line carries its reason, so the published results keep it."""
    if line.kind != ScoreLine.ADJUSTMENT:
        return line
    reason = reasons.get(line.basis.get("adjustment"), "")
    return Line(line.department_id, line.kind, line.points, basis={**line.basis, "reason": reason})


def _scheme_numbers(scheme: AssessmentScheme, weights) -> dict:
    numbers = {
        name: ("" if value is None else str(value)) for name, value in scheme.values().items()
    }
    numbers["number"] = scheme.number
    numbers["weights"] = len(weights)
    return numbers
