"""
``extract_indicators``: the three passes over one goal's text put together,
each target found becoming an ``IndicatorDraft`` whose phrase is cut from the
text as given.
"""

from __future__ import annotations

from targets.io.draft import IndicatorDraft

from .baselines import baseline_pairs
from .matching import find_quantities, mask, normalise_with_origin
from .phrases import (
    ITEM_NUMBER_RE,
    describes_noun,
    fragments,
    is_qualifier,
    may_join,
    phrase_end,
    phrase_name,
    skip_spaces,
    split_at_conjunctions,
)

# The characters other than digits and spaces that ``ITEM_NUMBER_RE`` can match first.
_ITEM_STARTS = frozenset("(一二三四五六七八九十")


def extract_indicators(text: str) -> list[IndicatorDraft]:
    """
    Every quantitative target in one goal's text, in order of appearance.

    ``phrase`` is always a substring of ``text`` as given, even when ``text``
    is not NFKC-normalised; ``name`` is what is counted ("新增泊位"), never
    empty. Returns [] when nothing numeric is a target.
    """
    if not text:
        return []
    normal, origin = normalise_with_origin(text)
    masked = mask(normal)
    quantities = find_quantities(masked)
    # Starting points of a change (由68%提高到70%) map to None, their targets to them.
    starting = baseline_pairs(masked, quantities)
    pairs = {id(quantities[i]): start for i, start in starting.items()} if starting else {}
    drafts: list[IndicatorDraft] = []
    # A bare number after a named one shares its name: "分别增长6%和7%", "增长3%、6.4%".
    last_name = ""
    joins = may_join(masked)
    for start, end in fragments(masked, quantities):
        inside = [q for q in quantities if start <= q.start and q.end <= end]
        if not inside:
            continue  # a fragment without a quantity gives no target and names none
        if joins:
            pieces = [
                (s, e, [q for q in inside if s <= q.start and q.end <= e])
                for s, e in split_at_conjunctions(masked, start, end, inside)
            ]
        else:  # no conjunction in the text: the fragment is one piece
            pieces = [(start, end, inside)]
        for sub_start, sub_end, found in pieces:
            # An item number ("1.", "(2)", "三、") or a space can only start where one of
            # their characters is: elsewhere the pattern would match nothing.
            first = masked[sub_start : sub_start + 1]
            if first and (first in _ITEM_STARTS or first.isspace() or first.isdecimal()):
                cursor = ITEM_NUMBER_RE.match(masked, sub_start, sub_end).end()
            else:
                cursor = sub_start
            if found and found[0].start < cursor:  # quantities come in order of their start
                cursor = found[0].start
            for index, quantity in enumerate(found):
                baseline = None
                if pairs:  # most texts state no change from a starting point
                    baseline = pairs.get(id(quantity))
                    if id(quantity) in pairs and baseline is None:
                        continue  # where a change starts: no target of its own
                if describes_noun(masked, quantity, sub_end):
                    later = found[index + 1 :]
                    if is_qualifier(masked, quantity, later, sub_end):
                        continue
                    stop = phrase_end(masked, quantity, later, sub_end)
                else:  # nothing follows but a continuation: no qualifier, the phrase ends here
                    stop = quantity.end
                name = phrase_name(normal[cursor : quantity.start], normal[quantity.end : stop])
                name = name or last_name or normal[cursor:stop].strip()
                last_name = name
                # Positional, in the fields' order (name, phrase, value, unit, comparator,
                # value_max, baseline): a call by keyword costs twice as much.
                drafts.append(
                    IndicatorDraft(
                        name,
                        text[origin[cursor] : origin[stop - 1] + 1],
                        quantity.value,
                        quantity.unit,
                        quantity.comparator,
                        quantity.value_max,
                        baseline.value if baseline is not None else None,
                    )
                )
                cursor = skip_spaces(masked, stop, sub_end)
    return drafts
