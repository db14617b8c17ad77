"""
The bulletin's typefaces, by role, and what each falls back to on a machine
without the official fonts (most machines outside the government's own
images): the title a heavy Song (小标宋), the body 仿宋, the 一、 headings 黑体,
the （一） headings 楷体, the page numbers 宋体.

A run can name one font only, so the document names the official one and
says what may stand in for it in two places, since the programs that open
it look in different ones:

- Word (and WPS, which reads Word's font table) takes a missing font's
  substitutes from its entry in the font table: ``w:altName``, a
  comma-separated list (ECMA-376 §17.8.3.1), and the face's family
  (``declare_fonts``).
- LibreOffice ignores ``w:altName`` (writerfilter's FontTable.cxx drops it)
  and, on Linux, asks fontconfig for any name it lacks; fontconfig gives a
  name it does not know the default *sans* face, so 仿宋 became 黑体-like and
  the headings could no longer be told from the body. ``fontconfig_aliases``
  writes the same chains as fontconfig aliases, for Linux desktops
  (docs/operations.md, "Documents on Linux desktops") and for the tests
  that convert documents with LibreOffice.

Every fallback is a face a machine is likely to have: Windows' own (仿宋,
楷体, 黑体, 宋体), macOS's (STFangsong…), then free ones (Noto CJK, AR PL),
so nothing non-free need be embedded. The last of each chain keeps the
roles apart: a serif body, sans 一、 headings.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree


@dataclass(frozen=True)
class FontRole:
    """
    One role's typeface: the official font the document names, then its
    substitutes in order of preference, and whether it is a serif or a sans
    face (``generic``: "serif" or "sans-serif", fontconfig's words).
    """

    official: str
    fallbacks: tuple[str, ...]
    generic: str
    word_family: str  # the font table's words: roman (serif), swiss (sans), script (楷)


TITLE = FontRole(
    "方正小标宋简体",
    (
        *("方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun", "Songti SC"),
        *("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
    ),
    "serif",
    "roman",
)
BODY = FontRole(
    "仿宋_GB2312",
    (
        *("仿宋", "FangSong", "华文仿宋", "STFangsong"),
        *("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
    ),
    "serif",
    "roman",
)
HEADING = FontRole(  # 一、
    "黑体",
    (
        *("SimHei", "华文黑体", "STHeiti", "Heiti SC", "微软雅黑", "Microsoft YaHei"),
        *("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
    ),
    "sans-serif",
    "swiss",
)
SUBHEADING = FontRole(  # （一）
    "楷体_GB2312",
    (
        *("楷体", "KaiTi", "华文楷体", "STKaiti", "Kaiti SC", "AR PL UKai CN"),
        # Without a 楷 face, a sans one: the （一） headings must not pass for the serif body.
        *("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
    ),
    "sans-serif",
    "script",
)
PAGE_NUMBER = FontRole(
    "宋体",
    ("SimSun", "华文宋体", "STSong", "Songti SC", "Noto Serif CJK SC", "AR PL UMing CN"),
    "serif",
    "roman",
)
ROLES = (TITLE, BODY, HEADING, SUBHEADING, PAGE_NUMBER)

# GB2312, the character set Word records for a simplified Chinese face.
_CHARSET_GB2312 = "86"


def declare_fonts(document) -> None:
    """
    An entry in the document's font table for each official font, naming
    its substitutes (``w:altName``) and its family, in place of any entry of
    that name the blank template has.
    """
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE
    )
    fonts = parse_xml(part.blob)
    for role in ROLES:
        for old in fonts.findall(qn("w:font")):
            if old.get(qn("w:name")) == role.official:
                fonts.remove(old)
        entry = OxmlElement("w:font")
        entry.set(qn("w:name"), role.official)
        # In the schema's order: altName, panose1, charset, family, notTrueType, pitch.
        for tag, value in (
            ("w:altName", ",".join(role.fallbacks)),
            ("w:charset", _CHARSET_GB2312),
            ("w:family", role.word_family),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            entry.append(child)
        fonts.append(entry)
    # The font table is a plain part to python-docx: its bytes are what is saved.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def fontconfig_aliases() -> str:
    """
    The fallback chains as a fontconfig file: each official name prefers
    its substitutes in order, then its generic family. Installed on a Linux
    desktop (/etc/fonts/conf.d/), LibreOffice and WPS find them there.
    """
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Generated from targets/io/bulletin/fonts.py: the official fonts of Chinese",
        "     official documents and what stands in for them where they are missing. -->",
        "<fontconfig>",
    ]
    for role in ROLES:
        lines.append('  <alias binding="same">')
        lines.append(f"    <family>{escape(role.official)}</family>")
        lines.append("    <prefer>")
        lines.extend(f"      <family>{escape(name)}</family>" for name in role.fallbacks)
        lines.append("    </prefer>")
        lines.append(f"    <default><family>{role.generic}</family></default>")
        lines.append("  </alias>")
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"
