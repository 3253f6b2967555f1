"""Which day the bot proposes, checked against the official calendars."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from coach.scheduling import Scheduler
from coach.settings import AppointmentSettings
from coach.workdays import WorkCalendar

CN = Scheduler(AppointmentSettings())


@pytest.mark.parametrize(
    "now, proposed",
    [
        # Tuesday: the next day
        (datetime(2026, 11, 24, 10), datetime(2026, 11, 25, 15)),
        # Friday: over the weekend to Monday
        (datetime(2026, 11, 27, 10), datetime(2026, 11, 30, 15)),
        # Before National Day (1-7 Oct 2026): after the holiday
        (datetime(2026, 9, 30, 10), datetime(2026, 10, 8, 15)),
        # Saturday 10 Oct 2026 is a make-up working day (调休)
        (datetime(2026, 10, 9, 10), datetime(2026, 10, 10, 15)),
        # Saturday 14 Feb 2026 is a make-up working day before Spring Festival
        (datetime(2026, 2, 13, 10), datetime(2026, 2, 14, 15)),
        # Year end: 1 Jan 2027 is a holiday, and 2027 is past chinesecalendar's data
        (datetime(2026, 12, 31, 10), datetime(2027, 1, 4, 15)),
        # Spring Festival 2027 from the `holidays` fallback (5-10 Feb)
        (datetime(2027, 2, 4, 10), datetime(2027, 2, 11, 15)),
    ],
)
def test_first_proposal(now, proposed):
    assert CN.first_proposal(now) == proposed


def test_region_taiwan_uses_its_own_holidays():
    tw = Scheduler(AppointmentSettings(region="TW", timezone="Asia/Taipei"))
    # 9 Oct 2026 (Friday) is a Taiwan holiday bridging to National Day; mainland works.
    assert not tw.calendar.is_workday(date(2026, 10, 9))
    assert CN.calendar.is_workday(date(2026, 10, 9))


def test_confirmation_call_is_the_working_day_before():
    now = datetime(2026, 11, 24, 10)
    assert CN.confirmation_call_day(datetime(2026, 11, 30, 15), now) == date(2026, 11, 27)
    # A visit tomorrow is confirmed today, never in the past.
    assert CN.confirmation_call_day(datetime(2026, 11, 25, 15), now) == date(2026, 11, 24)


def test_alternatives_are_morning_and_afternoon_of_the_next_working_day():
    morning, afternoon = CN.alternatives(datetime(2026, 11, 27, 15))
    assert (morning, afternoon) == (datetime(2026, 11, 30, 10), datetime(2026, 11, 30, 15))


moments = st.datetimes(min_value=datetime(2004, 1, 1), max_value=datetime(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(now=moments)
def test_first_proposal_is_the_earliest_working_day_ahead(now):
    proposal = CN.first_proposal(now)
    calendar = CN.calendar
    assert proposal.time() == CN.settings.visit_time
    assert proposal.date() >= now.date() + timedelta(days=1)
    assert calendar.is_workday(proposal.date())
    day = now.date() + timedelta(days=1)
    while day < proposal.date():
        assert not calendar.is_workday(day), f"skipped working day {day}"
        day += timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(now=moments)
def test_alternatives_never_repeat_the_declined_slot(now):
    declined = CN.first_proposal(now)
    morning, afternoon = CN.alternatives(declined)
    assert morning.date() == afternoon.date() > declined.date()
    assert CN.calendar.is_workday(morning.date())
    assert morning.hour < 12 <= afternoon.hour


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2004, 1, 1), max_value=date(2035, 12, 31)), region=st.sampled_from(["CN", "TW", "HK"])
)
def test_weekday_rules_hold_in_every_region_and_year(day, region):
    calendar = WorkCalendar(region)
    nxt = calendar.next_workday(day)
    assert calendar.is_workday(nxt) and nxt >= day
    assert calendar.previous_workday(day) < day
