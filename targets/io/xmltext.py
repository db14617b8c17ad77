"""
Text that an Excel or Word file can hold.

Both are XML 1.0, whose characters are tab, line feed, carriage return and
U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF: nothing else can be written,
and lxml (under openpyxl and python-docx) refuses the whole file ("All
strings must be XML compatible") for one such character in one cell.
openpyxl's own check (``ILLEGAL_CHARACTERS_RE``) knows only the C0 controls,
so U+FFFE and U+FFFF, typed or pasted into a report, used to reach lxml.
Writers strip what cannot be written (``xml_legal``); forms refuse it with a
message (``targets.forms.text``), so what is saved is what will be exported.
"""

from __future__ import annotations

import re

# Everything outside XML 1.0's Char production, lone surrogates included.
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_legal(text: str) -> str:
    """``text`` without the characters an Excel or Word file cannot hold."""
    if XML_ILLEGAL.search(text) is None:
        return text
    return XML_ILLEGAL.sub("", text)


def xml_illegal_characters(text: str) -> list[str]:
    """The characters of ``text`` that a file cannot hold, as code points ("U+FFFF"), once each."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in XML_ILLEGAL.findall(text))
    return list(found)
