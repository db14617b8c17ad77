"""
The label words of owner fields ("牵头单位:", "责任领导:", "完成时限:", a bare
"牵头:") and the role each gives what follows it, found in a text or read from
a table column's header. A label written in brackets ("【牵头单位】区发改局")
counts as one before a colon once the text is normalised.
"""

from __future__ import annotations

import re
import unicodedata

from .lexicon import FIRST_LISTED_NOTE, SHORT_LABELS, labels_by_role

# Each label word maps to the role of what follows it (the lexicon says where each
# was seen). "resp" (责任单位) is decided later: co when a lead is also given,
# otherwise the first unit leads; "roles" holds role phrases (省发展改革委牵头,…).
_LABELS: dict[str, str] = labels_by_role()

# Bare role words that count as labels only when a colon follows ("牵头:区发改局").
_SHORT_LABELS: dict[str, str] = dict(SHORT_LABELS)


def _trie(words) -> str:
    """
    A regex matching any of ``words``, longest first, as a trie of their
    characters: with a hundred labels a plain alternation is tried label by
    label at every position, a trie one character at a time.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(tree)


_LABEL_RE = re.compile(
    "(?P<label>"
    + _trie(_LABELS)
    + r")(?P<sep>\s*:\s*|\s*为|\s+)?"
    + "|(?P<short>"
    + "|".join(map(re.escape, _SHORT_LABELS))
    + r")(?P<short_sep>\s*:\s*)"
)

# What may stand before a label that starts a new field.
_FIELD_BREAK = set(";,;。 \t\n、")


def owner_column(header: str) -> str | None:
    """
    The role of a 分解方案 table column from its header: "lead" (牵头单位),
    "resp" (责任单位), "co" (配合单位), "leaders" (责任领导), "deadline"
    (完成时限), "roles" (部门分工), or None for any other column. Headers wrapped inside their
    cell (牵头 and 单位 on two lines) or explained in brackets ("牵头单位(部门)") count.
    """
    key = re.sub(r"\s+", "", normalise_owner_text(header)).strip(":")
    for candidate in (key, re.sub(r"\([^()]*\)$", "", key)):
        if candidate in _LABELS:
            return _LABELS[candidate]
        if candidate in _SHORT_LABELS:
            return _SHORT_LABELS[candidate]
    return None


def field_labels(content: str) -> list[tuple[int, int, str, bool]]:
    """
    The labels that start a field: (label start, value start, role, whether a
    separator ":" or "为" follows). A label word inside a value does not count
    unless it stands after a field break or before a colon.
    """
    found = []
    for match in _LABEL_RE.finditer(content):
        start = match.start()
        if match.group("short"):
            role, sep = _SHORT_LABELS[match.group("short")], match.group("short_sep")
        else:
            role, sep = _LABELS[match.group("label")], match.group("sep") or ""
        colon = ":" in sep
        explicit = colon or sep.strip() == "为"
        at_break = start == 0 or content[start - 1] in _FIELD_BREAK
        if colon or (at_break and (sep or start == 0)):
            # Without a separator a label only starts the content ("牵头单位区发改局").
            found.append((start, match.end(), role, explicit))
    return found


# "【牵头单位】区发改局【责任单位】各街道": a label in brackets instead of before a colon.
_BRACKETED_LABEL = re.compile(
    r"[【\[〔]\s*("
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")\s*[】\]〕]"
)


# "(首位单位为牵头单位,下同)": a note that the first unit listed leads, not a unit.
_FIRST_LISTED_NOTE = re.compile(rf"\((?:{FIRST_LISTED_NOTE})\)")


def normalise_owner_text(text: str) -> str:
    """
    NFKC, each label written in brackets ("【牵头单位】") as one before a colon,
    and without the notes that say the first unit listed leads.
    """
    text = unicodedata.normalize("NFKC", text or "")
    if "第一位" in text or "首位" in text:
        text = _FIRST_LISTED_NOTE.sub("", text)
    return _BRACKETED_LABEL.sub(lambda m: m.group(1) + ":", text)
