"""Context decides: the same words can be a move of the scenario in force or
of another one ("你们售后根本没人管" is a bad experience on a cold call and a
complaint from a customer). The classifier ranks the intents; when its first
choice is a move of another scenario and a move of the scenario in force is
a close runner-up, the message is read as that move. Used by action_rebut
and by the NLU evaluation, so the tests score what the rep is answered."""

from __future__ import annotations

from typing import Collection, Mapping, Optional, Sequence, Tuple

# How close the runner-up must be, as a share of the first choice's
# confidence. A scenario the rep picked is a strong prior: only a message
# that clearly belongs elsewhere leaves it. The cold call in force because
# nothing was picked is a weaker one: "机器坏了三天了" (0.9 for a complaint,
# nothing near it for the cold call) switches to the complaint.
PICKED_RATIO = 0.15
DEFAULT_RATIO = 0.4


def read_in_context(
    ranking: Sequence[Tuple[str, float]],
    moves: Collection[str],
    movable: Collection[str],
    treat_as: Optional[Mapping[str, str]] = None,
    picked: bool = True,
) -> str:
    """The intent to answer: `ranking` is the classifier's (intent,
    confidence) list, best first; `moves` the scenario in force's; `movable`
    every scenario's (only those are answered by a scenario at all);
    `treat_as` the scenario's own readings of other intents (coach.yml: on
    a cold call an angry outburst is the prospect asking not to be called);
    `picked`: the rep chose the scenario (else it is the default cold call)."""
    if not ranking:
        return ""
    intent, top = ranking[0]
    if intent in moves or intent not in movable:
        return intent
    if treat_as and treat_as.get(intent) in moves:
        return str(treat_as[intent])
    for name, confidence in ranking[1:4]:
        if name in moves and confidence >= (PICKED_RATIO if picked else DEFAULT_RATIO) * top:
            return name
    return intent
