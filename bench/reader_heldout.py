"""
How well the report reader reads documents it was not built from: the held-out
real documents of tests/io/documents/heldout/, each annotated by hand (its
goals, their lead and supporting units and leaders, every target with value,
unit and comparator) before the reader was changed for them. Not a test: it
prints figures, so a change to the reader can be judged on them.

    .venv/bin/python bench/reader_heldout.py [--verbose] [--only NAME]

- goals: an annotated goal is found when a goal of the draft holds its key
  (NFKC, spaces dropped), each draft goal answering for one annotated goal;
  precision is the share of the draft's goals that are annotated goals (the
  rest are notices, salutations, headings or progress taken for tasks);
- targets: per document, the draft's targets and the annotation's as
  multisets of (value, unit, comparator, upper value) — a target read twice,
  or with the wrong unit or comparator, is wrong; an annotated baseline
  counts as right when the matching target carries it;
- owners: of all annotated goals (a goal not found counts as wrong), the
  share whose lead units, supporting units and leaders are the annotated
  ones (as sets), each on its own and all three together. A goal's leaders
  are its own, else those of the nearest section above that names any, as
  Luoshi shows them (``selectors.goals.leader_goals``).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from targets.io.report import read_report  # noqa: E402

HELDOUT = ROOT / "tests" / "io" / "documents" / "heldout"


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _names(names) -> frozenset[str]:
    return frozenset(_norm(n) for n in names if _norm(n))


def _target_key(value, unit, comparator, value_max=None) -> tuple:
    def number(v):
        return None if v is None else Decimal(str(v)).normalize()

    return (number(value), _norm(unit), comparator or "eq", number(value_max))


@dataclass
class Score:
    """What one document (or all of them) scored."""

    goals: int = 0  # annotated
    drafted: int = 0  # goals the reader made
    found: int = 0
    targets: int = 0  # annotated
    read: int = 0  # targets the reader found
    right: int = 0
    baselines: int = 0
    baselines_right: int = 0
    lead: int = 0
    co: int = 0
    leaders: int = 0
    owners: int = 0
    named: int = 0  # annotated goals that name any owner
    named_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            if name != "misses":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def _goals_with_leaders(draft) -> list[tuple]:
    """Each goal of the draft in document order, with the leaders it answers to."""
    found = [(goal, goal.leaders) for goal in draft.goals]

    def walk(sections, inherited):
        for section in sections:
            leaders = section.leaders or inherited
            found.extend((goal, goal.leaders or leaders) for goal in section.goals)
            walk(section.sections, leaders)

    walk(draft.sections, [])
    return found


def score(text_path: Path, annotation: dict) -> Score:
    text = text_path.read_text(encoding="utf-8")
    draft = read_report(text, source_name=text_path.name)
    with_leaders = _goals_with_leaders(draft)
    drafted = [goal for goal, _ in with_leaders]
    result = Score(goals=len(annotation["goals"]), drafted=len(drafted))
    taken: set[int] = set()
    result.named = sum(bool(g["lead"] or g["co"] or g["leaders"]) for g in annotation["goals"])
    for goal in annotation["goals"]:
        key = _norm(goal["key"])
        match = next(
            (i for i, g in enumerate(drafted) if i not in taken and key in _norm(g.text)), None
        )
        if match is None:
            result.misses.append(f"goal not found: {goal['key']}")
            continue
        taken.add(match)
        result.found += 1
        found, leaders = with_leaders[match]
        checks = {
            "lead": _names(found.lead_departments) == _names(goal["lead"]),
            "co": _names(found.co_departments) == _names(goal["co"]),
            "leaders": _names(leaders) == _names(goal["leaders"]),
        }
        for name, ok in checks.items():
            setattr(result, name, getattr(result, name) + ok)
        result.owners += all(checks.values())
        if goal["lead"] or goal["co"] or goal["leaders"]:
            result.named_right += all(checks.values())
        if not all(checks.values()):
            result.misses.append(
                f"owners of {goal['key']}: read {found.lead_departments} / "
                f"{found.co_departments} / {leaders}, "
                f"expected {goal['lead']} / {goal['co']} / {goal['leaders']}"
            )
    for index, goal in enumerate(drafted):
        if index not in taken:
            result.misses.append(f"not a goal: {goal.text[:60]}")

    expected = Counter()
    baselines = {}
    for goal in annotation["goals"]:
        for target in goal["targets"]:
            key = _target_key(
                target["value"], target["unit"], target["comparator"], target.get("value_max")
            )
            expected[key] += 1
            if target.get("baseline") is not None:
                baselines[key] = Decimal(str(target["baseline"])).normalize()
    read = Counter()
    read_baselines = {}
    for goal in drafted:
        for indicator in goal.indicators:
            key = _target_key(
                indicator.value, indicator.unit, indicator.comparator, indicator.value_max
            )
            read[key] += 1
            baseline = getattr(indicator, "baseline", None)
            if baseline is not None:
                read_baselines[key] = Decimal(str(baseline)).normalize()
    result.targets = sum(expected.values())
    result.read = sum(read.values())
    result.right = sum((expected & read).values())
    result.baselines = len(baselines)
    result.baselines_right = sum(read_baselines.get(k) == v for k, v in baselines.items())
    for key, count in (expected - read).items():
        result.misses.append(f"target missed: {_show(key)}" + (f" ×{count}" if count > 1 else ""))
    for key, count in (read - expected).items():
        result.misses.append(f"target wrong: {_show(key)}" + (f" ×{count}" if count > 1 else ""))
    return result


def _show(key: tuple) -> str:
    value, unit, comparator, value_max = key
    upper = f"-{value_max:f}" if value_max is not None else ""
    return f"{value:f}{upper} {unit} ({comparator})"


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--only", help="score only the documents whose name holds this")
    args = parser.parse_args()

    total = Score()
    rows = []
    for annotation_path in sorted(HELDOUT.glob("*.json")):
        if args.only and args.only not in annotation_path.stem:
            continue
        annotation = json.loads(annotation_path.read_text(encoding="utf-8"))
        result = score(HELDOUT / annotation["source"], annotation)
        total.add(result)
        rows.append((annotation_path.stem, result))

    print(f"held-out documents: {len(rows)}, {total.goals} goals, {total.targets} targets")
    header = f"{'document':<44} {'goals':>5} {'read':>4} {'found':>5} "
    header += f"{'targets':>7} {'read':>4} {'right':>5} {'owners':>6}"
    print(header)
    for name, result in rows:
        print(
            f"{name:<44} {result.goals:>5} {result.drafted:>4} {result.found:>5} "
            f"{result.targets:>7} {result.read:>4} {result.right:>5} {result.owners:>6}"
        )
        if args.verbose:
            for miss in result.misses:
                print(f"    {miss}")
    print()
    print(
        f"targets: precision {_ratio(total.right, total.read)} ({total.right}/{total.read}), "
        f"recall {_ratio(total.right, total.targets)} ({total.right}/{total.targets})"
    )
    if total.baselines:
        print(f"baselines: {total.baselines_right}/{total.baselines}")
    print(
        f"goals: precision {_ratio(total.found, total.drafted)} ({total.found}/{total.drafted}), "
        f"recall {_ratio(total.found, total.goals)} ({total.found}/{total.goals})"
    )
    print(
        f"owners (of {total.goals} annotated goals): lead {_ratio(total.lead, total.goals)}, "
        f"supporting {_ratio(total.co, total.goals)}, "
        f"leaders {_ratio(total.leaders, total.goals)}, "
        f"all three {_ratio(total.owners, total.goals)} ({total.owners}/{total.goals}); "
        f"of the {total.named} that name owners, all three right "
        f"{_ratio(total.named_right, total.named)} ({total.named_right}/{total.named})"
    )


if __name__ == "__main__":
    main()
