"""
Office Open XML packages (.docx, .xlsx) looked over before python-docx or
openpyxl parses them: a zip whose parts unpack within bounds (zip bombs),
each part, all of them, and how much tighter than its packed size; with the
parts it must have, no macros, no part that declares a DTD or entities, and
no more rows, shared strings or elements than such a file ever holds
(``xmlparts``, which counts them as the parts are unpacked and stops at the
first cap passed). Every refusal says which bound the file passed.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from ..draft import gettext_noop
from .errors import DocumentError, size_label
from .xmlparts import Count, PartCounter, parse_xml

# Bounds on what a .docx may unpack to. A real 分解方案 is a few hundred KB of
# XML; these leave room for pictures while refusing zip bombs.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
# Deflated XML rarely shrinks past 30:1; zeros shrink past 1000:1.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024

# What a reader holds in memory, counted before it parses: a workbook's rows (all sheets,
# hidden ones too) and shared strings, a Word document's elements (python-docx keeps the
# whole tree, about 90 bytes an element). A city's table has a few thousand rows and as
# many strings; a long 分解方案 a few hundred thousand tags. A workbook whose 99 MB of
# shared strings are 7.4 million short texts is refused after the first 500,000.
WORKBOOK_ROWS = Count(
    ("<row", ":row"),
    100_000,
    gettext_noop(
        "This %(suffix)s file holds more than %(limit)s rows, far more than a plan's table or "
        "a quarterly workbook: it was not read."
    ),
)
WORKBOOK_STRINGS = Count(
    ("<si", ":si"),
    500_000,
    gettext_noop(
        "This %(suffix)s file holds more than %(limit)s different texts, far more than a "
        "plan's table or a quarterly workbook: it was not read."
    ),
)
# Tags, start and end: about twice the elements.
WORD_TAGS = Count(
    ("<",),
    2_000_000,
    gettext_noop(
        "This %(suffix)s file holds more than %(limit)s XML tags, far more than a plan "
        "document: it was not read."
    ),
)

_CONTENT_TYPES = "[Content_Types].xml"
# One Override per part: a few KB, a few hundred at most for MAX_MEMBERS parts.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MACRO_CONTENT = "macroenabled"


# The signature of an OLE compound file: an old .doc/.xls/.et, or an encrypted Office file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class PackageRules:
    """
    What an Office Open XML upload of one kind may hold, looked over before
    its library parses it: the parts it must have, how far it may unpack,
    and the errors that name it ("This .docx file …").
    """

    suffix: str  # ".docx", in messages
    kind: str  # "a Word document", in messages
    required: tuple[str, ...]  # parts it cannot be without
    damaged: Callable[[], DocumentError]
    macro: Callable[[], DocumentError]
    max_member_bytes: int = MAX_MEMBER_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_members: int = MAX_MEMBERS
    max_ratio: int = MAX_RATIO
    ratio_checked_from: int = RATIO_CHECKED_FROM
    # Elements counted in all its XML parts as they are unpacked (``xmlparts.Count``).
    counts: tuple[Count, ...] = ()


def check_package(data: bytes, rules: PackageRules) -> dict[str, str]:
    """
    Look an Office Open XML upload over before it is parsed: a zip whose
    parts unpack within the rules' bounds (zip bombs), with the required
    parts, no macros (a VBA project or a macro-enabled content type), no
    part that declares a DTD or entities, and no more of the rules' counted
    elements than their caps. Returns each part's declared content type
    (``.get(name)`` falls back on the extension's default). Raises
    ``DocumentError``: ``rules.damaged()``, ``rules.macro()``, ``unsafe``
    (XML declarations) or ``inflated`` (a bound passed, named in the message).
    """
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        raise rules.damaged()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            _check_members(members, rules)
            names = {m.filename for m in members}
            if any(name not in names for name in rules.required):
                raise rules.damaged()
            counter = PartCounter(rules.counts, lambda count: _too_many(count, rules))
            content_types = _TypeMap({}, {})
            if _CONTENT_TYPES in names:
                content_types = _read_content_types(archive, counter, rules)
            for member in members:
                content_type = content_types.get(member.filename)
                if _MACRO_CONTENT in (content_type or "").lower():
                    raise rules.macro()
                if member.filename != _CONTENT_TYPES and _parsed_as_xml(
                    member.filename, content_type
                ):
                    _read_part(archive, member, counter, rules)
            return content_types
    except DocumentError:
        raise
    except Exception as exc:
        # A damaged archive fails in many ways (BadZipFile, zlib.error, EOFError,
        # RuntimeError for an encrypted member, NotImplementedError for an exotic
        # compression, ParseError): all mean the file is not what it says it is.
        raise rules.damaged() from exc


def _check_members(members: list[zipfile.ZipInfo], rules: PackageRules) -> None:
    """
    Sizes as the archive declares them, before anything is unpacked. What
    is unpacked later cannot exceed them: zipfile stops at the declared size
    and a part that holds more fails its checksum.
    """
    if len(members) > rules.max_members:
        raise _inflated(
            gettext_noop(
                "This %(suffix)s file has more than %(limit)s parts, far more than an office "
                "file has: it was not read."
            ),
            rules,
            limit=f"{rules.max_members:,}",
        )
    total = 0
    for member in members:
        if posixpath.basename(member.filename).lower() == "vbaproject.bin":
            raise rules.macro()
        size = member.file_size
        total += size
        ratio = size / member.compress_size if member.compress_size else float("inf")
        if size > rules.max_member_bytes:
            raise _inflated(
                gettext_noop(
                    "A part of this %(suffix)s file unpacks to more than %(limit)s, far more "
                    "than an office file holds: it was not read."
                ),
                rules,
                limit=size_label(rules.max_member_bytes),
            )
        if total > rules.max_total_bytes:
            raise _inflated(
                gettext_noop(
                    "This %(suffix)s file unpacks to more than %(limit)s in all, far more than "
                    "an office file holds: it was not read."
                ),
                rules,
                limit=size_label(rules.max_total_bytes),
            )
        if size > rules.ratio_checked_from and ratio > rules.max_ratio:
            raise _inflated(
                gettext_noop(
                    "A part of this %(suffix)s file unpacks to more than %(limit)s times its "
                    "packed size, which office files never do (it is how zip bombs are made): "
                    "it was not read."
                ),
                rules,
                limit=rules.max_ratio,
            )


def _inflated(message: str, rules: PackageRules, **params) -> DocumentError:
    return DocumentError("inflated", message, suffix=rules.suffix, **params)


def _too_many(count: Count, rules: PackageRules) -> DocumentError:
    return _inflated(count.message, rules, limit=f"{count.limit:,}")


def _read_part(archive, member: zipfile.ZipInfo, counter: PartCounter, rules) -> None:
    """One XML part unpacked, its prolog parsed and its elements counted (``xmlparts``)."""
    with archive.open(member) as stream:
        counter.read_part(
            stream, damaged=rules.damaged, declarations=lambda: xml_declarations(rules)
        )


def _read_content_types(archive, counter: PartCounter, rules) -> _TypeMap:
    """[Content_Types].xml looked over like every part, then parsed safely."""
    member = archive.getinfo(_CONTENT_TYPES)
    if member.file_size > _MAX_CONTENT_TYPES_BYTES:
        raise rules.damaged()
    _read_part(archive, member, counter, rules)
    return _content_types(archive.read(member))


def _content_types(xml: bytes) -> _TypeMap:
    """Member name → declared content type, from [Content_Types].xml (already DTD-free)."""
    root = parse_xml(xml)
    defaults, overrides = {}, {}
    for element in root:
        if element.tag == f"{{{_CT}}}Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif element.tag == f"{{{_CT}}}Override":
            overrides[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
    return _TypeMap(defaults, overrides)


class _TypeMap(dict):
    """Looks a member up by name (Override), then by its extension (Default)."""

    def __init__(self, defaults: dict[str, str], overrides: dict[str, str]):
        super().__init__(overrides)
        self.defaults = defaults

    def get(self, name, default=None):
        if name in self:
            return self[name]
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        return self.defaults.get(extension, default)


def _parsed_as_xml(name: str, content_type: str | None) -> bool:
    """
    Whether python-docx or openpyxl may parse the member as XML: relationship
    parts, and parts whose content type is XML. Pictures (word/media/,
    xl/media/) are never parsed, so an SVG image with a DOCTYPE (Inkscape
    writes one) does not make a document unsafe.
    """
    if name.endswith((".rels", ".xml", ".vml")) and "/media/" not in "/" + name:
        return True
    if content_type is None:
        return False
    content_type = content_type.lower()
    return "xml" in content_type and not content_type.startswith("image/")


def xml_declarations(rules: PackageRules) -> DocumentError:
    """
    XML that declares a DTD or entities, refused. No parser here resolves
    entities (python-docx's lxml parser, openpyxl through defusedxml, this
    module's ``xmlparts.SAFE_PARSING``), but Office never writes them and
    internal ones are how "billion laughs" is made, so the safe answer is no.
    """
    return DocumentError(
        "unsafe",
        "This %(suffix)s file contains XML declarations (DOCTYPE or ENTITY) "
        "that %(kind)s never holds; it was not read.",
        suffix=rules.suffix,
        kind=rules.kind,
    )
