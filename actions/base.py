"""What every action of the coach shares, call and drill alike: the
settings and the clock of this turn, and saying a domain response with the
values every script may name.

The words live in domain/; actions only choose the response and fill in
values, so trainers change scripts without touching Python. rasa-sdk shares
one action instance between concurrent requests, so everything that belongs
to one request travels in a `Turn`, never on the action.
"""

from __future__ import annotations

import string
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.slots import SCENARIO
from actions.values import moment_values
from coach import settings as coach_settings
from coach.registry import Scenario
from coach.scheduling import Scheduler
from coach.settings import Settings


class _AsWritten(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class Turn:
    """One request: who said what, and the settings and time it is answered with."""

    dispatcher: CollectingDispatcher
    tracker: Tracker
    domain: Dict[str, Any]
    settings: Settings
    scheduler: Scheduler
    now: datetime
    # the move the message is taken for when the scenario reads it otherwise
    # than the classifier's first choice (actions/scenarios.py `in_context`)
    reading: Optional[str] = None

    @classmethod
    def start(cls, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> "Turn":
        settings = coach_settings.load()
        scheduler = Scheduler(settings.appointment)
        return cls(dispatcher, tracker, domain, settings, scheduler, scheduler.now())

    @property
    def intent(self) -> str:
        if self.reading:
            return self.reading
        return (self.tracker.latest_message.get("intent") or {}).get("name") or ""

    @property
    def text(self) -> str:
        return str(self.tracker.latest_message.get("text") or "")

    @property
    def scenario(self) -> Scenario:
        """The scenario in force: the one the rep picked, else the cold call."""
        name = self.tracker.get_slot(SCENARIO)
        return self.settings.scenario(name if isinstance(name, str) else None)

    @property
    def responses(self) -> Dict[str, Any]:
        return self.domain.get("responses", {})

    def _filled(self, values: Dict[str, Any]) -> Dict[str, Any]:
        """What every response may name (the company, the rep), and `values`."""
        return dict(
            company=self.settings.company,
            rep_name=self.settings.rep_name,
            company_location=self.settings.company_location,
            **values,
        )

    def say(self, response: str, **values: Any) -> None:
        """A domain response, with the company and the rep's name filled in."""
        self.dispatcher.utter_message(response=response, **self._filled(values))

    def text_of(self, response: str, **values: Any) -> str:
        """The text `say` sends, filled in here (the Rasa server fills what is
        said; this is for keeping it, e.g. the model answer in a drill record):
        the response's first text, a placeholder without a value left as written."""
        texts = [v.get("text") for v in self.responses.get(response, []) if isinstance(v, dict) and v.get("text")]
        if not texts:
            return ""
        try:
            return string.Formatter().vformat(str(texts[0]), (), _AsWritten(self._filled(values)))
        except (ValueError, IndexError):  # a trainer's stray brace: the text as written
            return str(texts[0])

    def moment_values(self, moment: datetime, prefix: str = "visit") -> Dict[str, str]:
        return moment_values(moment, self.now.date(), prefix)


class CoachAction(Action, metaclass=ABCMeta):
    """Base class: subclasses implement `name` and `act`. Abstract, so
    rasa-sdk does not register the base classes as actions."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        return self.act(Turn.start(dispatcher, tracker, domain))

    @abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""

    @abstractmethod
    def act(self, turn: Turn) -> List[EventType]:
        """Say what fits and return the events (slots) to apply."""
