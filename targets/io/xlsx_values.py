"""
What the Excel writer (``xlsx_write``) is handed: values that carry how they
look (``Percent``, ``Tinted``) and columns sized to their contents
(``Column``, ``fitted_columns``), and the names Excel accepts for a sheet.
No Django, no openpyxl.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from .xmltext import xml_legal

MAX_SHEET_TITLE = 31
_BAD_TITLE_CHARACTERS = str.maketrans({c: "_" for c in "\\*?:/[]"})


class Percent(float):
    """
    A share from 0 to 1 shown as a percentage (0.45 → 45%). A float, so it
    passes through django-tables2's ``as_values`` unchanged.
    """

    __slots__ = ()


class Tinted(str):
    """
    Text on a coloured fill: ``Tinted("存在风险", "warning")``. ``colour`` is a
    key of ``FILLS`` or ``OUTLINED``. A str, so it passes through
    django-tables2's ``as_values`` unchanged.
    """

    colour: str

    def __new__(cls, text, colour: str):
        obj = super().__new__(cls, text)
        obj.colour = colour
        return obj


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, width in characters, and how its cells look."""

    header: str
    width: float = 12
    wrap: bool = False
    align: str | None = None  # "left", "center" or "right"; numbers go right by themselves
    number_format: str | None = None


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fitted_columns(headers, sample_rows, *, max_width: int = 50) -> list[Column]:
    """
    Columns sized to their header and a sample of the rows (for tables whose
    shape is known only when they are written). Longer text wraps.
    """
    widest = [display_width(str(h)) for h in headers]
    for row in sample_rows:
        for index, value in enumerate(row[: len(widest)]):
            if value is None:
                continue
            if isinstance(value, datetime.datetime):
                text = "2000-01-01 00:00"
            elif isinstance(value, Percent):
                text = "100%"
            else:
                text = str(value)
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            widest[index] = max(widest[index], longest)
    return [
        Column(str(header), width=min(max(width + 2, 6), max_width), wrap=width + 2 > max_width)
        for header, width in zip(headers, widest, strict=True)
    ]


def sheet_title(text: str) -> str:
    """A name Excel accepts for a sheet: no \\ * ? : / [ ], at most 31 characters."""
    title = xml_legal(str(text)).translate(_BAD_TITLE_CHARACTERS).strip("' ")[:MAX_SHEET_TITLE]
    return title or "Sheet"
