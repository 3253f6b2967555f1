"""Whether a time the customer names is offered or refused.

"周四我有事，不方便" names Thursday, and a time parser alone reads it as an
offer: the bot then booked the very slot the customer refused. Read clause by
clause instead: a time in a clause that says it does not suit, or followed by
a clause that does ("三点我有个会，不行"), is refused; a time in a clause of
its own after a refusal ("明天不行，周四上午十点吧") is a counter-offer. The
NLU classifies the sentence; this decides only what the classifier cannot
see, which named time is accepted and which refused.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

from coach.chinese_variant import to_simplified

# Words that say a time does not suit (Simplified; Traditional is converted).
REFUSING = (
    "不行",
    "不方便",
    "没空",
    "没时间",
    "没有时间",
    "抽不出",
    "有事",
    "有安排",
    "不在",
    "走不开",
    "去不了",
    "来不了",
    "不可以",
    "不合适",
    "排满",
    "出差",
    "请假",
    "没法",
    "恐怕不",
    "够呛",
    "不能",
    "很忙",
    "太忙",
    "忙不过来",
    "不太行",
    "算了",
    "有个会",
    "有会",
    "在开会",  # not "开会" alone: "周四开会后可以", "周四下午不开会"
    "要开会",
    "得开会",
    "在忙",
    "忙着",
)
# Words that point back at a time already on the table ("那天我要开会").
REFERRING_BACK = ("那天", "那个时间", "那个时候", "那时候", "那时", "那个点", "那会儿", "到时候", "这个时间", "那一天")
# "行不行", "能不能", "方便不方便": a question, not a refusal.
_A_NOT_A = re.compile(r"(.{1,2})不\1")
_CLAUSE = re.compile(r"[，,。.；;！!？?、\s]+")


def refuses(text: str) -> bool:
    """True if `text` says a time does not suit."""
    plain = _A_NOT_A.sub("", to_simplified(text or ""))
    return any(word in plain for word in REFUSING)


def refers_back(text: str) -> bool:
    """True if `text` speaks of a time already proposed ("那天不行")."""
    plain = to_simplified(text or "")
    return any(word in plain for word in REFERRING_BACK)


def read_times(text: str, expressions: Sequence[str]) -> Tuple[Optional[str], Optional[str]]:
    """(the first time expression offered, the first refused) in `text`,
    given the time expressions found in it (in order)."""
    clauses = [c for c in _CLAUSE.split(to_simplified(text or "")) if c]
    where = {}
    for expression in expressions:
        plain = to_simplified(expression)
        where[expression] = next((i for i, clause in enumerate(clauses) if plain in clause), None)
    timed = sorted({i for i in where.values() if i is not None})
    refused_clauses = set()
    for i, clause in enumerate(clauses):
        if not refuses(clause):
            continue
        if i in timed:
            refused_clauses.add(i)
        else:  # "……，不行" refers to the time before it; a leading "不行" to the proposal
            before = [t for t in timed if t < i]
            if before:
                refused_clauses.add(before[-1])
    if not timed and refuses(text):
        # the time was not found clause by clause (written differently): the whole sentence decides
        return None, (expressions[0] if expressions else None)
    offered = next((e for e in expressions if where[e] is not None and where[e] not in refused_clauses), None)
    refused = next((e for e in expressions if where[e] in refused_clauses), None)
    if offered is None and refused is None and expressions:
        offered = expressions[0]
    return offered, refused
