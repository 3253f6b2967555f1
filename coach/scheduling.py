"""When to propose a visit, and what to make of a time the customer names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import List, Optional, Sequence, Tuple

from coach.settings import AppointmentSettings
from coach.timeparse import NamedTime
from coach.workdays import WorkCalendar


class Verdict(str, Enum):
    ACCEPTED = "accepted"  # a working day, office hours, in the future
    ASK = "ask"  # fine, but the customer left the day or hour open
    PAST = "past"
    NOT_WORKDAY = "not_workday"
    OUTSIDE_HOURS = "outside_hours"


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    moment: datetime  # the time to confirm, ask about or counter-propose
    asked: datetime  # how we read what the customer named (gaps filled in)


class Scheduler:
    def __init__(self, settings: AppointmentSettings, calendar: Optional[WorkCalendar] = None):
        self.settings = settings
        self.calendar = calendar or WorkCalendar(settings.region)

    def now(self) -> datetime:
        # Naive local time in the configured zone: all the bot's times are local.
        return datetime.now(self.settings.tz).replace(tzinfo=None)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock)

    def first_proposal(self, now: datetime) -> datetime:
        """A working day at least `min_days_ahead` days after today, at the visit time."""
        earliest = now.date() + timedelta(days=max(self.settings.min_days_ahead, 0))
        day = self.calendar.next_workday(earliest)
        moment = self._at(day, self.settings.visit_time)
        if moment <= now:  # min_days_ahead 0 and the visit time has passed
            moment = self._at(self.calendar.next_workday(day + timedelta(days=1)), self.settings.visit_time)
        return moment

    def alternatives(self, declined: datetime) -> Tuple[datetime, datetime]:
        """Two new slots on the next working day: morning or afternoon."""
        day = self.calendar.next_workday(declined.date() + timedelta(days=1))
        return self._at(day, self.settings.alternative_time), self._at(day, self.settings.visit_time)

    def callback_options(self, now: datetime) -> Tuple[datetime, datetime]:
        """Two times to call a busy prospect back, a closed choice: later
        today at the visit time if there is an hour left before it, else the
        next working day; the other one is the next slot after that (the
        following working day's morning, or the same day's afternoon)."""
        first_clock, second_clock = sorted((self.settings.alternative_time, self.settings.visit_time))
        today = now.date()
        if self.calendar.is_workday(today) and now + timedelta(hours=1) <= self._at(today, second_clock):
            later_today = self._at(today, second_clock)
            tomorrow = self.calendar.next_workday(today + timedelta(days=1))
            return later_today, self._at(tomorrow, first_clock)
        day = self.calendar.next_workday(today + timedelta(days=1))
        return self._at(day, first_clock), self._at(day, second_clock)

    def callback_day(self, now: datetime) -> date:
        """The working day to call again after a call ends without a visit."""
        return self.calendar.next_workday(now.date() + timedelta(days=self.settings.callback_after_days))

    def confirmation_call_day(self, visit: datetime, now: datetime) -> date:
        """The working day before the visit, when the rep calls to confirm
        (today at the earliest)."""
        return max(self.calendar.previous_workday(visit.date()), now.date())

    def next_workday_after(self, day: date) -> date:
        """The first working day strictly after `day` (the call after a repair visit)."""
        return self.calendar.next_workday(day + timedelta(days=1))

    def follow_up_plan(self, signed: date, days: Sequence[int], today: Optional[date] = None) -> List[date]:
        """The calls after a sale (seed 004's 2-5-12): each day counted on from
        the signing like a visit date, moved to the next working day, and
        always after the call before it (a long holiday would merge them).
        A day already past when the rep reports the sale late is today (or
        the next working day): a missed call is made now, not planned back."""
        plan: List[date] = []
        for offset in days:
            day = self.calendar.next_workday(max(signed + timedelta(days=offset), today or signed))
            if plan and day <= plan[-1]:
                day = self.next_workday_after(plan[-1])
            plan.append(day)
        return plan

    def in_office_hours(self, clock: time) -> bool:
        start, end = self.settings.office_hours
        return start <= clock <= end

    def _default_clock(self, part: Optional[str]) -> time:
        visit, morning = self.settings.visit_time, self.settings.alternative_time
        if part in ("早上", "早晨", "上午"):
            return morning if morning.hour < 12 else time(10, 0)
        if part == "中午":
            return time(12, 0)
        if part == "晚上":
            return time(19, 0)
        # 下午, 傍晚, or nothing said: the usual visit time
        return visit if visit.hour >= 12 or part is None else time(15, 0)

    def judge(self, named: NamedTime, now: datetime, pending: Optional[datetime] = None) -> Judgement:
        """Confirm, ask about, or counter-propose the time the customer named.
        A missing day is taken from the pending proposal (or the first one)."""
        fallback_day = (pending or self.first_proposal(now)).date()
        day = named.day or fallback_day
        clock = named.clock or self._default_clock(named.part)
        moment = self._at(day, clock)
        exact = named.clock is not None and (named.day is not None or pending is not None)

        if moment <= now:
            return Judgement(Verdict.PAST, self.first_proposal(now), moment)
        if not self.calendar.is_workday(day):
            next_day = self.calendar.next_workday(day)
            keep = clock if self.in_office_hours(clock) else self.settings.visit_time
            return Judgement(Verdict.NOT_WORKDAY, self._at(next_day, keep), moment)
        if not self.in_office_hours(clock):
            counter = self._at(day, self.settings.visit_time)
            if counter <= now:
                counter = self.first_proposal(now)
            return Judgement(Verdict.OUTSIDE_HOURS, counter, moment)
        if not exact:
            return Judgement(Verdict.ASK, moment, moment)
        return Judgement(Verdict.ACCEPTED, moment, moment)


def to_iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def from_iso(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M")


def parse_pending(values: Optional[List[str]]) -> List[datetime]:
    parsed = []
    for value in values or []:
        try:
            parsed.append(from_iso(value))
        except (TypeError, ValueError):
            continue  # a slot edited by hand: ignore what cannot be read
    return parsed
