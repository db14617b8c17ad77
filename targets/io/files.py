"""
Reading an uploaded document safely: a .txt/.md text file or a Word .docx
becomes plain text, one paragraph per line, or a ``DocumentError`` that says
in one sentence what is wrong with the file.

Government files arrive in every encoding Windows has used (UTF-8, GBK,
UTF-16 from Notepad) and as Word documents that hold their 分解方案 in
tables, so both are read with care. Uploads are untrusted: sizes are checked
before anything is decoded or unzipped, and an Office Open XML package (a
.docx here, an .xlsx for ``targets.io.workbook`` through ``check_workbook``)
is looked over (zip bombs, macros, XML entity declarations) before
python-docx or openpyxl parses it.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".md", ".text")
WORD_SUFFIXES = (".docx",)

# Bounds on what a .docx may unpack to. A real 分解方案 is a few hundred KB of
# XML; these leave room for pictures while refusing zip bombs.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
# Deflated XML rarely shrinks past 30:1; zeros shrink past 1000:1.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024

# Share of control bytes past which "text" is binary; real text has none.
MAX_CONTROL_SHARE = 0.02
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}) | {0x7F}

# Declarations that let XML expand entities; Word never writes them.
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_SCAN_CHUNK = 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MACRO_CONTENT = "macroenabled"


class DocumentError(Exception):
    """
    An uploaded file that cannot be read, with one sentence saying why.

    ``code`` lets the web layer pick its own translated message:
    ``empty``, ``too_large``, ``unsupported``, ``binary``, ``encoding``,
    ``not_docx`` (damaged or not Word), ``macro``, ``unsafe`` (zip bomb,
    too many parts, XML entity declarations); for workbooks also
    ``not_xlsx`` (damaged or not Excel), ``old_excel`` (a binary .xls/.et or
    an encrypted workbook), ``too_many_rows`` and ``no_table`` (no sheet with
    a header, ``targets.io.workbook``). ``message`` is the English
    template (a msgid) and ``params`` its values; ``str()`` is the two
    combined.
    """

    def __init__(self, code: str, message: str, **params):
        self.code = code
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


def read_document(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """
    The text of an uploaded document, chosen by its file name's suffix:
    .txt/.md/.text are decoded (UTF-8, GB18030 or UTF-16 with a BOM), .docx is
    read with python-docx (paragraphs and table rows in body order). Lines end
    with "\\n". Anything wrong with the file raises ``DocumentError`` and
    nothing else.
    """
    # The cheap refusals first, so nothing is decoded or unzipped in vain.
    suffix = _suffix(name)
    if suffix in (".doc", ".wps", ".docm", ".dotm"):
        raise DocumentError(
            "unsupported",
            "%(suffix)s files cannot be read: save the document as .docx (Word document) "
            "in Word or WPS and upload that.",
            suffix=suffix,
        )
    if suffix not in TEXT_SUFFIXES + WORD_SUFFIXES:
        raise DocumentError(
            "unsupported",
            "Unsupported file type %(suffix)s: use .txt, .md, .docx or .xlsx.",
            suffix=suffix or "(none)",
        )
    if len(data) > max_bytes:
        raise DocumentError(
            "too_large",
            "The file is larger than the %(limit)s limit.",
            limit=size_label(max_bytes),
        )
    if not data:
        raise DocumentError("empty", "The file is empty.")
    text = _read_text(data) if suffix in TEXT_SUFFIXES else _read_docx(data)
    if not text.strip():
        raise DocumentError("empty", "The document contains no text.")
    return text


def _suffix(name: str) -> str:
    # Browsers on Windows have sent full paths ("C:\\Users\\…\\报告.DOCX").
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return posixpath.splitext(base)[1].lower()


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"


# -- text ---------------------------------------------------------------------------------


def _read_text(data: bytes) -> str:
    text = _decode(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), then GB18030 (which covers GBK and GB2312), then UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _encoding_error() from exc
    if _looks_binary(data):
        raise DocumentError("binary", "The file is not text: it looks like a binary file.")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _encoding_error()


def _encoding_error() -> DocumentError:
    return DocumentError(
        "encoding",
        "The text's encoding could not be recognised: save it as UTF-8 and upload it again.",
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > MAX_CONTROL_SHARE * len(sample)


# -- docx ---------------------------------------------------------------------------------


def _read_docx(data: bytes) -> str:
    _check_docx(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return _DocxText(document).text()
    except DocumentError:
        raise
    except Exception as exc:
        # python-docx and lxml raise many kinds (KeyError for a missing part,
        # XMLSyntaxError, ValueError for the wrong content type, BadZipFile):
        # to the person uploading they all mean the same thing.
        raise _not_docx() from exc


def _not_docx() -> DocumentError:
    return DocumentError("not_docx", "This .docx file is damaged or is not a Word document.")


def _check_docx(data: bytes) -> None:
    """Refuse, before python-docx parses anything, what is not a plain Word document."""
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            "not_docx",
            "This is an old Word .doc file or a password-protected document: "
            "save it as .docx without a password and upload that.",
        )
    check_package(data, WORD_PACKAGE)


def _macro() -> DocumentError:
    return DocumentError(
        "macro",
        "This Word document contains macros, which are not accepted: "
        "save it as a plain .docx (Word document) and upload that.",
    )


# -- Office Open XML packages (.docx, .xlsx) ----------------------------------------------

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


WORD_PACKAGE = PackageRules(
    suffix=".docx",
    kind="a Word document",
    required=("[Content_Types].xml", "word/document.xml"),
    damaged=_not_docx,
    macro=_macro,
)


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


# -- Excel workbooks (.xlsx) ---------------------------------------------------------------

# What an .xlsx may unpack to: sheets of XML (a big table is tens of MB) with room for pictures.
XLSX_MAX_MEMBER_BYTES = 100 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 300 * 1024 * 1024
_XLSX_MAIN_TYPES = ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml")
_MACRO_WORKBOOK_SUFFIXES = (".xlsm", ".xltm", ".xlam")
# Binary (OLE) workbooks, and what web systems export as "Excel" (HTML named .xls).
_OLD_WORKBOOK_SUFFIXES = (".xls", ".et", ".ett", ".xlt")


def not_xlsx() -> DocumentError:
    return DocumentError("not_xlsx", "This .xlsx file is damaged or is not an Excel workbook.")


def _workbook_macro() -> DocumentError:
    return DocumentError(
        "macro",
        "This workbook contains macros, which are not accepted: "
        "save it as a plain .xlsx (Excel workbook) and upload that.",
    )


def _old_excel() -> DocumentError:
    return DocumentError(
        "old_excel",
        "This is an old Excel .xls or WPS .et file, or a workbook protected by a password: "
        "save it as .xlsx (Excel workbook) without a password and upload that.",
    )


WORKBOOK_PACKAGE = PackageRules(
    suffix=".xlsx",
    kind="an Excel workbook",
    required=("[Content_Types].xml",),
    damaged=not_xlsx,
    macro=_workbook_macro,
    max_member_bytes=XLSX_MAX_MEMBER_BYTES,
    max_total_bytes=XLSX_MAX_TOTAL_BYTES,
)


def check_workbook(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> None:
    """
    Refuse, before openpyxl parses anything, what is not a plain .xlsx
    workbook: too large or empty, macro-enabled (.xlsm, a VBA project, a
    macro content type), an old binary .xls/.et or an encrypted workbook (both
    OLE files), not a zip or a truncated one, a zip bomb, XML declaring a DTD
    or entities, a package with no workbook in it (a .docx renamed).
    """
    if len(data) > max_bytes:
        raise DocumentError(
            "too_large", "The file is larger than the %(limit)s limit.", limit=size_label(max_bytes)
        )
    if not data:
        raise DocumentError("empty", "The file is empty.")
    suffix = _suffix(name)
    if suffix in _MACRO_WORKBOOK_SUFFIXES:
        raise _workbook_macro()
    if data.startswith(OLE_MAGIC):
        raise _old_excel()
    if not data.startswith(b"PK"):
        raise _old_excel() if suffix in _OLD_WORKBOOK_SUFFIXES else not_xlsx()
    content_types = check_package(data, WORKBOOK_PACKAGE)
    if not any(t.lower().endswith(_XLSX_MAIN_TYPES) for t in content_types.values()):
        raise not_xlsx()


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


class _DocxText:
    """
    The body of a Word document as lines: each paragraph one line (with the
    number Word's automatic list gives it), each table row one line with its
    cells joined by " | ", in the order they appear.
    """

    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)

    def text(self) -> str:
        lines: list[str] = []
        self._block(self.document.element.body, lines)
        # Blank paragraphs space a document out; one blank line keeps the break.
        text = "\n".join(lines)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip("\n") + "\n"

    def _block(self, parent, lines: list[str]) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{{{_W}}}p":
                lines.append(self._paragraph(child, in_table=False))
            elif tag == f"{{{_W}}}tbl":
                self._table(child, lines)
            elif tag in (f"{{{_W}}}sdt", f"{{{_W}}}customXml"):
                content = child.find(f"{{{_W}}}sdtContent")
                self._block(content if content is not None else child, lines)

    def _table(self, tbl, lines: list[str]) -> None:
        from docx.table import Table

        table = Table(tbl, self.document)
        for row in table.rows:
            cells, seen = [], []
            for cell in row.cells:
                # A cell spanning several grid columns comes back once per column.
                if any(cell._tc is tc for tc in seen):
                    continue
                seen.append(cell._tc)
                cells.append(self._cell(cell._tc))
            if any(cells):
                lines.append(" | ".join(cells))

    def _cell(self, tc) -> str:
        parts = [self._paragraph(p, in_table=True) for p in tc.iter(f"{{{_W}}}p")]
        text = " ".join(p for p in parts if p)
        # " | " separates cells; a bar inside a cell must not look like one.
        return text.replace("|", "/").strip()

    def _paragraph(self, p, *, in_table: bool) -> str:
        text = "".join(_runs_text(p))
        prefix = self.numbering.label(p)
        if in_table:
            text = re.sub(r"\s*\n\s*", " ", text)
        text = text.replace("\t", " ")
        if prefix and (text.strip() or in_table):
            text = prefix + text.lstrip()
        return text.rstrip()


def _runs_text(element):
    """The visible text of a paragraph: runs, hyperlinks, insertions, fields' results."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if tag == f"{{{_W}}}t":
            yield child.text or ""
        elif tag == f"{{{_W}}}tab":
            yield "\t"
        elif tag in (f"{{{_W}}}br", f"{{{_W}}}cr"):
            yield "\n"
        elif tag == f"{{{_W}}}noBreakHyphen":
            yield "-"
        elif tag in (
            f"{{{_W}}}del",
            f"{{{_W}}}pPr",
            f"{{{_W}}}rPr",
            f"{{{_W}}}sdtPr",
            f"{{{_MC}}}Fallback",
        ):
            continue  # deleted text, formatting, and the duplicate of an mc:Choice
        elif tag in (f"{{{_W}}}p", f"{{{_W}}}tbl", f"{{{_W}}}txbxContent"):
            continue  # text boxes hold paragraphs of their own
        else:
            yield from _runs_text(child)


class _Numbering:
    """
    The numbers Word's automatic lists show ("1.", "(一)", "一、"), which are
    not in the paragraph's text. Counters follow the abstract list, as Word
    does, and restart where a list instance overrides its start.
    """

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in numbering.findall(f"{{{_W}}}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{{{_W}}}lvl"):
                levels[_int(lvl.get(f"{{{_W}}}ilvl"))] = (
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    _int(_val(lvl, "start"), 1),
                )
            self.levels[abstract.get(f"{{{_W}}}abstractNumId")] = levels
        for num in numbering.findall(f"{{{_W}}}num"):
            starts = {}
            for override in num.findall(f"{{{_W}}}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    starts[_int(override.get(f"{{{_W}}}ilvl"))] = _int(start, 1)
            self.nums[num.get(f"{{{_W}}}numId")] = (_val(num, "abstractNumId"), starts)
        self._read_styles(document)

    def _read_styles(self, document) -> None:
        """Heading styles that carry their own numbering (标题 1 → "一、")."""
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        based_on, own = {}, {}
        for style in styles.findall(f"{{{_W}}}style"):
            style_id = style.get(f"{{{_W}}}styleId")
            based_on[style_id] = _val(style, "basedOn")
            num_pr = style.find(f"{{{_W}}}pPr/{{{_W}}}numPr")
            if num_pr is not None:
                own[style_id] = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0))
        for style_id in based_on:
            current, depth = style_id, 0
            while current and current not in own and depth < 10:
                current, depth = based_on.get(current), depth + 1
            if current in own:
                self.style_numbering[style_id] = own[current]

    def label(self, p) -> str:
        num_id, ilvl = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, starts = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
        fmt, template, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none") or not template:
            return ""

        def number(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            return _format_number(counters.get(level, level_start), level_fmt)

        return re.sub(r"%(\d)", number, template)

    def _num_of(self, p) -> tuple[str | None, int]:
        num_pr = p.find(f"{{{_W}}}pPr/{{{_W}}}numPr")
        if num_pr is not None:
            return _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0)
        style = p.find(f"{{{_W}}}pPr/{{{_W}}}pStyle")
        if style is not None:
            return self.style_numbering.get(style.get(f"{{{_W}}}val"), (None, 0))
        return None, 0


def _val(element, child: str) -> str | None:
    found = element.find(f"{{{_W}}}{child}")
    return None if found is None else found.get(f"{{{_W}}}val")


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats; unknown formats fall back to 1, 2, 3."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return _chinese(n, _CN_DIGITS, "十百千")
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def _chinese(n: int, digits: str, units: str) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    if not 0 < n < 10000:
        return str(n)
    parts, zero = [], False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit, n = divmod(n, power)
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(digits[digit] + unit)
            zero = False
        else:
            zero = True
    text = "".join(parts)
    # 十一, not 一十一, for 10–19.
    if text.startswith(digits[1] + units[0]):
        text = text[1:]
    return text


def _roman(n: int) -> str:
    result = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            result += letters
            n -= value
    return result
