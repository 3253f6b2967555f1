"""How dates and times are said in the bot's replies (Simplified Chinese;
the NLG converts to Traditional when needed)."""

from __future__ import annotations

from datetime import date, datetime, time

WEEKDAYS = "一二三四五六日"


def say_date(day: date) -> str:
    """11月26日（星期四）; the year is added only when it is not this year's,
    which callers pass as `today`."""
    return f"{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def say_date_with_year(day: date, today: date) -> str:
    text = say_date(day)
    return text if day.year == today.year else f"{day.year}年{text}"


def say_day(day: date, today: date) -> str:
    """今天 for today (a call-back later today), the date otherwise."""
    return "今天" if day == today else say_date_with_year(day, today)


def say_time(moment: time) -> str:
    """下午3点, 上午10点半, 下午2点15分, 中午12点."""
    hour = moment.hour
    if hour < 12:
        part, shown = "上午", hour
    elif hour == 12:
        part, shown = "中午", 12
    elif hour < 19:  # 18:00 is still 下午6点 in office talk
        part, shown = "下午", hour - 12
    else:
        part, shown = "晚上", hour - 12
    if moment.minute == 0:
        minutes = ""
    elif moment.minute == 30:
        minutes = "半"
    else:
        minutes = f"{moment.minute}分"
    return f"{part}{shown}点{minutes}"


def say_moment(moment: datetime, today: date) -> str:
    return f"{say_date_with_year(moment.date(), today)}{say_time(moment.time())}"
