"""
Text typed into a form that an Excel or Word file could not hold.

What people type ends up in the plan workbook, the quarterly template and
the bulletin, which are XML: U+FFFE, U+FFFF and most control characters
cannot be written there (``targets.io.xmltext``). The writers leave them
out, so an export never fails; a form refuses them, so that what is saved is
what every file will show. The policy is to refuse, not to strip silently:
the field says how many such characters there were and which, and the box
comes back with them already taken out, so saving again is one click and
nothing changes that the person did not see.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from ..io.xmltext import xml_illegal_characters, xml_legal


class FileSafeTextMixin:
    """
    For a ``Form`` or ``ModelForm`` whose text fields may hold narrative: a
    field holding characters that Excel and Word files cannot hold is an
    error, and its box is offered again without them. Put it first among
    the bases; every ``clean`` of the form must call ``super().clean()``.
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in list(self.cleaned_data.items()):
            if not isinstance(value, str):
                continue
            found = xml_illegal_characters(value)
            if found:
                self._offer_without(name)
                self.add_error(name, _refusal(found))
        return cleaned

    def _offer_without(self, name: str) -> None:
        """Show the field again with what was typed, less what a file cannot hold."""
        key = self.add_prefix(name)
        typed = self.data.get(key)
        if not isinstance(typed, str):
            return
        data = self.data.copy()  # a request's QueryDict is immutable
        data[key] = xml_legal(typed)
        self.data = data


def _refusal(found: list[str]) -> ValidationError:
    return ValidationError(
        ngettext(
            "This text contains a character that Excel and Word files cannot hold (%(codes)s), "
            "usually an invisible one pasted from another program. It has been taken out of "
            "the text below: check it and save again.",
            "This text contains characters that Excel and Word files cannot hold (%(codes)s), "
            "usually invisible ones pasted from another program. They have been taken out of "
            "the text below: check it and save again.",
            len(found),
        )
        % {"codes": ", ".join(found)},
        code="not_in_files",
    )
