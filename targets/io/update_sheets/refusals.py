"""
The refusals of an uploaded file, in words for a person filling in our
template, and ``check_workbook``'s refusal codes mapped onto them.
"""

from __future__ import annotations

from ..draft import gettext_noop
from ..files import DocumentError


def not_xlsx() -> DocumentError:
    """A file that is no real .xlsx, or a damaged one."""
    return DocumentError(
        "not_xlsx",
        gettext_noop(
            "This file is not a real Excel workbook (.xlsx): upload the workbook downloaded "
            "from Luoshi, saved as .xlsx."
        ),
    )


def not_template() -> DocumentError:
    """A workbook that is not one of ours: no marker sheet, or one that was changed."""
    return DocumentError(
        "not_template",
        gettext_noop(
            "This workbook is not a Luoshi fill-in template: download the template from your "
            "department's page and fill that in."
        ),
    )


def macro() -> DocumentError:
    """A macro-enabled workbook."""
    return DocumentError(
        "macro",
        gettext_noop(
            "Workbooks with macros are not accepted: upload the .xlsx workbook downloaded "
            "from Luoshi."
        ),
    )


def unsafe() -> DocumentError:
    """A workbook with XML declarations, or one that unpacks to far more than it shows."""
    return DocumentError(
        "unsafe",
        gettext_noop(
            "This workbook holds content that workbooks of Luoshi never do (XML declarations, "
            "or far more data than it shows); it was not read."
        ),
    )


def damaged() -> DocumentError:
    """A workbook with a part or a cell that cannot be read (a number that is none, cut XML)."""
    return DocumentError(
        "damaged",
        gettext_noop(
            "This workbook is damaged and could not be read: open it in Excel or WPS, save it "
            "again as .xlsx and upload that."
        ),
    )


def _too_costly() -> DocumentError:
    return DocumentError(
        "too_costly",
        gettext_noop(
            "Reading this workbook would take far more memory or time than a template needs; "
            "it was not read: download a new template and fill that in."
        ),
    )


def _encrypted() -> DocumentError:
    return DocumentError(
        "encrypted",
        gettext_noop(
            "This workbook is protected by a password: save it as .xlsx without a password "
            "and upload that."
        ),
    )


def _old_excel() -> DocumentError:
    return DocumentError(
        "old_excel",
        gettext_noop(
            "This is an old Excel .xls file or a password-protected workbook: save it as "
            ".xlsx without a password and upload that."
        ),
    )


def _too_large() -> DocumentError:
    return DocumentError("too_large", gettext_noop("The file is larger than the 10 MB limit."))


def _empty() -> DocumentError:
    return DocumentError("empty", gettext_noop("The file is empty."))


# ``check_workbook``'s refusal codes, in this module's words.
REFUSALS = {
    "too_large": _too_large,
    "empty": _empty,
    "macro": macro,
    "old_excel": _old_excel,
    "not_xlsx": not_xlsx,
    "unsafe": unsafe,
    "damaged": damaged,
    "too_costly": _too_costly,
    "encrypted": _encrypted,
}
