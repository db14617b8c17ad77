"""
Fill the Chinese catalogue from the tables in locale/zh/, then compile it.

Run after ``make messages`` has added new msgids: ``python locale/translate_zh.py``.
A msgid missing from the table is reported and left empty, and the test
suite fails until it is translated (tests/test_translations.py).
Needs polib (``pip install polib``); the app itself does not.
"""

import importlib
import pkgutil
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))

PO = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _tables() -> dict[str, str]:
    """Every module of locale/zh/ contributes its ZH table; a msgid given twice must agree."""
    import zh

    merged: dict[str, str] = {}
    for module in pkgutil.iter_modules(zh.__path__):
        table = importlib.import_module(f"zh.{module.name}").ZH
        for msgid, text in table.items():
            if merged.get(msgid, text) != text:
                raise SystemExit(f"{msgid!r} is translated two ways in locale/zh/")
            merged[msgid] = text
    return merged


ZH = _tables()


def main() -> int:
    po = polib.pofile(str(PO))
    po.metadata.update(
        {
            "Project-Id-Version": "Luoshi",
            "Language": "zh_Hans",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    missing = []
    for entry in po:
        text = ZH.get(entry.msgid)
        if text is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
