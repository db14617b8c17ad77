"""
The brackets owner annotations are written in — ( ) [ ] 【】 〔〕 { } — as the
owner readers meet them: a list split outside them ("各街办(新区),区发改局"),
and the outermost bracketed groups of a text ("…(牵头单位:区发改局)").
"""

from __future__ import annotations

_OPENERS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside brackets ("各街办(新区),区发改局")."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def bracket_groups(text: str) -> list[tuple[int, int, str]]:
    """
    The outermost bracketed groups: (start, end after the closer, inner text).
    A bracket left open at the end of the text runs to the end, as a careless
    "(牵头单位:区发改局" does.
    """
    groups, stack = [], []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, index))
        elif char in _CLOSERS and stack:
            if stack[-1][0] != _CLOSERS[char]:
                continue  # a stray closer of another kind
            _, start = stack.pop()
            if not stack:
                groups.append((start, index + 1, text[start + 1 : index]))
    if stack:
        start = stack[0][1]
        groups.append((start, len(text), text[start + 1 :]))
    return groups
