"""
The XML parts of an Office package, looked over as they are unpacked and
before any reader parses them.

- Each part's prolog is *parsed* (lxml, with entity resolution, DTD loading
  and network access off), up to its root element: one that declares a DTD
  or entities is refused, in whatever encoding it is written. The bytes are
  not searched for "<!DOCTYPE", which missed parts in UTF-32.
- A part must be in UTF-8 or UTF-16, the encodings every XML processor reads
  and the only ones Office writes; anything else is a damaged file.
- Elements that cost a reader memory (a row of a sheet, a shared string, any
  element of a Word document) are counted against caps as the part is
  unpacked, and the first cap passed stops the check at once: a part that
  unpacks to 99 MB of 7.4 million strings is refused after the first few
  megabytes, before openpyxl or python-docx holds any of it.

Counting is done on the bytes for UTF-8 (a tag's "<" and name are ASCII, so
``bytes.count`` finds every one, and text or comments that look like a tag
only make the count higher) and on decoded text for UTF-16.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from .errors import DocumentError

CHUNK = 1024 * 1024
_PROLOG_PIECE = 4096

# How every XML of an upload is parsed here: no entities, no DTD, no network.
SAFE_PARSING = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "no_network": True,
    "huge_tree": False,
}


def safe_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and opens no connection."""
    return etree.XMLParser(**SAFE_PARSING)


def parse_xml(data: bytes):
    """A small XML part parsed safely (``SAFE_PARSING``); lxml's errors pass through."""
    return etree.fromstring(data, safe_parser())


@dataclass(frozen=True)
class Count:
    """
    At most ``limit`` elements in all the XML parts of a package, an element
    being found by its ``tokens`` (a start tag with or without a prefix:
    ``("<row", ":row")``). ``message`` is the refusal's English template
    (a msgid), with ``%(suffix)s`` and ``%(limit)s``.
    """

    tokens: tuple[str, ...]
    limit: int
    message: str


class PartCounter:
    """The running counts of one package's parts against its ``Count`` caps."""

    def __init__(self, counts: Iterable[Count], refuse: Callable[[Count], DocumentError]):
        self.counts = tuple(counts)
        self.totals = [0] * len(self.counts)
        self.refuse = refuse
        self._bytes = [tuple(t.encode("ascii") for t in c.tokens) for c in self.counts]
        self._overlap = max((len(t) for c in self.counts for t in c.tokens), default=1) - 1

    def read_part(
        self,
        stream,
        *,
        damaged: Callable[[], DocumentError],
        declarations: Callable[[], DocumentError],
    ) -> None:
        """
        Unpack one part from ``stream``, checking its prolog and counting its
        elements. Raises ``damaged()`` for a part that is not XML in UTF-8 or
        UTF-16, ``declarations()`` for one that declares a DTD, and the
        refusal of the first cap passed.
        """
        first = stream.read(CHUNK)
        if not first:
            return  # an empty part: its reader, if any, says what it makes of it
        encoding = _encoding(first)
        if encoding is None:
            raise damaged()
        prolog = _Prolog(damaged, declarations)
        decoder = None if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)()
        tail = b"" if decoder is None else ""
        chunk = first
        while chunk:
            prolog.feed(chunk)
            if decoder is not None:
                try:
                    chunk = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    raise damaged() from exc
            tail = self._count(tail, chunk, decoder is None)
            chunk = stream.read(CHUNK)
        prolog.close()

    def _count(self, tail, chunk, as_bytes: bool):
        """
        Count the tokens in ``chunk`` and those that begin in ``tail`` (the end
        of the chunk before) and end in it, raising at the first cap passed.
        Returns the tail for the next chunk: too short to hold the longest token.
        """
        window = tail + chunk
        for index, count in enumerate(self.counts):
            tokens = self._bytes[index] if as_bytes else count.tokens
            found = sum(window.count(t) - tail.count(t) for t in tokens)
            self.totals[index] += found
            if self.totals[index] > count.limit:
                raise self.refuse(count)
        return window[max(len(window) - self._overlap, 0) :]


class _Prolog:
    """
    The part's beginning, parsed until its root element starts: by then any
    DOCTYPE has been read, and whether it declares a DTD is known.
    """

    def __init__(self, damaged, declarations):
        self.parser = etree.XMLPullParser(events=("start",), **SAFE_PARSING)
        self.damaged, self.declarations = damaged, declarations
        self.done = False

    def feed(self, chunk: bytes) -> None:
        # In small pieces: the parser builds what it is given, and the root's start
        # usually comes in the first few hundred bytes of a megabyte's chunk.
        for start in range(0, len(chunk), _PROLOG_PIECE):
            if self.done:
                return
            self._feed(chunk[start : start + _PROLOG_PIECE])

    def _feed(self, piece: bytes) -> None:
        try:
            self.parser.feed(piece)
            for _event, root in self.parser.read_events():
                tree = root.getroottree()
                if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
                    raise self.declarations()
                self.done = True
                break
        except etree.LxmlError as exc:
            raise self.damaged() from exc

    def close(self) -> None:
        if not self.done:
            raise self.damaged()  # no root element: not XML


# The encodings a part may be in, told from its first bytes (XML 1.0, appendix F).
_UTF16_STARTS = {
    b"\xff\xfe": "utf-16",  # with its byte order mark
    b"\xfe\xff": "utf-16",
    b"<\x00": "utf-16-le",
    b"\x00<": "utf-16-be",
}
_DECLARED = re.compile(
    rb"""<\?xml\s+version\s*=\s*(["'])[^"']*\1\s+encoding\s*=\s*(["'])([A-Za-z0-9._-]+)\2"""
)
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}


def _encoding(first: bytes) -> str | None:
    """
    "utf-8", "utf-16", "utf-16-le" or "utf-16-be" for the part that starts
    with ``first``; None for anything else (UTF-32, EBCDIC, UTF-7, GBK …),
    which Office never writes and a byte count could be fooled by.
    """
    if first.startswith(
        (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x00\x00\x00<", b"<\x00\x00\x00")
    ):
        return None  # UTF-32
    for start, encoding in _UTF16_STARTS.items():
        if first.startswith(start):
            return encoding
    body = first[3:] if first.startswith(codecs.BOM_UTF8) else first
    declared = _DECLARED.match(body)
    if declared is None:
        # No encoding declared: UTF-8 by the standard, unless the bytes are something else.
        return "utf-8" if body[:1] == b"<" or body[:1].isspace() else None
    return "utf-8" if declared.group(3).decode().lower() in _UTF8_NAMES else None
