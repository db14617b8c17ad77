"""
Office Open XML packages (.docx, .xlsx) looked over without parsing them,
before python-docx or openpyxl does: a zip whose parts unpack within bounds
(zip bombs), with the parts it must have, no macros, and no part that
declares a DTD or entities.
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from .errors import DocumentError

# Bounds on what a .docx may unpack to. A real 分解方案 is a few hundred KB of
# XML; these leave room for pictures while refusing zip bombs.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
# Deflated XML rarely shrinks past 30:1; zeros shrink past 1000:1.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024

# Declarations that let XML expand entities; Word never writes them.
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_SCAN_CHUNK = 1024 * 1024
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


def check_package(data: bytes, rules: PackageRules) -> dict[str, str]:
    """
    Look an Office Open XML upload over without parsing it: a zip whose parts
    unpack within the rules' bounds (zip bombs), with the required parts, no
    macros (a VBA project or a macro-enabled content type) and no part that
    declares a DTD or entities. Returns each part's declared content type
    (``.get(name)`` falls back on the extension's default). Raises
    ``DocumentError``: ``rules.damaged()``, ``rules.macro()`` or ``unsafe``.
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
            _scan_for_dtd(archive, archive.getinfo("[Content_Types].xml"), rules)
            content_types = _content_types(archive.read("[Content_Types].xml"))
            for member in members:
                content_type = content_types.get(member.filename)
                if _MACRO_CONTENT in (content_type or "").lower():
                    raise rules.macro()
                if _parsed_as_xml(member.filename, content_type):
                    _scan_for_dtd(archive, member, rules)
            return content_types
    except DocumentError:
        raise
    except Exception as exc:
        # A damaged archive fails in many ways (BadZipFile, zlib.error, EOFError,
        # RuntimeError for an encrypted member, NotImplementedError for an exotic
        # compression, ParseError): all mean the file is not what it says it is.
        raise rules.damaged() from exc


def _check_members(members: list[zipfile.ZipInfo], rules: PackageRules) -> None:
    """Sizes as the archive declares them, before anything is unpacked."""
    if len(members) > rules.max_members:
        raise DocumentError(
            "unsafe",
            "This %(suffix)s file has too many parts to be %(kind)s.",
            suffix=rules.suffix,
            kind=rules.kind,
        )
    total = 0
    for member in members:
        if posixpath.basename(member.filename).lower() == "vbaproject.bin":
            raise rules.macro()
        size = member.file_size
        total += size
        ratio = size / member.compress_size if member.compress_size else float("inf")
        if (
            size > rules.max_member_bytes
            or total > rules.max_total_bytes
            or (size > rules.ratio_checked_from and ratio > rules.max_ratio)
        ):
            raise DocumentError(
                "unsafe",
                "This %(suffix)s file unpacks to far more data than %(kind)s holds.",
                suffix=rules.suffix,
                kind=rules.kind,
            )


def _content_types(xml: bytes) -> dict[str, str]:
    """Member name → declared content type, from [Content_Types].xml (already DTD-free)."""
    root = ElementTree.fromstring(xml)
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


def _scan_for_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo, rules: PackageRules) -> None:
    """
    Refuse XML that declares a DTD or entities. python-docx's parser does not
    resolve entities and openpyxl parses through defusedxml, but internal
    entities still expand ("billion laughs") and Office never writes them, so
    the safe answer is no.
    """
    overlap = max(len(m) for m in _DTD_MARKERS)
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                raise xml_declarations(rules)
            tail = window[-overlap:]


def xml_declarations(rules: PackageRules) -> DocumentError:
    return DocumentError(
        "unsafe",
        "This %(suffix)s file contains XML declarations (DOCTYPE or ENTITY) "
        "that %(kind)s never holds; it was not read.",
        suffix=rules.suffix,
        kind=rules.kind,
    )
