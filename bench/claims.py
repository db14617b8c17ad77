"""
How well the claims check reads real reviews: for each pair of consecutive
public reports in tests/io/documents/claims/ (pairs.json), the year's targets
are read from the year's text with the report reader, the review of that year
from the next year's report with ``read_claims``, and each claim matched with
``match_claims``. The claims a careful reader finds are annotated in
pairs.json, each with the target it answers for or none. Not a test: it
prints the figures (the tests pin them, tests/io/test_claims.py).

    .venv/bin/python bench/claims.py [--verbose]

- claims matched correctly: annotated claims that the reader found and
  matched to the annotated target (or, rightly, to none), out of all the
  annotated claims (a claim the reader misses counts as wrong);
- target matches: annotated claims that answer for a target and were matched
  to it, out of those; wrong matches: claims matched to a target they do not
  answer for.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import machine  # noqa: E402
from targets.io.claims import Target, match_claims, read_claims  # noqa: E402
from targets.io.report import read_report  # noqa: E402

CLAIMS = ROOT / "tests" / "io" / "documents" / "claims"


@dataclass
class Score:
    """The figures of one pair, or of all of them."""

    annotated: int = 0
    found: int = 0
    correct: int = 0
    target_claims: int = 0
    target_found: int = 0
    wrong_matches: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def plan_targets(text: str, year: int) -> list[Target]:
    """The plan's targets as the report reader reads them, keyed by their phrase."""
    draft = read_report(text, year=year)
    return [
        Target(key=i.phrase, name=i.name, unit=i.unit, value=i.value, comparator=i.comparator)
        for goal in draft.all_goals()
        for i in goal.indicators
    ]


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None  # 1/3, 2.04:1: numbers the reader does not read as quantities


def _key(phrase: str | None) -> str | None:
    """A target's phrase without spaces: pages space numbers as they like (增长 5% 以上)."""
    return None if phrase is None else "".join(phrase.split())


def score_pair(pair: dict, *, verbose: bool = False) -> Score:
    """Pair each annotated claim with the reader's first unused claim of its value and unit."""
    plan_text = (CLAIMS / pair["plan"]).read_text("utf-8")
    review_text = (CLAIMS / pair["review"]).read_text("utf-8")
    matched = match_claims(read_claims(review_text), plan_targets(plan_text, pair["plan_year"]))
    used: set[int] = set()
    score = Score(annotated=len(pair["claims"]))
    for note in pair["claims"]:
        value = _value(note["value"])
        index = next(
            (
                i
                for i, (claim, _target, _s) in enumerate(matched)
                if i not in used and claim.value == value and claim.unit == note["unit"]
            ),
            None,
        )
        expected = _key(note["target"])
        score.target_claims += expected is not None
        if index is None:
            if verbose:
                print(f"    missed  {note['text']}")
            continue
        used.add(index)
        score.found += 1
        target = matched[index][1]
        got = _key(target.key) if target else None
        if got == expected:
            score.correct += 1
            score.target_found += expected is not None
        elif got is not None:
            score.wrong_matches += 1
        if verbose:
            mark = "ok" if got == expected else "WRONG"
            print(f"    {mark:7} {note['text']} → {got}")
    for index, (claim, target, _s) in enumerate(matched):
        if index not in used and target is not None:
            score.wrong_matches += 1  # a claim nobody annotated, matched all the same
            if verbose:
                print(f"    extra   {claim.phrase} → {target.key}")
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--verbose", action="store_true", help="every claim and its match")
    args = parser.parse_args()
    pairs = json.loads((CLAIMS / "pairs.json").read_text("utf-8"))["pairs"]
    print(f"machine: {machine()}")
    total = Score()
    for pair in pairs:
        print(f"{pair['place']} {pair['plan_year']} targets ← review in {pair['review']}")
        score = score_pair(pair, verbose=args.verbose)
        total.add(score)
        print(
            f"  claims matched correctly {score.correct}/{score.annotated} "
            f"(found {score.found}); target matches {score.target_found}/{score.target_claims}; "
            f"wrong matches {score.wrong_matches}"
        )
    print(
        f"all pairs: claims matched correctly {total.correct}/{total.annotated} "
        f"(found {total.found}); target matches {total.target_found}/{total.target_claims}; "
        f"wrong matches {total.wrong_matches}"
    )


if __name__ == "__main__":
    main()
