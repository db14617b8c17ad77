"""
Where a change starts and where it is to end: "由68%提高到70%" is a target of
70% whose baseline is 68%; "分别从每月631元、286元提高到653元、300元" two
targets, 653 from 631 and 300 from 286; "从5天压缩至3天" a target of 3 from 5.
The starting points are not targets; each is kept with the target it pairs
with, in order, when both are written in the same unit.
"""

from __future__ import annotations

import re

from .matching import Quantity

# 由/从, then a few words (每人每月, 2022年的) before the first starting point.
_FROM = re.compile(r"(?:由|从)[^,;。:!?()]{0,12}$")
# Between two starting points or two targets: 、 和 及 与 (and spaces).
_AND = re.compile(r"\s*(?:、|和|及|与|以及)\s*")
# Between the last starting point and the first target: a verb of change, then 到/至.
_TO = re.compile(r"\s*(?:分别)?[\u4e00-\u9fff]{0,4}?(?:到|至)\s*")


def baseline_pairs(masked: str, quantities: list[Quantity]) -> dict[int, Quantity | None]:
    """
    The quantities that are starting points, by their index in ``quantities``
    (each mapped to None), and the targets they start, by index, mapped to
    their starting point when both are in the same unit.
    """
    pairs: dict[int, Quantity | None] = {}
    if len(quantities) < 2 or ("由" not in masked and "从" not in masked):
        return pairs
    index = 0
    while index < len(quantities):
        run = _starting_points(masked, quantities, index)
        if not run:
            index += 1
            continue
        last = run[-1]
        ends = _targets(masked, quantities, last + 1) if _joins(masked, quantities, last) else []
        if not ends:
            index = last + 1
            continue
        for position, start in enumerate(run):
            pairs[start] = None
            if position < len(ends):
                target, baseline = quantities[ends[position]], quantities[start]
                if target.unit == baseline.unit:
                    pairs[ends[position]] = baseline
        index = ends[-1] + 1
    return pairs


def _starting_points(masked: str, quantities: list[Quantity], index: int) -> list[int]:
    """The run of starting points that begins at ``index`` after 由/从, or []."""
    first = quantities[index]
    before_start = quantities[index - 1].end if index else 0
    if not _FROM.search(masked, before_start, first.start):
        return []
    run = [index]
    while run[-1] + 1 < len(quantities) and _AND.fullmatch(
        masked, quantities[run[-1]].end, quantities[run[-1] + 1].start
    ):
        run.append(run[-1] + 1)
    return run


def _joins(masked: str, quantities: list[Quantity], last: int) -> bool:
    """Whether the words after the last starting point lead on to a target ("提高到")."""
    return last + 1 < len(quantities) and bool(
        _TO.fullmatch(masked, quantities[last].end, quantities[last + 1].start)
    )


def _targets(masked: str, quantities: list[Quantity], index: int) -> list[int]:
    """The run of targets from ``index``: quantities joined by 、 和 及 与."""
    run = [index]
    while run[-1] + 1 < len(quantities) and _AND.fullmatch(
        masked, quantities[run[-1]].end, quantities[run[-1] + 1].start
    ):
        run.append(run[-1] + 1)
    return run
