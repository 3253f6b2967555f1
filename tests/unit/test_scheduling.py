"""What the bot makes of a time the customer names (now: Tue 24 Nov 2026 10:00)."""

from datetime import date, datetime

import pytest

from coach.scheduling import Scheduler, Verdict
from coach.settings import AppointmentSettings
from coach.timeparse import resolve

NOW = datetime(2026, 11, 24, 10, 0)
SCHEDULER = Scheduler(AppointmentSettings())
PENDING = datetime(2026, 11, 25, 15, 0)


@pytest.mark.parametrize(
    "text, verdict, moment",
    [
        ("下周三上午十点", Verdict.ACCEPTED, datetime(2026, 12, 2, 10)),
        ("礼拜五两点半", Verdict.ACCEPTED, datetime(2026, 11, 27, 14, 30)),
        # only a time: on the day already proposed
        ("四点吧", Verdict.ACCEPTED, datetime(2026, 11, 25, 16)),
        # day and part of day: the bot suggests the hour and asks
        ("明天下午", Verdict.ASK, datetime(2026, 11, 25, 15)),
        ("周四上午", Verdict.ASK, datetime(2026, 11, 26, 10)),
        # Saturday: next working day, same hour
        ("11月28日上午十点", Verdict.NOT_WORKDAY, datetime(2026, 11, 30, 10)),
        ("周日", Verdict.NOT_WORKDAY, datetime(2026, 11, 30, 15)),
        # after office hours: that day at the usual visit time
        ("周四晚上八点", Verdict.OUTSIDE_HOURS, datetime(2026, 11, 26, 15)),
        ("明天早上七点", Verdict.OUTSIDE_HOURS, datetime(2026, 11, 25, 15)),
        # already over: a fresh proposal
        ("这周一下午三点", Verdict.PAST, datetime(2026, 11, 25, 15)),
        ("今天上午九点", Verdict.PAST, datetime(2026, 11, 25, 15)),
        # national holiday next year (chinesecalendar stops at 2026: holidays fallback)
        ("明年1月1日上午十点".replace("明年", ""), Verdict.NOT_WORKDAY, datetime(2027, 1, 4, 10)),
    ],
)
def test_judge(text, verdict, moment):
    judgement = SCHEDULER.judge(resolve(text, NOW), NOW, PENDING)
    assert (judgement.verdict, judgement.moment) == (verdict, moment)


def test_today_later_is_fine():
    judgement = SCHEDULER.judge(resolve("今天下午四点", NOW), NOW, PENDING)
    assert judgement.verdict is Verdict.ACCEPTED
    assert judgement.moment == datetime(2026, 11, 24, 16)


@pytest.mark.parametrize(
    "signed, today, plan",
    [
        # an ordinary week: day 2 Friday, day 5 Monday, day 12 Monday
        (date(2026, 12, 2), None, [date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 14)]),
        # National Day 2025 (1-8 October off): day 2 and day 5 both land after it, one after the
        # other; day 12 is Saturday 11 October, a make-up working day
        (date(2025, 9, 29), None, [date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11)]),
        # reported five days late: the missed call is today, the next one the working day after
        (date(2026, 11, 27), date(2026, 12, 2), [date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 9)]),
    ],
)
def test_the_2_5_12_follow_up_calls_fall_on_working_days_in_order(signed, today, plan):
    assert SCHEDULER.follow_up_plan(signed, (2, 5, 12), today) == plan
