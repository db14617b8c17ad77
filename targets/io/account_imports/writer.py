"""
The workbooks of an account import: the template to fill in (its columns
are the list's format, in Chinese whatever the reader's language, with an
instructions sheet), and the first passwords of the accounts it created,
one row per person. The caller translates every other word.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from ..xlsx_write import Column, StreamingWorkbook
from .columns import TEMPLATE_COLUMNS

# Widths of the template's columns, in its order (characters; a Chinese one counts two).
_TEMPLATE_WIDTHS = (30, 22, 12, 22, 12, 18, 12, 16, 26)


def write_template(
    *,
    sheet: str,
    heading: str,
    note: str,
    help_sheet: str,
    help_headers: tuple[str, str],
    help_rows: Iterable[tuple[str, str]],
) -> bytes:
    """
    The empty list to fill in: ``heading`` and ``note`` above the columns
    (``columns.TEMPLATE_COLUMNS``), and a second sheet, ``help_sheet``, with
    one (column, what to write) row each of ``help_rows`` under ``help_headers``.
    """
    columns = [
        Column(header, width=width)
        for (_role, header), width in zip(TEMPLATE_COLUMNS, _TEMPLATE_WIDTHS, strict=True)
    ]
    book = StreamingWorkbook()
    book.add_sheet(sheet, columns, heading=heading, note=note)
    first, second = help_headers
    guide = book.add_sheet(
        help_sheet, [Column(first, width=18), Column(second, width=90, wrap=True)]
    )
    for row in help_rows:
        guide.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_first_passwords(
    rows: Iterable[tuple[str, str, str, str, str]],
    *,
    sheet: str,
    heading: str,
    note: str,
    headers: tuple[str, str, str, str, str],
) -> bytes:
    """
    The first passwords, one row per person: (unit, name, account, first
    password, the site's address) under ``headers``. Passwords are text, so
    a spreadsheet never turns one into a number or a formula.
    """
    widths = (28, 12, 18, 18, 34)
    book = StreamingWorkbook()
    writer = book.add_sheet(
        sheet,
        [Column(header, width=width) for header, width in zip(headers, widths, strict=True)],
        heading=heading,
        note=note,
    )
    for row in rows:
        writer.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
