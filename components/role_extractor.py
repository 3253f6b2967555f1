"""Marks the speaker's own position as the `role` entity (executive or
manager), wherever in the sentence they say it (coach/roles.py): the role
slot then picks the senior or the middle manager's script."""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from coach.roles import speaker_role
from components.base import StatelessComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class SpeakerRoleExtractor(StatelessComponent, EntityExtractorMixin):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = speaker_role(message.get(TEXT) or "")
            if found:
                start, end, role = found
                entity = {"entity": "role", "start": start, "end": end, "value": role, "confidence": 1.0}
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name([entity]), add_to_output=True)
        return messages
