"""
The bulletin's typefaces and what stands in for them: the document's font
table names each official font's substitutes for Word and WPS, and the same
chains ship as a fontconfig file for Linux desktops (LibreOffice ignores the
font table's substitutes).
"""

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx

from targets.io.bulletin.fonts import (
    BODY,
    HEADING,
    ROLES,
    SUBHEADING,
    TITLE,
    declare_fonts,
    fontconfig_aliases,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "docs" / "fonts" / "65-luoshi-official-fonts.conf"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SERIF_FREE, SANS_FREE = "Noto Serif CJK SC", "Noto Sans CJK SC"


def font_table() -> dict[str, dict[str, str]]:
    document = docx.Document()
    declare_fonts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        root = ElementTree.fromstring(archive.read("word/fontTable.xml"))
    return {
        font.get(f"{W}name"): {child.tag[len(W) :]: child.get(f"{W}val") for child in font}
        for font in root.iter(f"{W}font")
    }


def test_font_table_names_each_official_fonts_substitutes():
    table = font_table()
    assert table["仿宋_GB2312"] == {
        "altName": "仿宋,FangSong,华文仿宋,STFangsong,Noto Serif CJK SC,Source Han Serif SC,"
        "AR PL UMing CN",
        "charset": "86",
        "family": "roman",
        "pitch": "variable",
    }
    for role in ROLES:
        assert table[role.official]["altName"].split(",") == list(role.fallbacks)
    assert table["黑体"]["family"] == "swiss"
    assert table["楷体_GB2312"]["family"] == "script"
    # The blank template's own fonts stay.
    assert "Times New Roman" in table


def test_fallbacks_keep_the_body_serif_and_the_headings_apart_from_it():
    """Windows' and macOS's own faces first, then free ones a Linux machine has."""
    assert (BODY.fallbacks[:2], BODY.generic) == (("仿宋", "FangSong"), "serif")
    assert SERIF_FREE in BODY.fallbacks and SANS_FREE not in BODY.fallbacks
    assert SERIF_FREE in TITLE.fallbacks and SANS_FREE not in TITLE.fallbacks
    for heading in (HEADING, SUBHEADING):
        assert heading.generic == "sans-serif"
        assert SANS_FREE in heading.fallbacks and SERIF_FREE not in heading.fallbacks
    assert SUBHEADING.fallbacks.index("AR PL UKai CN") < SUBHEADING.fallbacks.index(SANS_FREE)


def test_shipped_fontconfig_file_is_the_chains():
    """docs/fonts/: what docs/operations.md tells a Linux desktop to install."""
    assert SHIPPED.read_text(encoding="utf-8") == fontconfig_aliases()
    root = ElementTree.fromstring(fontconfig_aliases().split("\n", 2)[2])
    chains = {
        alias.find("family").text: [f.text for f in alias.find("prefer")]
        for alias in root.iter("alias")
    }
    assert chains == {role.official: list(role.fallbacks) for role in ROLES}
