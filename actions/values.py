"""The values a response's placeholders are filled with: a moment as the
customer hears it ("明天（星期三）下午3点"), and the call-back choice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Dict

from coach.scheduling import Scheduler, to_iso
from coach.wording import say_date_with_year, say_day, say_time


def moment_values(moment: datetime, today: date, prefix: str = "visit") -> Dict[str, str]:
    """{prefix}_date, {prefix}_time and {prefix}_iso for a response."""
    return {
        f"{prefix}_date": say_date_with_year(moment.date(), today),
        f"{prefix}_time": say_time(moment.time()),
        f"{prefix}_iso": to_iso(moment),
    }


def callback_values(first: datetime, second: datetime, today: date) -> Dict[str, str]:
    """The two call-back times as option1/option2; later today is said "今天"."""
    values = {**moment_values(first, today, "option1"), **moment_values(second, today, "option2")}
    values["option1_date"], values["option2_date"] = say_day(first.date(), today), say_day(second.date(), today)
    return values


def script_values(scheduler: Scheduler, now: datetime) -> Dict[str, str]:
    """What a scripted rebuttal may name, shown on its own (the drill's model
    answer): the first visit proposal and the two call-back times."""
    return {
        **moment_values(scheduler.first_proposal(now), now.date()),
        **callback_values(*scheduler.callback_options(now), now.date()),
    }
