"""After the classifiers: the drill's intents only for the drill's commands.

The classifier guesses `start_drill` for lines a prospect says ("别烦我"),
and from then on every line the rep typed was graded. So: a message that is
a command (drill/commands.yml) gets that command's intent with certainty;
any other message classified as a command intent gets the next intent in the
ranking instead, or the fallback when that one is unsure; one that names a
scenario ("练习客诉", "练一下签单") is the rep picking that scenario."""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from coach import commands, registry
from coach import settings as coach_settings
from coach.chinese_variant import to_simplified
from coach.yamlfile import YamlProblems
from components.base import StatelessComponent

COMMAND_INTENTS = commands.DRILL_INTENTS


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DrillCommandGate(StatelessComponent):
    @staticmethod
    def get_default_config():
        return {"threshold": 0.3}  # as the FallbackClassifier's

    def process(self, messages: List[Message]) -> List[Message]:
        book = commands.current()
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            command = book.command(message.get(TEXT) or "")
            if command:
                chosen = {"name": commands.INTENTS[command], "confidence": 1.0}
            elif intent in COMMAND_INTENTS and self._names_a_scenario(message.get(TEXT) or ""):
                chosen = {
                    "name": registry.PICK_INTENT,
                    "confidence": (message.get(INTENT) or {}).get("confidence", 1.0),
                }
            elif intent in COMMAND_INTENTS:
                chosen = self._next_guess(message)
            else:
                continue
            ranking = [chosen] + [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != chosen["name"]]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _names_a_scenario(text: str) -> bool:
        try:
            scenarios = coach_settings.load().scenarios
        except YamlProblems:  # a broken coach.yml: make check reports it; the gate goes on
            return False
        return registry.named_in(to_simplified(text), scenarios) is not None

    def _next_guess(self, message: Message) -> dict:
        others = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get("name") not in COMMAND_INTENTS and r.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
        ]
        if others and others[0].get("confidence", 0.0) >= self.config.get("threshold", 0.3):
            return {"name": others[0]["name"], "confidence": others[0]["confidence"]}
        return {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
