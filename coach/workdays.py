"""Which days a visit can happen on.

Mainland China: `chinesecalendar` is authoritative (it knows each year's
official holidays and make-up working days, 调休) but only for the years the
State Council has published. For other years and for TW/HK we use the
`holidays` package, whose `is_working_day` knows weekends, public holidays and
the make-up days it has data for.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import holidays


@lru_cache(maxsize=64)
def _holidays(region: str, year: int) -> holidays.HolidayBase:
    # Building a year's calendar is slow; every WorkCalendar shares them.
    return holidays.country_holidays(region, years=year)


class WorkCalendar:
    def __init__(self, region: str = "CN"):
        self.region = region

    def is_workday(self, day: date) -> bool:
        if self.region == "CN":
            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:
                pass  # year not published yet: fall back below
        return _holidays(self.region, day.year).is_working_day(day)

    def next_workday(self, start: date) -> date:
        """The first working day on or after `start`."""
        day = start
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def previous_workday(self, before: date) -> date:
        """The last working day strictly before `before`."""
        day = before - timedelta(days=1)
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day
