"""
The interface is Chinese by default: every message in use has a Chinese translation, compiled.

locale/zh_Hans/LC_MESSAGES/django.po is the one source of the Chinese (`make messages` collects
and compiles, people translate in the .po). The JavaScript in static/js has no words of its own:
every label reaches it translated, through json_script from the templates, so there is no
djangojs catalogue. Messages are compared by (msgctxt, msgid, msgid_plural), never by the
source references, so moving a module does not matter here.
"""

import contextlib
import gettext
import io
import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import is_ignored_path
from django.test.utils import override_settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# The directories the Makefile's `messages` target ignores (I18N_IGNORE).
IGNORE = [".venv", "staticfiles", "test-artifacts", "bench", "tests"]
# makemessages' own defaults, and the files it reads for the django domain.
DEFAULT_IGNORE = ["CVS", ".*", "*~", "*.pyc"]
EXTENSIONS = {".py", ".html", ".txt"}
GETTEXT_PROGRAMS = ["xgettext", "msguniq", "msgmerge", "msgattrib"]
HOW_TO_FIX = (
    "Run `make messages`, translate the empty and fuzzy entries in "
    "locale/zh_Hans/LC_MESSAGES/django.po, and run `make messages` again."
)


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def listing(keys):
    lines = []
    for msgctxt, msgid, _plural in sorted(keys, key=lambda k: (k[1], k[0] or "")):
        lines.append(f"  {msgid!r}" + (f" (context {msgctxt!r})" if msgctxt else ""))
    return "\n".join(lines)


def copy_sources(target):
    """
    Copy the files makemessages reads into ``target``: makemessages writes a preprocessed
    ``<template>.html.py`` beside every template, and the real tree must stay untouched.
    """
    patterns = IGNORE + DEFAULT_IGNORE
    skipped = {Path(settings.STATIC_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()}
    for dirpath, dirnames, filenames in os.walk(BASE):
        here = Path(dirpath)
        dirnames[:] = [
            name
            for name in dirnames
            if name != "locale"
            and not is_ignored_path((here / name).relative_to(BASE), patterns)
            and (here / name).resolve() not in skipped
        ]
        for name in filenames:
            if Path(name).suffix in EXTENSIONS:
                destination = target / (here / name).relative_to(BASE)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(here / name, destination)


@pytest.fixture(scope="module")
def in_use(tmp_path_factory):
    """The messages the code and templates use now, by key: makemessages' .pot, made in a copy."""
    missing = [program for program in GETTEXT_PROGRAMS if shutil.which(program) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: the translation tests need GNU gettext "
            "(Debian: apt-get install gettext)."
        )
    root = tmp_path_factory.mktemp("messages")
    copy_sources(root / "src")
    locale = root / "locale"
    shutil.copytree(BASE / "locale", locale)
    with contextlib.chdir(root / "src"), override_settings(LOCALE_PATHS=[locale]):
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            ignore_patterns=list(IGNORE),
            no_obsolete=True,
            keep_pot=True,
            verbosity=0,
            stdout=io.StringIO(),
        )
    return {key(entry) for entry in polib.pofile(str(locale / "django.pot"))}


def test_every_message_is_translated_into_chinese():
    catalogue = polib.pofile(str(PO))
    assert not catalogue.untranslated_entries()
    assert not catalogue.fuzzy_entries()


def test_every_message_in_use_is_in_the_catalogue_and_translated(in_use):
    catalogue = {key(entry): entry for entry in polib.pofile(str(PO)) if not entry.obsolete}
    absent = {k for k in in_use if k not in catalogue}
    fuzzy = {k for k in in_use - absent if "fuzzy" in catalogue[k].flags}
    untranslated = {k for k in in_use - absent - fuzzy if not catalogue[k].translated()}
    problems = [
        (absent, "in use but not in the catalogue"),
        (untranslated, "untranslated"),
        (fuzzy, "fuzzy"),
    ]
    report = [f"{what}:\n{listing(keys)}" for keys, what in problems if keys]
    assert not report, "\n".join([*report, HOW_TO_FIX])


def test_every_catalogue_entry_is_in_use(in_use):
    catalogue = polib.pofile(str(PO))
    kept = {key(entry) for entry in catalogue.obsolete_entries()}
    stale = {key(entry) for entry in catalogue if not entry.obsolete} - in_use
    problems = [
        (stale, "in the catalogue but no longer in use"),
        (kept, "kept as obsolete (#~) entries"),
    ]
    report = [f"{what}:\n{listing(keys)}" for keys, what in problems if keys]
    assert not report, "\n".join([*report, "Run `make messages` to drop them."])


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(PO))
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgctxt and entry.msgid_plural:
            translated = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
            assert translated == entry.msgstr_plural[0], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        elif entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
    # And nothing compiled that the .po no longer has.
    source = {key(entry) for entry in catalogue.translated_entries()}
    leftover = {key(entry) for entry in polib.mofile(str(PO.with_suffix(".mo")))} - source
    assert not leftover, f"compiled but not in the .po (run `make messages`):\n{listing(leftover)}"
