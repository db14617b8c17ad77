"""
A response compressed from pieces compressed apart: a kept page's constant
text compressed once (where it is kept), only what differs compressed again
for each response.

A deflate stream can be cut into segments, each ended with a full flush: a
segment then ends on a byte boundary and refers to nothing before it (the
compressor's history is reset), so segments made at different times by
different compressors concatenate into one valid stream (pigz compresses in
parallel this way). ``compress`` writes a response's body as one gzip member:
the segment kept for each piece of the body a view offered (``offer``),
every other stretch compressed now, each of the response's secrets
(``secret``: its masked CSRF tokens) in a segment of its own, then the
trailer, the CRC-32 and size of the whole body.

The gzip header is Django's own (``compress_string``): level 6 and up to
``max_random_bytes`` random bytes of file name, its BREACH padding.
"""

from __future__ import annotations

import gzip
import struct
import sys
import zlib
from collections.abc import Callable, Iterable, Sequence
from secrets import randbelow

from django.utils.text import compress_string

LEVEL = 6  # Django's GZipMiddleware's
# How much of a piece is looked for in a body before the rest is compared.
_PREFIX = 64

# An empty last block: what ends the stream after the last segment.
_END = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
# Django's gzip header (``compress_string``), the FNAME flag set: a random-length
# file name follows it.
_HEADER = bytearray(gzip.compress(b"", compresslevel=LEVEL, mtime=0)[:10])
_HEADER[3] = gzip.FNAME
_HEADER = bytes(_HEADER)


class Piece:
    """A kept page's text as UTF-8, and as a deflate segment of its own."""

    __slots__ = ("data", "segment", "size")

    def __init__(self, data: bytes):
        self.data = data
        self.segment = deflated(data)
        self.size = sys.getsizeof(data) + sys.getsizeof(self.segment) + 100


def deflated(data: bytes) -> bytes:
    """``data`` as a raw deflate segment referring to nothing outside it, full-flushed."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def offer(request, make: Callable[[], Sequence[Piece]]) -> None:
    """
    Pieces this request's response may hold, made by ``make`` only if it is
    compressed: ``compress`` uses each it finds in the body, in order.
    """
    request.__dict__.setdefault("_compression_offers", []).append(make)


def secret(request, value: str) -> str:
    """``value``, a secret this request's response holds, compressed apart from all else."""
    request.__dict__.setdefault("_compression_secrets", set()).add(value.encode())
    return value


def compress(request, body: bytes, max_random_bytes: int) -> bytes:
    """
    ``body`` gzip-compressed, with the pieces offered for ``request`` as they
    were compressed when kept; Django's ``compress_string`` if none were.
    """
    offers = request.__dict__.get("_compression_offers")
    if not offers:
        return compress_string(body, max_random_bytes=max_random_bytes)
    kept = [piece for make in offers for piece in make()]
    secrets = request.__dict__.get("_compression_secrets", ())
    return spliced(body, kept, secrets, max_random_bytes)


def spliced(
    body: bytes, kept: Sequence[Piece], secrets: Iterable[bytes], max_random_bytes: int
) -> bytes:
    """
    ``body`` as one gzip member: each of ``kept``'s pieces found in it (in
    order, after the one before) as its kept segment, the stretches between
    them compressed now, each of ``secrets`` on its own.
    """
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    name = b"a" * randbelow(max_random_bytes) if max_random_bytes else b""
    out = [_HEADER, name, b"\x00"]
    at = 0
    for piece in kept:
        found = _find(body, piece.data, at)
        if found < 0:
            continue  # not in this response (another page, an error): compressed as it is
        _compress(compressor, body[at:found], secrets, out)
        out.append(piece.segment)
        at = found + len(piece.data)
    _compress(compressor, body[at:], secrets, out)
    # The whole body's CRC-32: about 30 µs for the cockpit's 185 KB, less than combining
    # the kept piece's with the rest's in Python would save.
    out += [_END, struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)]
    return b"".join(out)


def _find(body: bytes, data: bytes, start: int) -> int:
    """Where ``data`` is in ``body`` from ``start``, or -1 (its prefix looked for: faster)."""
    prefix = data[:_PREFIX]
    found = body.find(prefix, start)
    while found >= 0 and not body.startswith(data, found):
        found = body.find(prefix, found + 1)
    return found


def _compress(compressor, data: bytes, secrets: Iterable[bytes], out: list) -> None:
    """
    ``data`` compressed by ``compressor``, a full flush after each part, each
    secret in it a part of its own: no back-reference reaches into a secret
    from the page's text or out of it, so no text an attacker puts on the page
    (a query string, a comment) compresses better for matching it.
    """
    if not data:
        return
    spans = sorted(
        (found, found + len(value)) for value in secrets for found in _occurrences(data, value)
    )
    start = 0
    for begin, end in [*spans, (len(data), len(data))]:
        if begin < start:
            continue  # overlapping another secret's: already apart
        for part in (data[start:begin], data[begin:end]):
            if part:
                out.append(compressor.compress(part) + compressor.flush(zlib.Z_FULL_FLUSH))
        start = end


def _occurrences(data: bytes, value: bytes):
    at = data.find(value) if value else -1
    while at >= 0:
        yield at
        at = data.find(value, at + len(value))
