"""
Helpers the tests share that are not about reading HTML (that is tests/html.py):
zip files built and altered in memory, SQLite files copied, signing in in the browser.

No Django at import time: the io tests use these too.
"""

import io
import random
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path


def zip_of(members: dict[str, bytes | str]) -> bytes:
    """
    A zip holding these members (name → content), the same bytes on every run: the
    members' dates are fixed, so a test id made from the bytes is the same in every
    pytest-xdist worker.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def rezip(data: bytes, *, replace=None, add=None, drop=(), compression=zipfile.ZIP_DEFLATED):
    """
    The same zip (a .docx, an .xlsx) with members replaced, added or dropped. A
    replacement is the new content, or a function of the old content (bytes).
    A replacement for a member the zip does not hold is ignored.
    """
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = source.read(info)
            new = replace.get(info.filename, content)
            target.writestr(info.filename, new(content) if callable(new) else new)
        for name, content in add.items():
            target.writestr(name, content)
    return buffer.getvalue()


def workbook_of(*sheets, merges=(), hidden=()) -> bytes:
    """
    An .xlsx of ``sheets``, each (title, rows), as an office types it: ``merges``
    are (sheet index, range such as "A2:A5"), ``hidden`` the titles of hidden sheets.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if title in hidden:
            sheet.sheet_state = "hidden"
    for index, cells in merges:
        book.worksheets[index].merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shared_strings(count: int) -> bytes:
    """
    A workbook's shared strings part (xl/sharedStrings.xml) of ``count`` strings,
    mostly empty, one in 80 a random number: it packs about 90:1, under the
    compression ratio cap, as the probe's 99 MB of 7.4 million strings did.
    """
    rng = random.Random(count)
    items = [
        b"<si><t>%d</t></si>" % rng.getrandbits(40) if n % 80 == 0 else b"<si><t/></si>"
        for n in range(count)
    ]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{count}">'
    return head.encode() + b"".join(items) + b"</sst>"


def copy_sqlite(source: Path, target: Path) -> None:
    """A copy of a SQLite database file, with what its write-ahead log still holds."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def log_in(page, username: str) -> None:
    """Sign in on the login page of the live server (Playwright), as a person does."""
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    # Attached, not visible: on a phone the navigation is folded behind its button.
    page.wait_for_selector("#main-nav", state="attached")
