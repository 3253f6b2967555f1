from datetime import date, datetime, time

import pytest

from coach.wording import say_date, say_moment, say_time


@pytest.mark.parametrize(
    "clock, said",
    [
        (time(9), "上午9点"),
        (time(10, 30), "上午10点半"),
        (time(12), "中午12点"),
        (time(15), "下午3点"),
        (time(14, 15), "下午2点15分"),
        (time(18), "下午6点"),
        (time(20), "晚上8点"),
    ],
)
def test_say_time(clock, said):
    assert say_time(clock) == said


def test_say_date_names_the_weekday():
    assert say_date(date(2026, 11, 26)) == "11月26日（星期四）"
    assert say_date(date(2026, 11, 29)) == "11月29日（星期日）"


def test_the_year_is_said_only_when_it_changes():
    assert say_moment(datetime(2027, 1, 4, 15), date(2026, 12, 31)) == "2027年1月4日（星期一）下午3点"
    assert say_moment(datetime(2026, 12, 1, 15), date(2026, 11, 30)) == "12月1日（星期二）下午3点"
