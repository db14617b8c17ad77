"""
The quarterly supervision bulletin (督查通报) as a Word document: ``content``
holds what it says, ``document`` lays it out as a 公文 with python-docx.

The document's words are Chinese literals, not gettext messages: a 公文 is
Chinese whoever exports it, and its wording belongs to the office that
sends it, not to the interface's translation catalogue.

This package knows nothing of Django, the ORM or HTTP: ``Bulletin`` holds
plain values (counts, names, codes, dates) that the caller has added up.
"""

from .content import (
    ISSUE_NUMBER,
    TOTAL_ROW,
    Bulletin,
    Count,
    DepartmentRow,
    Figures,
    LateDepartment,
    RedGoal,
    bulletin_filename,
    bulletin_title,
    chinese_date,
    chinese_number,
    issue_number,
    title_lines,
)
from .document import DOCX_CONTENT_TYPE, write_bulletin

__all__ = [
    "DOCX_CONTENT_TYPE",
    "ISSUE_NUMBER",
    "TOTAL_ROW",
    "Bulletin",
    "Count",
    "DepartmentRow",
    "Figures",
    "LateDepartment",
    "RedGoal",
    "bulletin_filename",
    "bulletin_title",
    "chinese_date",
    "chinese_number",
    "issue_number",
    "title_lines",
    "write_bulletin",
]
