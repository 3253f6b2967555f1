"""Times a customer names on the phone: 下周三上午十点, 明天下午, 11月28日,
礼拜五两点半, 15:00, or an ISO value from a button payload.

`find_spans` is used by the NLU extractor (no clock needed); `resolve` turns
one expression into a date and/or time relative to `now`, in the action
server, so tests can freeze the clock. Chinese numerals go through cn2an.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import List, Optional, Tuple

import cn2an

from coach.chinese_variant import to_simplified

_NUM = r"[0-9零〇一二两三四五六七八九十]{1,3}"
_WEEKDAY_CHARS = "一二三四五六日天1234567"

_DATE = (
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<rel>大后天|后天|明天|明儿|明早|明晚|今天|今儿|今早|今晚)"
    rf"|(?<!每)(?P<wprefix>下下个?|下个?|这个?|本)?(?:周|星期|礼拜)(?P<wd>[{_WEEKDAY_CHARS}])(?!次)"
    rf"|(?:(?P<mon>{_NUM})月份?)?(?P<day>{_NUM})(?:日|号)"
)
_PART = r"(?P<part>早上|早晨|上午|中午|下午|傍晚|晚上)"
_CLOCK = rf"(?P<hour>{_NUM})\s*(?:点钟?|[:：时])\s*" rf"(?P<minute>半|一刻|三刻|{_NUM}(?:分)?)?"
_EXPRESSION = re.compile(rf"(?:{_DATE})?\s*(?:{_PART})?\s*(?:{_CLOCK})?(?:T(?P<isotime>\d{{1,2}}:\d{{2}}))?")

PARTS_AFTERNOON = {"下午", "傍晚", "晚上"}
# a day and its part in one word: 明早十点 is tomorrow morning
_DAY_WITH_PART = {"明早": "早上", "今早": "早上", "明晚": "晚上", "今晚": "晚上"}
_OFFSETS = {
    "今天": 0,
    "今儿": 0,
    "今早": 0,
    "今晚": 0,
    "明天": 1,
    "明儿": 1,
    "明早": 1,
    "明晚": 1,
    "后天": 2,
    "大后天": 3,
}


@dataclass(frozen=True)
class NamedTime:
    """What the customer said: any of a day, a part of the day, a clock time."""

    day: Optional[date] = None
    part: Optional[str] = None
    clock: Optional[time] = None

    @property
    def is_exact(self) -> bool:
        return self.day is not None and self.clock is not None


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _matches(text: str):
    for match in _EXPRESSION.finditer(text):
        groups = match.groupdict()
        has_date = any(groups[k] for k in ("iso", "rel", "wd", "day"))
        if not (has_date or groups["part"] or groups["hour"]):
            continue
        # "便宜一点" / "有一点" use 一点 as "a little", not one o'clock.
        if groups["hour"] == "一" and not (has_date or groups["part"] or groups["minute"]):
            continue
        yield match


def find_spans(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, text) of each time expression, for entity extraction."""
    spans = []
    for match in _matches(text):
        start, end = match.span()
        value = match.group(0).strip()
        # A bare part of day ("下午好") is not a time the customer proposes.
        if match.group("part") == value and not re.search(r"可以|行|有空|方便|吧|过来|来", text):
            continue
        offset = len(match.group(0)) - len(match.group(0).lstrip())
        spans.append((start + offset, start + offset + len(value), value))
    return spans


def _resolve_day(groups: dict, today: date) -> Optional[date]:
    if groups["iso"]:
        return date.fromisoformat("-".join(f"{int(p):02d}" for p in groups["iso"].split("-")))
    if groups["rel"]:
        return today + timedelta(days=_OFFSETS[groups["rel"]])
    if groups["wd"]:
        wd = groups["wd"]
        weekday = 6 if wd in "日天7" else (int(wd) - 1 if wd.isdigit() else "一二三四五六".index(wd))
        prefix = groups["wprefix"] or ""
        monday = today - timedelta(days=today.weekday())
        if prefix.startswith("下下"):
            return monday + timedelta(weeks=2, days=weekday)
        if prefix.startswith("下"):
            return monday + timedelta(weeks=1, days=weekday)
        if prefix:  # 这周三 / 本周三: this week's, even if it has passed
            return monday + timedelta(days=weekday)
        ahead = (weekday - today.weekday()) % 7  # 周三: the coming one
        return today + timedelta(days=ahead)
    if groups["day"]:
        day_number = _number(groups["day"])
        if groups["mon"]:
            month = _number(groups["mon"])
            candidate = _safe_date(today.year, month, day_number)
            if candidate and candidate < today:
                candidate = _safe_date(today.year + 1, month, day_number)
            return candidate
        candidate = _safe_date(today.year, today.month, day_number)
        if candidate is None or candidate < today:
            next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
            candidate = _safe_date(next_month.year, next_month.month, day_number)
        return candidate
    return None


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _part(groups: dict) -> Optional[str]:
    return groups["part"] or _DAY_WITH_PART.get(groups["rel"] or "")


def _resolve_clock(groups: dict) -> Optional[time]:
    if groups["isotime"]:
        hours, minutes = groups["isotime"].split(":")
        return _safe_time(int(hours), int(minutes))
    if not groups["hour"]:
        return None
    hour = _number(groups["hour"])
    minute_text = (groups["minute"] or "").rstrip("分")
    minute = {"": 0, "半": 30, "一刻": 15, "三刻": 45}.get(minute_text)
    if minute is None:
        minute = _number(minute_text)
    part = _part(groups)
    if part in PARTS_AFTERNOON and hour < 12:
        hour += 12
    elif part == "中午" and hour < 3:
        hour += 12
    elif part is None and 1 <= hour <= 6:
        hour += 12  # "两点半" on a business call means the afternoon
    return _safe_time(hour, minute)


def _safe_time(hour: int, minute: int) -> Optional[time]:
    try:
        return time(hour, minute)
    except ValueError:
        return None


def resolve(expression: str, now: datetime) -> Optional[NamedTime]:
    """The first time expression in `expression`, relative to `now`; None if
    there is none or it names an impossible date (2月30日)."""
    for match in _matches(to_simplified(expression.strip())):
        groups = match.groupdict()
        day = _resolve_day(groups, now.date())
        has_date = any(groups[k] for k in ("iso", "rel", "wd", "day"))
        if has_date and day is None:
            return None
        clock = _resolve_clock(groups)
        if groups["hour"] and clock is None:
            return None
        return NamedTime(day=day, part=_part(groups), clock=clock)
    return None


_PAST_DAYS = {"今天": 0, "今儿": 0, "昨天": 1, "昨儿": 1, "昨日": 1, "前天": 2}


def day_in_past(text: str, today: date) -> date:
    """The day an event the rep reports happened ("王总昨天签了", "11月30日签的"):
    today unless the text names an earlier day. Names that `resolve` reads as
    upcoming (a weekday, a date) are taken as the latest such day not after today."""
    simplified = to_simplified(text or "")
    for word, back in _PAST_DAYS.items():
        if word in simplified:
            return today - timedelta(days=back)
    named = resolve(simplified, datetime.combine(today, time(0, 0)))
    day = named.day if named else None
    if day is None or day <= today:
        return day or today
    if re.search(r"(周|星期|礼拜)", simplified):  # a weekday: the last one before today
        return today - timedelta(days=(today.weekday() - day.weekday()) % 7 or 7)
    for year in (today.year, today.year - 1):  # a month and day: this year's, else last year's
        earlier = _safe_date(year, day.month, day.day)
        if earlier and earlier <= today:
            return earlier
    return today
