"""
An uploaded workbook read into rows (nothing is checked against the database
yet), a status cell accepting the labels of every language; a file that
cannot be read is one ``ValidationError`` in the user's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from ...choices import UpdateStatus
from ...io.files import DocumentError
from ...io.update_sheets import UpdateSheet, read_updates

MAX_BYTES = 10 * 1024 * 1024


def status_texts() -> dict[str, str]:
    """Every text a status cell may hold: the labels in each language, and the values."""
    texts = {value: value for value in UpdateStatus.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in UpdateStatus.choices:
                texts[str(label)] = value
    return texts


def update_sheet_read(name: str, data: bytes) -> UpdateSheet:
    """
    Read an uploaded workbook (nothing is checked against the database yet).
    A file that cannot be read raises ``ValidationError`` with one sentence
    in the user's language.
    """
    try:
        return read_updates(name, data, statuses=status_texts(), max_bytes=MAX_BYTES)
    except DocumentError as error:
        message = _(error.message) % error.params if error.params else _(error.message)
        raise ValidationError(message, code=error.code) from error
