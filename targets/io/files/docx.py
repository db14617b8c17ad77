"""
Word .docx documents: looked over as a package before python-docx parses
anything, then read in body order as lines, each paragraph one line (with
the number Word's automatic list shows) and each table row one line, its
cells joined by " | " (``read_docx``, for readers of text), or as blocks,
paragraphs as lines and tables as grids of cells with their merged ranges
(``read_docx_blocks``, for the plan reader, which hands a 任务分解表 to the
table reader as it hands it a workbook's sheet).
"""

from __future__ import annotations

import io
import re

from .errors import DocumentError
from .packages import OLE_MAGIC, WORD_TAGS, PackageRules, check_package
from .spreadsheets import Sheet

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def read_docx(data: bytes) -> str:
    """
    The text of a Word document, one line a paragraph or table row, after the
    package is looked over; a damaged one raises ``DocumentError`` (``not_docx``).
    """
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


def read_docx_blocks(data: bytes) -> list[str | Sheet]:
    """
    The body of a Word document in order: each paragraph a line (a str), each
    table a ``Sheet`` of kind "table" (rows of cell texts, a cell's paragraphs
    on lines of their own, and its merged ranges from gridSpan and vMerge). A
    table that holds tables lays out a page rather than holding data: its
    cells' paragraphs and tables are read as blocks in their place. Refuses
    what ``read_docx`` refuses.
    """
    _check_docx(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return _DocxBlocks(document).blocks()
    except DocumentError:
        raise
    except Exception as exc:  # as read_docx: one message for every kind of damage
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


WORD_PACKAGE = PackageRules(
    suffix=".docx",
    kind="a Word document",
    required=("[Content_Types].xml", "word/document.xml"),
    damaged=_not_docx,
    macro=_macro,
    counts=(WORD_TAGS,),
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


class _DocxBlocks(_DocxText):
    """The body as paragraphs (lines) and tables (grids), in the order they appear."""

    def blocks(self) -> list[str | Sheet]:
        found: list[str | Sheet] = []
        self._blocks(self.document.element.body, found)
        return found

    def _blocks(self, parent, found: list) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{{{_W}}}p":
                found.append(self._paragraph(child, in_table=False))
            elif tag == f"{{{_W}}}tbl":
                if child.find(f".//{{{_W}}}tc//{{{_W}}}tbl") is not None:
                    # A table holding tables lays the page out: read what is in its cells.
                    for tc in child.iter(f"{{{_W}}}tc"):
                        if tc.getparent().getparent() is child:
                            self._blocks(tc, found)
                else:
                    found.append(self._grid(child))
            elif tag in (f"{{{_W}}}sdt", f"{{{_W}}}customXml"):
                content = child.find(f"{{{_W}}}sdtContent")
                self._blocks(content if content is not None else child, found)

    def _grid(self, tbl) -> Sheet:
        """
        A table's cells on its grid: a cell spanning columns (gridSpan) and
        cells merged down (vMerge restart, then continue) are merged ranges
        whose first cell holds the text, as in a spreadsheet.
        """
        rows: list[list[str]] = []
        merges: list[tuple[int, int, int, int]] = []
        # Ranges merged down still open, by first column: [first row, first column, last row,
        # last column].
        down: dict[int, list[int]] = {}
        for number, tr in enumerate(tbl.iterchildren(f"{{{_W}}}tr"), start=1):
            settings = tr.find(f"{{{_W}}}trPr")
            skipped = _int(_val(settings, "gridBefore"), 0) if settings is not None else 0
            column = 1 + skipped  # grid columns the row leaves out before its first cell
            row = [""] * (column - 1)
            for tc in _row_cells(tr):
                properties = tc.find(f"{{{_W}}}tcPr")
                span = (
                    max(1, _int(_val(properties, "gridSpan"), 1)) if properties is not None else 1
                )
                merge = properties.find(f"{{{_W}}}vMerge") if properties is not None else None
                restart = merge is not None and merge.get(f"{{{_W}}}val") == "restart"
                if merge is not None and not restart and column in down:
                    down[column][2] = number  # the cell above goes on down
                    text = ""
                else:
                    if column in down:
                        merges.append(tuple(down.pop(column)))
                    text = self._cell_lines(tc)
                    if restart:
                        down[column] = [number, column, number, column + span - 1]
                    elif span > 1:
                        merges.append((number, column, number, column + span - 1))
                row.append(text)
                row.extend([""] * (span - 1))
                column += span
            rows.append(row)
        merges.extend(tuple(entry) for entry in down.values())
        merges = [m for m in merges if m[2] > m[0] or m[3] > m[1]]
        width = max((len(row) for row in rows), default=0)
        return Sheet(
            name="",
            visible=True,
            read=True,
            rows=[row + [""] * (width - len(row)) for row in rows],
            merges=sorted(merges),
            kind="table",
        )

    def _cell_lines(self, tc) -> str:
        """A cell's paragraphs, one a line, as a spreadsheet cell holds lines."""
        lines: list[str] = []
        for child in tc.iterchildren():
            # A line break in a paragraph (Shift+Enter) stays a line, as in a spreadsheet's cell.
            if child.tag == f"{{{_W}}}p":
                lines.append(self._paragraph(child, in_table=False).strip())
            elif child.tag in (f"{{{_W}}}sdt", f"{{{_W}}}customXml"):
                lines.extend(
                    self._paragraph(p, in_table=False).strip() for p in child.iter(f"{{{_W}}}p")
                )
        return "\n".join(line for line in lines if line)


def _row_cells(tr):
    """A row's cells, those wrapped in content controls too."""
    for child in tr.iterchildren():
        if child.tag == f"{{{_W}}}tc":
            yield child
        elif child.tag in (f"{{{_W}}}sdt", f"{{{_W}}}customXml"):
            content = child.find(f"{{{_W}}}sdtContent")
            yield from _row_cells(content if content is not None else child)


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
