"""
The limits of a decomposition table. Uploads are untrusted:
``files.read_spreadsheet`` refuses a file unless it is a real, plain
spreadsheet (no macros, no zip bomb, no XML declaring entities, no sheet
sprawling far past its table) and reads it under a ceiling of memory and
time; rows past ``MAX_ROWS`` are refused before a row is understood.
"""

from __future__ import annotations

MAX_BYTES = 10 * 1024 * 1024
# A district's table has hundreds of rows, a city's a few thousand.
MAX_ROWS = 50_000
# Cells right of this are never read: a stray cell in column XFD must not make
# every row sixteen thousand cells wide.
MAX_COLUMNS = 60
