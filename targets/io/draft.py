"""
The plan draft: what a reader makes of a document before anyone confirms it.

A tree of sections with goals, owners and numeric indicators, plus warnings
with the line they refer to. Every reader (report text, Word, Excel) produces
one, the preview shows and edits one, and ``targets.imports.plan_import``
applies one. It serialises to plain JSON (``to_dict`` / ``from_dict``), the
shape documented in docs/plan-draft.md; unknown keys are ignored on input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

COMPARATORS = ("eq", "gte", "lte", "approx", "range")


class DraftError(ValueError):
    """A draft (usually JSON edited by hand or by the preview) that does not hold together."""


@dataclass(slots=True)
class IndicatorDraft:
    """
    A numeric target found in a goal's text: ``phrase`` is the words it was
    read from (a substring of the goal text, used to highlight it), ``name``
    what is counted, ``value``/``value_max`` as written (1.1 with unit 万个),
    ``baseline`` where the change starts when the text says so (the 68 of
    "由68%提高到70%"), in the target's unit.
    """

    name: str
    phrase: str
    value: Decimal
    unit: str
    comparator: str = "eq"
    value_max: Decimal | None = None
    baseline: Decimal | None = None

    def to_dict(self) -> dict:
        data = {
            "name": self.name,
            "phrase": self.phrase,
            "value": plain_number(self.value),
            "value_max": plain_number(self.value_max),
            "unit": self.unit,
            "comparator": self.comparator,
        }
        if self.baseline is not None:
            data["baseline"] = plain_number(self.baseline)  # absent when the text gives none
        return data

    @classmethod
    def from_dict(cls, data: dict) -> IndicatorDraft:
        comparator = str(data.get("comparator") or "eq")
        if comparator not in COMPARATORS:
            raise DraftError(f"unknown comparator {comparator!r}")
        value = _number_in(data.get("value"), "value")
        if value is None:
            raise DraftError("an indicator needs a value")
        value_max = _number_in(data.get("value_max"), "value_max")
        if comparator == "range" and (value_max is None or value_max <= value):
            raise DraftError("a range needs value_max above value")
        if comparator != "range":
            value_max = None
        return cls(
            name=_text(data.get("name")),
            phrase=_text(data.get("phrase")),
            value=value,
            value_max=value_max,
            unit=_text(data.get("unit")),
            comparator=comparator,
            baseline=_number_in(data.get("baseline"), "baseline"),
        )


@dataclass(slots=True)
class GoalDraft:
    """
    One task: the text as written (after normalisation), its owners and
    deadline as written, and its indicators. ``number`` is the item number
    ("1" for 1. / (1) / ①) or "" for a plain sentence; ``flags`` holds marks
    such as "key" (★); ``category`` the goal type as written (A类, 民生实事);
    ``line`` is where it starts in the source, for warnings and the preview;
    ``origin``, for a goal read from a table, is where the table and row are
    ("sheet 1 (分解表), row 7", "table 2, row 5", "page 3, table 1, row 4",
    as a warning's ``where``), whatever the container.
    """

    text: str
    number: str = ""
    title: str = ""
    lead_departments: list[str] = field(default_factory=list)
    co_departments: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    indicators: list[IndicatorDraft] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    category: str = ""
    line: int | None = None
    origin: str = ""

    def to_dict(self) -> dict:
        data = {
            "number": self.number,
            "text": self.text,
            "title": self.title,
            "lead_departments": list(self.lead_departments),
            "co_departments": list(self.co_departments),
            "leaders": list(self.leaders),
            "deadline": self.deadline,
            "indicators": [i.to_dict() for i in self.indicators],
            "flags": list(self.flags),
            "category": self.category,
            "line": self.line,
        }
        if self.origin:
            data["origin"] = self.origin  # absent for goals read from text
        return data

    @classmethod
    def from_dict(cls, data: dict) -> GoalDraft:
        text = _text(data.get("text"))
        if not text:
            raise DraftError("a goal needs its text")
        return cls(
            text=text,
            number=_text(data.get("number")),
            title=_text(data.get("title")),
            lead_departments=_names(data.get("lead_departments")),
            co_departments=_names(data.get("co_departments")),
            leaders=_names(data.get("leaders")),
            deadline=_text(data.get("deadline")) or None,
            indicators=[IndicatorDraft.from_dict(i) for i in _list(data.get("indicators"))],
            flags=_names(data.get("flags")),
            category=_text(data.get("category")),
            line=_line(data.get("line")),
            origin=_text(data.get("origin")),
        )


@dataclass
class SectionDraft:
    """A chapter, sub-section or theme: ``number`` as written (二是, 一、, (一)) or ""."""

    title: str
    number: str = ""
    leaders: list[str] = field(default_factory=list)
    intro: str = ""
    sections: list[SectionDraft] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    line: int | None = None

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "leaders": list(self.leaders),
            "intro": self.intro,
            "sections": [s.to_dict() for s in self.sections],
            "goals": [g.to_dict() for g in self.goals],
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, data: dict, depth: int = 0) -> SectionDraft:
        if depth > 10:
            raise DraftError("sections nest too deeply")
        title = _text(data.get("title"))
        if not title and not _text(data.get("number")):
            raise DraftError("a section needs a number or a title")
        return cls(
            title=title,
            number=_text(data.get("number")),
            leaders=_names(data.get("leaders")),
            intro=_text(data.get("intro")),
            sections=[cls.from_dict(s, depth + 1) for s in _list(data.get("sections"))],
            goals=[GoalDraft.from_dict(g) for g in _list(data.get("goals"))],
            line=_line(data.get("line")),
        )

    def walk(self):
        """Yield this section and every section below it, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()


def gettext_noop(message: str) -> str:
    """Marks a warning template for translation (makemessages finds it) without Django."""
    return message


@dataclass(slots=True)
class DraftWarning:
    """
    Something a person should look at: ``where`` is e.g. "line 12" or "sheet
    1, row 7"; ``message`` is in English, and ``template`` with ``params``
    lets the web show it in the user's language.
    """

    where: str
    message: str
    template: str = ""
    params: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = {"where": self.where, "message": self.message}
        if self.template:
            data["template"] = self.template
            data["params"] = dict(self.params)
        return data


@dataclass
class PlanDraft:
    """
    A whole document read: title, year, the section tree, loose goals and
    warnings. ``opening_chapter``: the number of the chapter an excerpt
    opens in, when whoever cut it knows it (its first sections come before
    any chapter line, so no line says it); goal codes then number those
    sections under it rather than under chapter 0.
    """

    title: str = ""
    year: int | None = None
    sections: list[SectionDraft] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    warnings: list[DraftWarning] = field(default_factory=list)
    source_text: str = ""
    opening_chapter: int | None = None

    def warn(self, where: str | int | None, template: str, **params) -> None:
        """Add a warning; ``template`` is a gettext_noop-marked message with %(name)s params."""
        if isinstance(where, int):
            where = f"line {where}"
        # Positional, in the fields' order (where, message, template, params): a table with
        # many repeated tasks has a warning for each, and a call by keyword costs twice as much.
        self.warnings.append(DraftWarning(where or "", template % params, template, params))

    def walk_sections(self):
        for section in self.sections:
            yield from section.walk()

    def all_goals(self) -> list[GoalDraft]:
        """Every goal in document order: loose goals first, then section by section."""
        goals = list(self.goals)
        for section in self.walk_sections():
            goals.extend(section.goals)
        return goals

    def to_dict(self, *, with_source: bool = False) -> dict:
        data = {
            "title": self.title,
            "year": self.year,
            "sections": [s.to_dict() for s in self.sections],
            "goals": [g.to_dict() for g in self.goals],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.opening_chapter is not None:
            data["opening_chapter"] = self.opening_chapter
        if with_source:
            data["source_text"] = self.source_text
        return data

    @classmethod
    def from_dict(cls, data: dict) -> PlanDraft:
        if not isinstance(data, dict):
            raise DraftError("a plan draft is a JSON object")
        year = data.get("year")
        if year is not None:
            try:
                year = int(year)
            except (TypeError, ValueError) as exc:
                raise DraftError("year must be a whole number") from exc
        opening = data.get("opening_chapter")
        if opening is not None and (type(opening) is not int or opening < 1):
            raise DraftError("opening_chapter must be a whole number from 1")
        return cls(
            title=_text(data.get("title")),
            year=year,
            sections=[SectionDraft.from_dict(s) for s in _list(data.get("sections"))],
            goals=[GoalDraft.from_dict(g) for g in _list(data.get("goals"))],
            warnings=[_warning(w) for w in _list(data.get("warnings")) if isinstance(w, dict)],
            source_text=_text(data.get("source_text"), strip=False),
            opening_chapter=opening,
        )


def _warning(data: dict) -> DraftWarning:
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    params = {str(k): v for k, v in params.items() if isinstance(v, str | int | float)}
    return DraftWarning(
        where=_text(data.get("where")),
        message=_text(data.get("message")),
        template=_text(data.get("template")),
        params=params,
    )


def plain_number(value: Decimal | None):
    """
    Whole numbers as int, others as float, so the JSON reads 96 and 1.1, not
    "96.0000" (and a spreadsheet cell holds the number as Excel stores it).
    """
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _number_in(value, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DraftError(f"{name} must be a number")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DraftError(f"{name} must be a number, not {value!r}") from exc
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        raise DraftError(f"{name} is out of range")
    return number


def _text(value, *, strip: bool = True) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise DraftError(f"expected text, got {type(value).__name__}")
    return str(value).strip() if strip else str(value)


def _names(value) -> list[str]:
    return [name for name in (_text(v) for v in _list(value)) if name]


def _list(value) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DraftError(f"expected a list, got {type(value).__name__}")
    return value


def _line(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
