"""
A filled workbook as read back: its goal and indicator rows as typed
(``UpdateSheet``, ``GoalEntry``, ``IndicatorEntry``) and every mistake seen in
it (``CellError``), JSON-safe so a preview can wait in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CellError:
    """A mistake in one cell (or row, or the sheet): an English template and its values."""

    sheet: str
    row: int | None
    column: str | None
    template: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "template": self.template,
            "params": dict(self.params),
        }


@dataclass
class IndicatorEntry:
    """An indicator row as filled: ``value`` is the text typed (numbers as text), or ""."""

    row: int
    indicator_id: int
    name: str = ""
    value: str = ""


@dataclass
class GoalEntry:
    """
    A goal's rows as filled. ``status`` is a status value, "" when the cell is
    empty or holds something not in the list (``status_text`` keeps what was
    typed). ``row`` is None when the goal's own row was not found.
    """

    code: str
    row: int | None
    status: str = ""
    status_text: str = ""
    percent: str = ""
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    indicators: list[IndicatorEntry] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        """Nothing typed at all: the goal is not reported, which is no mistake."""
        filled = (self.status_text, self.percent, self.progress, self.problems, self.next_steps)
        return not any(filled) and not any(i.value for i in self.indicators)


@dataclass
class UpdateSheet:
    """
    A filled workbook read back: what it is for, its goal rows and the mistakes
    seen. ``workbook`` is the download's token, ``generated`` when it was made
    (ISO text, "" unknown) and ``bases`` the digest of what each goal's row
    showed when it was made, by goal code: empty in workbooks made before
    Luoshi recorded them.
    """

    plan_id: int
    year: int
    quarter: int
    department: str
    sheet: str
    goals: list[GoalEntry] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    workbook: str = ""
    generated: str = ""
    bases: dict[str, str] = field(default_factory=dict)

    def error(self, row, column: str | None, template: str, /, **params) -> None:
        self.errors.append(CellError(self.sheet, row, column, template, params))

    def to_dict(self) -> dict:
        """JSON-safe, so a preview can be kept in the database until it is confirmed."""
        return {
            "plan_id": self.plan_id,
            "year": self.year,
            "quarter": self.quarter,
            "department": self.department,
            "sheet": self.sheet,
            "goals": [
                {
                    "code": g.code,
                    "row": g.row,
                    "status": g.status,
                    "status_text": g.status_text,
                    "percent": g.percent,
                    "progress": g.progress,
                    "problems": g.problems,
                    "next_steps": g.next_steps,
                    "indicators": [
                        {
                            "row": i.row,
                            "indicator_id": i.indicator_id,
                            "name": i.name,
                            "value": i.value,
                        }
                        for i in g.indicators
                    ],
                }
                for g in self.goals
            ],
            "errors": [e.to_dict() for e in self.errors],
            "workbook": self.workbook,
            "generated": self.generated,
            "bases": dict(self.bases),
        }

    @classmethod
    def from_dict(cls, data: dict) -> UpdateSheet:
        goals = []
        for g in data.get("goals", []):
            indicators = [IndicatorEntry(**i) for i in g.get("indicators", [])]
            goals.append(GoalEntry(**{**g, "indicators": indicators}))
        return cls(
            plan_id=data["plan_id"],
            year=data["year"],
            quarter=data["quarter"],
            department=data["department"],
            sheet=data["sheet"],
            goals=goals,
            errors=[CellError(**e) for e in data.get("errors", [])],
            workbook=data.get("workbook", ""),
            generated=data.get("generated", ""),
            bases=dict(data.get("bases", {})),
        )
