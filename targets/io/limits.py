"""
How much a document may hold: a bound that real plans never reach, so that a
file built to tie up a worker, or a whole archive pasted by mistake, is
refused at once rather than read for half a minute and shown as a preview of
a hundred megabytes.

A district's 分解方案 has a few hundred tasks, a province's a couple of
thousand; the text reader spends about half a millisecond on each. The
decomposition tables of ``targets.io.workbook`` have their own bound, in rows.
"""

from __future__ import annotations

from .draft import gettext_noop
from .files.errors import DocumentError

MAX_GOALS = 3000


def too_many_goals() -> DocumentError:
    """The refusal of a document that holds more than ``MAX_GOALS`` tasks."""
    return DocumentError(
        "too_many_goals",
        gettext_noop(
            "This document holds more than %(limit)s tasks, more than any plan: it was not "
            "read. Check that it is the plan itself, or import it in parts."
        ),
        limit=f"{MAX_GOALS:,}",
    )
