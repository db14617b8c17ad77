"""A django-tables2 table as it is shown, as a workbook (``?_export=xlsx`` on a page)."""

from __future__ import annotations

from itertools import chain, islice

from django.utils import timezone
from django.utils.translation import gettext as _

from ..io.xlsx_write import StreamingWorkbook, fitted_columns

TABLE_SAMPLE_ROWS = 200  # rows a table export looks at to size its columns


def table_workbook(table, *, title: str, heading: str, note: str, target) -> None:
    """
    Write a django-tables2 table as it is shown (filters and sort applied, all
    pages) to ``target``. Values come from ``table.as_values()``, so columns'
    ``value_*`` methods and ``exclude_from_export`` decide what a cell holds;
    the first rows size the columns, the rest stream.
    """
    rows = iter(table.as_values())
    headers = next(rows)
    sample = list(islice(rows, TABLE_SAMPLE_ROWS))
    with StreamingWorkbook(tz=timezone.get_current_timezone()) as book:
        sheet = book.add_sheet(
            title,
            fitted_columns(headers, sample),
            heading=heading,
            note=note,
            freeze_columns=1,
            footer=_("Page &P of &N"),
        )
        for row in chain(sample, rows):
            sheet.append(row)
        book.save(target)
