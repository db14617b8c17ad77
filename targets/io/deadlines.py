"""
Deadlines as documents write them ("12月底前", "三季度", "明年7月份") turned
into dates, relative to the document's year. Plain text in, a date out; no
Django.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

_CN_NUMBERS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_NUMBERS.update({"零": 0, "两": 2})
_QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_RELATIVE_YEARS = {"明年": 1, "次年": 1, "翌年": 1, "下一年": 1, "下年": 1}
_REL = r"(?P<rel>明年|次年|翌年|下一年|下年|今年|本年|当年)?"


def resolve_deadline(text: str | None, year: int | None) -> date | None:
    """
    The date a deadline written in words means, for a document of ``year``:
    "12月底前" → Dec 31, "6月份" → Jun 30, "年底前" / "年内" / "全年" → Dec 31,
    "上半年" → Jun 30, "三季度" → Sep 30, "2024年3月底前" → 2024-03-31,
    "明年7月份" → Jul 31 of the next year, "2023年10月15日前" → that day.
    When several dates are written ("6月底前开工,年底前完工") the latest is
    the deadline. "持续推进", "长期" and anything unreadable → None; with no
    ``year`` only dates that name their year resolve.
    """
    if not text:
        return None
    text = re.sub(r"\s+", "", _cn_numerals(_normalise(text)))
    found: list[date] = []

    def keep(y: int | None, month: int, day: int | None = None) -> str:
        if y is not None and 1 <= month <= 12:
            last = calendar.monthrange(y, month)[1]
            if day is None or 1 <= day <= last:
                found.append(date(y, month, day or last))
        return "§"

    # Each date read is replaced, so that a shorter pattern does not read it again.
    text = _dates_with_years(text, keep)
    _relative_dates(text, year, keep)
    return max(found) if found else None


def _dates_with_years(text: str, keep) -> str:
    """Dates that name their year, longest forms first, each given to ``keep``; the rest."""
    text = re.sub(
        r"(\d{4})(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})(?:日|号)?",
        lambda m: keep(int(m[1]), int(m[2]), int(m[3])),
        text,
    )
    text = re.sub(
        r"(\d{4})年(\d{1,2})月(上旬|中旬|下旬)?|(\d{4})[-./](\d{1,2})(?!\d)",
        lambda m: keep(
            int(m[1] or m[4]), int(m[2] or m[5]), {"上旬": 10, "中旬": 20}.get(m[3] or "")
        ),
        text,
    )
    text = re.sub(
        r"(\d{4})年(?:的)?(上半年|下半年|年中|第?[1-4]季度)",
        lambda m: keep(int(m[1]), *_period_end(m[2])),
        text,
    )
    return re.sub(r"(\d{4})年", lambda m: keep(int(m[1]), 12), text)


def _relative_dates(text: str, year: int | None, keep) -> str:
    """Dates relative to the document's ``year`` ("6月底前", "明年7月"), each given to ``keep``."""

    def relative(match: re.Match) -> int | None:
        if year is None:
            return None
        return year + _RELATIVE_YEARS.get(match.group("rel") or "", 0)

    text = re.sub(
        _REL + r"(\d{1,2})月(\d{1,2})(?:日|号)",
        lambda m: keep(relative(m), int(m[2]), int(m[3])),
        text,
    )
    text = re.sub(
        _REL + r"(\d{1,2})月(上旬|中旬|下旬)?",
        lambda m: keep(relative(m), int(m[2]), {"上旬": 10, "中旬": 20}.get(m[3] or "")),
        text,
    )
    text = re.sub(
        _REL + r"(上半年|下半年|年中|第?[1-4]季度)",
        lambda m: keep(relative(m), *_period_end(m[2])),
        text,
    )
    return re.sub(
        r"(?P<rel>明年|次年|翌年|下一年|下年|今年|本年|当年)?(?<!\d)(?:年底|年末|年内|全年|年度内)"
        r"|(?P<alone>明年|次年|翌年|今年|本年|当年|本年度)",
        lambda m: keep(relative(m) if not m["alone"] else _alone_year(m["alone"], year), 12),
        text,
    )


def _period_end(period: str) -> tuple[int, int]:
    if period in ("上半年", "年中"):
        return 6, 30
    if period == "下半年":
        return 12, 31
    return _QUARTER_ENDS[int(period.strip("第季度"))]


def _alone_year(word: str, year: int | None) -> int | None:
    if year is None:
        return None
    return year + _RELATIVE_YEARS.get(word, 0)


def _cn_numerals(text: str) -> str:
    """Chinese numerals of years, months, days and quarters as digits ("十二月" → "12月")."""

    def year(match: re.Match) -> str:
        return "".join(str(_CN_NUMBERS[c]) for c in match[1]) + "年"

    text = re.sub(r"([〇零一二三四五六七八九]{4})年", year, text)

    def small(match: re.Match) -> str:
        return str(_cn_small(match[1])) + match[2]

    return re.sub(r"([一二两三四五六七八九十]{1,3})(月|日|号|季度)", small, text)


def _cn_small(word: str) -> int:
    """一 … 三十一."""
    if "十" not in word:
        return _CN_NUMBERS.get(word[-1], 0)
    tens, _, units = word.partition("十")
    return (_CN_NUMBERS.get(tens, 1) if tens else 1) * 10 + (_CN_NUMBERS.get(units, 0))


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")
