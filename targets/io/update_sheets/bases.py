"""
What a goal's row of the fill-in workbook was based on, so that an old
workbook never overwrites newer work: ``row_digest`` of the values a row
shows, the same whether it is worked out from a report in the database when
the workbook is made or from a filled row read back; and ``workbook_made``,
when a workbook was made, for workbooks older than the digests.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

DIGEST_LENGTH = 32
_DIGEST = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}")
# What a workbook cannot hold (XML 1.0): the writer leaves it out, so the digest does too.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CORE = "docProps/core.xml"
_CREATED = "{http://purl.org/dc/terms/}created"
_CORE_LIMIT = 64 * 1024  # a few hundred bytes in practice


def row_digest(
    *,
    status: str,
    percent: int | None,
    progress: str,
    problems: str,
    next_steps: str,
    actuals: dict[int, Decimal | None],
) -> str:
    """
    A digest of a goal's row: its status value, share done, narrative and the
    value of each indicator shown (None: empty). Text is compared as the
    upload compares it (line endings, trailing spaces), numbers by value
    (58 and 58.0000 are one number), so a row read back unchanged gives the
    digest of the report it was filled in from.
    """
    shape = [
        status or "",
        percent,
        [_text(progress), _text(problems), _text(next_steps)],
        sorted([int(key), _number(value)] for key, value in actuals.items()),
    ]
    encoded = json.dumps(shape, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()[:DIGEST_LENGTH]


def is_digest(value) -> bool:
    """A digest as ``row_digest`` writes it (a hidden cell someone changed is not one)."""
    return isinstance(value, str) and _DIGEST.fullmatch(value) is not None


def made_at(value) -> str:
    """
    A time as the workbook holds it (ISO text, or a date Excel converted it
    to) as ISO text with its offset, naive times taken as UTC; "" when it
    is not a time.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return ""
    if not isinstance(value, datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def workbook_made(data: bytes) -> str:
    """
    When an .xlsx was made, from its document properties (``dcterms:created``,
    which Excel, WPS and openpyxl keep when they save a workbook again), as
    ISO text; "" when the workbook does not say. ``data`` has passed the
    workbook checks (a real, safe archive).
    """
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(_CORE)
            if info.file_size > _CORE_LIMIT:
                return ""
            root = ElementTree.fromstring(archive.read(info), forbid_dtd=True)
    except Exception:  # a missing or damaged part only means the time is unknown
        return ""
    created = root.find(_CREATED)
    return made_at(created.text) if created is not None and created.text else ""


def _text(text: str | None) -> str:
    text = _NOT_IN_XML.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _number(value) -> str | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == 0:
        return "0"
    return format(number.normalize(), "f")
