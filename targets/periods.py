"""
Quarters (季度) as the district counts them: calendar quarters in the
Asia/Shanghai time zone, whatever the server's own clock zone is.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from functools import total_ordering

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

FORMAL_LABELS = (
    gettext_noop("the first quarter of %(year)s"),
    gettext_noop("the second quarter of %(year)s"),
    gettext_noop("the third quarter of %(year)s"),
    gettext_noop("the fourth quarter of %(year)s"),
)


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A calendar quarter of a year, ordered in time."""

    year: int
    quarter: int

    def __post_init__(self):
        if self.quarter not in (1, 2, 3, 4):
            raise ValueError("quarter must be 1-4")

    def __lt__(self, other: Quarter) -> bool:
        return (self.year, self.quarter) < (other.year, other.quarter)

    def __str__(self) -> str:
        return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}

    @property
    def short_label(self) -> str:
        """The quarter without its year, where the year goes without saying: 第3季度."""
        return _("Q%(quarter)s") % {"quarter": self.quarter}

    @property
    def formal_label(self) -> str:
        """
        The quarter as documents write it (2023年第三季度): the exports and the
        fill-in workbook, so they say what the bulletin says; the pages keep
        the shorter 2023年第3季度.
        """
        return _(FORMAL_LABELS[self.quarter - 1]) % {"year": self.year}

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        following = self.next().first_day
        return following - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        if self.quarter == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.quarter + 1)

    def previous(self) -> Quarter:
        if self.quarter == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.quarter - 1)

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


def current_quarter() -> Quarter:
    """The quarter of today's date in the configured zone (Asia/Shanghai)."""
    return Quarter.containing(timezone.localdate())


def default_due_date(plan, quarter: int) -> datetime.date:
    """
    When ``plan``'s reports for ``quarter`` are due unless the supervision
    office sets another date: the plan's due day of the quarter's last month,
    clamped to the month's length (a due day of 31 is 30 June in Q2).
    """
    month = 3 * quarter
    last = calendar.monthrange(plan.year, month)[1]
    return datetime.date(plan.year, month, min(plan.due_day, last))
