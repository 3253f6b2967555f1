"""Responses in the Chinese variant the customer writes: trainers write each text once,
in Simplified Chinese, and a customer typing Traditional reads Traditional.

Every bot message (rules' utter_ actions and custom actions' responses alike)
passes through the NLG, so this is the one place that converts.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from coach import settings as coach_settings
from coach.chinese_variant import Variant, detect_latest, to_traditional


def _user_texts(tracker: DialogueStateTracker) -> Iterator[Optional[str]]:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            yield event.text


def conversation_variant(tracker: DialogueStateTracker) -> Variant:
    """The variant of the customer's latest message that shows one; a reply
    like "好的" or a button payload keeps the variant used before it."""
    return detect_latest(_user_texts(tracker))


def convert_response(response: Dict[str, Any], variant: str) -> Dict[str, Any]:
    if response.get("text"):
        response["text"] = to_traditional(response["text"], variant)
    for button in response.get("buttons") or []:
        if button.get("title"):
            button["title"] = to_traditional(button["title"], variant)
    return response


class ChineseVariantNLG(TemplatedNaturalLanguageGenerator):
    def __init__(
        self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None, **_: Any
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> Optional[Dict[str, Any]]:
        response = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if response and conversation_variant(tracker) is Variant.TRADITIONAL:
            variant = coach_settings.load().traditional_variant
            response = convert_response(response, variant)
            # buttons an action sends with the response (the scenario menu) are
            # appended to it after this returns (Rasa's _utter_responses): the
            # same dicts, so converting them here converts what is sent
            convert_response({"buttons": kwargs.get("buttons") or []}, variant)
        return response
