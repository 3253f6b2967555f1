"""Context decides: the same words can be a move of the scenario in force or
of another one ("你们售后根本没人管" is a bad experience on a cold call and a
complaint from a customer). The classifier ranks the intents; when its first
choice is a move of another scenario and a move of the scenario in force is
a close runner-up, the message is read as that move. Used by action_rebut
and by the NLU evaluation, so the tests score what the rep is answered."""

from __future__ import annotations

from typing import Collection, Sequence, Tuple

# How close the runner-up must be, as a share of the first choice's
# confidence. The rep chose the scenario, so it is a strong prior: only a
# message that clearly belongs elsewhere switches ("机器坏了三天了": 0.9 for
# a complaint, nothing near it for the cold call).
CONTEXT_RATIO = 0.2


def read_in_context(ranking: Sequence[Tuple[str, float]], moves: Collection[str], movable: Collection[str]) -> str:
    """The intent to answer: `ranking` is the classifier's (intent,
    confidence) list, best first; `moves` the scenario in force's; `movable`
    every scenario's (only those are answered by a scenario at all)."""
    if not ranking:
        return ""
    intent, top = ranking[0]
    if intent in moves or intent not in movable:
        return intent
    for name, confidence in ranking[1:4]:
        if name in moves and confidence >= CONTEXT_RATIO * top:
            return name
    return intent
