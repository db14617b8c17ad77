"""
Owners and deadlines as published 分解方案 (decomposition plans) write them.

A task in a 分解方案 carries its owners in one of a few shapes: an annotation
at the end of the sentence, "(责任领导:杜新国;牵头单位:区发改局)"; a verb
phrase in brackets, "(区发改局牵头,区财政局配合)"; or a line of its own under
the task, "牵头单位:区发改局  责任单位:各街道". This package finds those, splits
the lists of units and leaders they name, and turns a deadline written in
words ("6月底前", "三季度", "明年7月份") into a date.

Everything here is plain text in, plain values out: no Django, no I/O. Input
is normalised with NFKC first, so full-width punctuation is ASCII by the time
a pattern sees it (、 and 【】 survive NFKC and are handled as they are).

- ``record``: ``Owners``, who answers for a task, and how two records of it combine;
- ``labels``: the label words of owner fields (牵头单位, 责任领导, 完成时限 …) and
  the role each gives, in text and as a table column's header;
- ``units``: lists of units and of leaders split into names, and whether a
  phrase reads as a government body;
- ``brackets``: text split outside brackets, and its outermost bracketed groups;
- ``annotations``: owner annotations and owner lines found in a task's text,
  and a table row's owner cells read as fields;
- ``headings``: headings that name the leader of the tasks below them
  ("一、王某县长牵头重点工作");
- ``lexicon``: every label, role word and convention the collected documents
  use, with the documents each was seen in.
"""

from .annotations import (
    find_inline_owners,
    owners_from_columns,
    parse_closing_line,
    parse_owner_line,
)
from .headings import heading_leaders
from .labels import owner_column
from .record import Owners, unique_names
from .units import looks_like_unit, split_leaders, split_units

__all__ = [
    "Owners",
    "find_inline_owners",
    "heading_leaders",
    "looks_like_unit",
    "owner_column",
    "owners_from_columns",
    "parse_closing_line",
    "parse_owner_line",
    "split_leaders",
    "split_units",
    "unique_names",
]
