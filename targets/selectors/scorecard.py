"""
The assessment's results as pages and exports show them (``Scorecard``): the
ranking, every department's lines, the goals they name, the scheme's numbers;
kept as JSON when published (``to_json`` / ``from_json``), and each line said
in words (``explain``). Computing them is ``targets.selectors.assessment``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import Comparator, GoalState, ScoreLine
from ..formatting import format_number
from ..periods import Quarter
from ..scoring import ADJUSTMENT_KINDS, BONUS_KINDS, DEDUCTION_KINDS, GOAL_KINDS, Line


@dataclass
class ScoreRow:
    """A department in the ranking: its rank, total, the columns that add up to it, its lines."""

    department_id: int
    name: str
    rank: int
    total: Decimal
    lines: list[Line]

    def subtotal(self, kinds) -> Decimal:
        return sum((line.points for line in self.lines if line.kind in kinds), Decimal(0))

    @property
    def goals(self) -> Decimal:
        return self.subtotal(GOAL_KINDS)

    @property
    def deductions(self) -> Decimal:
        return self.subtotal(DEDUCTION_KINDS)

    @property
    def bonuses(self) -> Decimal:
        return self.subtotal(BONUS_KINDS)

    @property
    def adjustments(self) -> Decimal:
        return self.subtotal(ADJUSTMENT_KINDS)


@dataclass
class Scorecard:
    """
    An assessment's results as pages and exports show them: the ranking, every
    line, the goals' codes and titles, the scheme's numbers and version, the
    quarters assessed. ``published``: these are the results as published.
    """

    year: int
    quarters: list[int]
    final_quarter: int | None
    scheme: dict  # the numbers, as strings; "number": its version (0: the default)
    rows: list[ScoreRow]
    goals: dict[int, dict]  # id → {"code", "title"}
    published: bool = False
    computed_at: str = ""
    by_department: dict = field(init=False, repr=False)

    def __post_init__(self):
        self.by_department = {row.department_id: row for row in self.rows}

    def row(self, department_id: int) -> ScoreRow | None:
        return self.by_department.get(department_id)

    @property
    def quarters_label(self) -> str:
        """The quarters assessed as people list them: 第1季度、第2季度."""
        return "、".join(Quarter(self.year, q).short_label for q in self.quarters)

    def to_json(self) -> dict:
        """The results as they are kept when published (plain JSON)."""
        return {
            "year": self.year,
            "quarters": self.quarters,
            "final_quarter": self.final_quarter,
            "scheme": self.scheme,
            "computed_at": self.computed_at,
            "goals": {str(pk): goal for pk, goal in self.goals.items()},
            "rows": [
                {
                    "department_id": row.department_id,
                    "name": row.name,
                    "rank": row.rank,
                    "total": str(row.total),
                    "lines": [_line_json(line) for line in row.lines],
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: dict, *, published: bool = True) -> Scorecard:
        rows = [
            ScoreRow(
                department_id=row["department_id"],
                name=row["name"],
                rank=row["rank"],
                total=Decimal(row["total"]),
                lines=[_line_of(row["department_id"], line) for line in row["lines"]],
            )
            for row in data["rows"]
        ]
        return cls(
            year=data["year"],
            quarters=data["quarters"],
            final_quarter=data["final_quarter"],
            scheme=data["scheme"],
            rows=rows,
            goals={int(pk): goal for pk, goal in data["goals"].items()},
            published=published,
            computed_at=data.get("computed_at", ""),
        )


def _line_json(line: Line) -> dict:
    return {
        "kind": line.kind,
        "points": str(line.points),
        "goal": line.goal_id,
        "quarter": line.quarter,
        "basis": dict(line.basis),
    }


def _line_of(department_id: int, data: dict) -> Line:
    return Line(
        department_id=department_id,
        kind=data["kind"],
        points=Decimal(data["points"]),
        goal_id=data["goal"],
        quarter=data["quarter"],
        basis=data["basis"],
    )


# -- in words -------------------------------------------------------------------------------


def explain(line: Line, year: int) -> str:
    """How a line was worked out, as the breakdown and the Excel export say it."""
    basis = line.basis
    quarter = Quarter(year, line.quarter).short_label if line.quarter else ""
    kind = line.kind
    if kind == ScoreLine.GOAL:
        return _goal_basis(basis)
    if kind == ScoreLine.SUPPORT:
        return _("%(percent)s %% of the %(earned)s points the goal earned its lead") % {
            "percent": format_number(basis.get("support_percent")),
            "earned": format_number(basis.get("earned")),
        }
    if kind == ScoreLine.MISSING:
        return _("%(quarter)s: not reported") % {"quarter": quarter}
    if kind == ScoreLine.LATE:
        return _("%(quarter)s: reported after the due date") % {"quarter": quarter}
    if kind == ScoreLine.RETURNED:
        times = basis.get("times", 1)
        return ngettext(
            "%(quarter)s: returned once by the office",
            "%(quarter)s: returned %(times)s times by the office",
            times,
        ) % {"quarter": quarter, "times": times}
    if kind == ScoreLine.YELLOW:
        return _("%(quarter)s: at risk") % {"quarter": quarter}
    if kind == ScoreLine.RED:
        return _("%(quarter)s: behind schedule") % {"quarter": quarter}
    if kind == ScoreLine.BONUS:
        return _bonus_basis(basis)
    if kind == ScoreLine.BONUS_CAP:
        return _("Bonuses are capped at %(cap)s points") % {"cap": format_number(basis.get("cap"))}
    return basis.get("reason", "")


def _goal_basis(basis) -> str:
    points = format_number(basis.get("goal_points"))
    if basis.get("weight") not in (None, "1"):
        points = f"{points} × {format_number(basis['weight'])}"
    names = {"points": points, "share": format_number(basis.get("share"))}
    rule = basis.get("rule")
    if rule == "completed":
        return _("%(points)s points × %(share)s %%: completed") % names
    if rule == "indicators":
        return _("%(points)s points × %(share)s %%: %(met)s of %(count)s targets met") % {
            **names,
            "met": basis.get("met"),
            "count": basis.get("indicators"),
        }
    if rule == "progress":
        return _("%(points)s points × %(share)s %%: %(percent)s %% done") % {
            **names,
            "percent": basis.get("percent"),
        }
    state = GoalState(basis.get("state", GoalState.UNASSESSED)).label
    return _("%(points)s points × %(share)s %%: %(state)s") % {**names, "state": state}


def _bonus_basis(basis) -> str:
    comparator = basis.get("comparator")
    names = {
        "indicator": basis.get("indicator", ""),
        "actual": format_number(basis.get("actual")) + basis.get("unit", ""),
        "target": format_number(basis.get("target")) + basis.get("unit", ""),
    }
    if comparator == Comparator.LTE:
        return _("%(indicator)s: %(actual)s, under the limit of %(target)s") % names
    return _("%(indicator)s: %(actual)s, above the target of %(target)s") % names
