"""The interface is Chinese by default: every message has a Chinese translation, compiled."""

import gettext
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_into_chinese():
    catalogue = polib.pofile(str(PO))
    assert not catalogue.untranslated_entries()
    assert not catalogue.fuzzy_entries()


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(PO))
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
