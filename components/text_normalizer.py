"""First pipeline step: clean the text and convert Traditional to Simplified,
so one set of Simplified examples serves customers writing either script."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach.cleaning import MAX_NLU_CHARS, normalize
from coach.chinese_variant import to_simplified
from components.base import StatelessComponent

# The classifier cannot score a message with no tokens at all (sklearn gets a
# matrix with no columns). A lone symbol gives it an all-zero row instead,
# and EmptyInputGuard then sends the message to the fallback.
EMPTY_MARK = "∅"


# Registered as a featurizer because the recipe only lets tokenizers and
# featurizers see training data; it must be listed before SpacyNLP.
@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ChineseTextNormalizer(StatelessComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"max_chars": MAX_NLU_CHARS}

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self.max_chars = config["max_chars"]

    def _normalize(self, message: Message) -> None:
        text = message.get(TEXT)
        if isinstance(text, str):
            message.set(TEXT, normalize(text, self.max_chars) or EMPTY_MARK)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if example.get(ENTITIES):
                # Annotated offsets must stay valid: convert the script only,
                # and only where it keeps the length (t2s nearly always does).
                text = example.get(TEXT)
                converted = to_simplified(text)
                if len(converted) == len(text):
                    example.set(TEXT, converted)
            else:
                self._normalize(example)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalize(message)
        return messages
