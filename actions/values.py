"""The values a response's placeholders are filled with: a moment as the
customer hears it ("明天（星期三）下午3点"), and the call-back choice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Dict, Optional

from coach.registry import Scenario
from coach.scheduling import Scheduler, to_iso
from coach.wording import say_date_with_year, say_day, say_time

# seed 004: the calls on the 2nd, 5th and 12th day after a sale
FOLLOW_UP_DAYS = (2, 5, 12)


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


def scenario_values(
    scheduler: Scheduler, now: datetime, scenario: Scenario, signed: Optional[date] = None
) -> Dict[str, Any]:
    """What a scenario's response may name, on top of `script_values`: the
    day after the visit for the follow-up call ({follow_up_date}), the calls
    after a sale counted from `signed` ({signed_date}, {call1_date}…), the
    scenario's title and its settings ({goodwill}, {discount_percent}…)."""
    today = now.date()
    values: Dict[str, Any] = dict(script_values(scheduler, now))
    visit = scheduler.first_proposal(now)
    values["follow_up_date"] = say_date_with_year(scheduler.next_workday_after(visit.date()), today)
    days = scenario.settings.get("follow_up_days")
    offsets = [d for d in days if isinstance(d, int)] if isinstance(days, list) else list(FOLLOW_UP_DAYS)
    signed = signed or today
    values["signed_date"] = say_day(signed, today)
    for i, day in enumerate(scheduler.follow_up_plan(signed, offsets or FOLLOW_UP_DAYS, today), start=1):
        values[f"call{i}_date"] = say_day(day, today)
    values["title"] = scenario.title
    values.update({key: "" if value is None else value for key, value in scenario.settings.items()})
    return values
