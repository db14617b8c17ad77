"""
Text files as government offices save them: UTF-8 (with or without BOM),
GB18030 (which covers GBK and GB2312) or UTF-16 from Notepad, decoded in that
order; a binary file named .txt is refused.
"""

from __future__ import annotations

from .errors import DocumentError

# Share of control bytes past which "text" is binary; real text has none.
MAX_CONTROL_SHARE = 0.02
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}) | {0x7F}


def read_text(data: bytes) -> str:
    """A text file decoded, its lines ending "\\n"; a binary or undecodable one is refused."""
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
