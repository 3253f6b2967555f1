"""Times customers name on the phone, resolved on Tuesday 24 Nov 2026, 10:00."""

from datetime import date, datetime, time

import cn2an
import pytest
from hypothesis import given, strategies as st

from coach.timeparse import NamedTime, find_spans, resolve

NOW = datetime(2026, 11, 24, 10, 0)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("下周三上午十点", NamedTime(date(2026, 12, 2), "上午", time(10, 0))),
        ("明天下午", NamedTime(date(2026, 11, 25), "下午", None)),
        ("11月28日", NamedTime(date(2026, 11, 28), None, None)),
        ("礼拜五两点半", NamedTime(date(2026, 11, 27), None, time(14, 30))),
        ("那就后天上午9:30吧", NamedTime(date(2026, 11, 26), "上午", time(9, 30))),
        ("十二月三号下午三点一刻", NamedTime(date(2026, 12, 3), "下午", time(15, 15))),
        ("星期天", NamedTime(date(2026, 11, 29), None, None)),
        ("这周一", NamedTime(date(2026, 11, 23), None, None)),
        ("下下周一", NamedTime(date(2026, 12, 7), None, None)),
        ("5号怎么样", NamedTime(date(2026, 12, 5), None, None)),  # past this month: next month
        ("1月5日", NamedTime(date(2027, 1, 5), None, None)),  # past this year: next year
        ("晚上八点", NamedTime(None, "晚上", time(20, 0))),
        ("中午12点半", NamedTime(None, "中午", time(12, 30))),
        ("2026-11-27T10:00", NamedTime(date(2026, 11, 27), None, time(10, 0))),
        ("週四下午3點", NamedTime(date(2026, 11, 26), "下午", time(15, 0))),
        # a day and its part in one word
        ("明早十点", NamedTime(date(2026, 11, 25), "早上", time(10, 0))),
        ("今晚7点", NamedTime(date(2026, 11, 24), "晚上", time(19, 0))),
        ("明晚八點", NamedTime(date(2026, 11, 25), "晚上", time(20, 0))),
    ],
)
def test_resolve(text, expected):
    assert resolve(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    ["能不能便宜一点", "我们每周一次例会", "价格太贵了", "2月30日", "下午好", ""],
)
def test_not_a_time_to_propose(text):
    assert find_spans(text) == [] or resolve(text, NOW) is None


def test_spans_mark_the_expression_in_the_sentence():
    assert find_spans("那就下周三上午十点吧，我在办公室") == [(2, 9, "下周三上午十点")]


WEEKDAY_WORDS = ["周", "星期", "礼拜"]
WEEKDAY_DIGITS = "一二三四五六日"


@given(
    prefix=st.sampled_from(["", "下"]),
    word=st.sampled_from(WEEKDAY_WORDS),
    weekday=st.integers(min_value=0, max_value=6),
    hour=st.integers(min_value=9, max_value=17),
    half=st.booleans(),
)
def test_any_weekday_and_hour_in_chinese_numerals(prefix, word, weekday, hour, half):
    part = "上午" if hour < 12 else "下午"
    spoken_hour = hour if hour <= 12 else hour - 12
    text = f"{prefix}{word}{WEEKDAY_DIGITS[weekday]}{part}{cn2an.an2cn(spoken_hour)}点{'半' if half else ''}"
    named = resolve(text, NOW)
    assert named is not None, text
    assert named.day.weekday() == weekday
    assert NOW.date() <= named.day
    if prefix == "下":
        assert named.day.isocalendar()[1] == NOW.date().isocalendar()[1] + 1
    assert named.clock == time(hour, 30 if half else 0)
