"""The speaker's own position, wherever they say it in the sentence.

Seed 003 answers a senior manager (the boss: cost and return) differently
from a middle manager (the team: support, less work). "我是这家公司的老板，
这个我们内部自己就能做" and "公司是我开的" say who is speaking as clearly as
"我是老板，……" does, so the role is read from the whole sentence, not after a
fixed prefix; and only the speaker's own: "你找我们老板吧" and "我是老板的
秘书" are not the boss speaking.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Sequence, Tuple

from coach.chinese_variant import to_simplified

EXECUTIVE = "executive"
MANAGER = "manager"
TITLES: Dict[str, Tuple[str, ...]] = {
    # longer titles first, so 采购经理 is read before 经理
    EXECUTIVE: ("董事长", "总经理", "创始人", "合伙人", "一把手", "老板", "老总", "总裁", "总监", "厂长", "CEO"),
    MANAGER: ("采购经理", "部门经理", "经理", "主管", "主任", "组长"),
}
_CLAUSE_END = r"[，,。.；;！!？?]"
# "我是/我就是/本人是/作为" + what they are ("这家公司的", "这里的"...), then the title;
# not followed by 的/助理/秘书 ("我是老板的秘书" is not the boss).
_STATEMENT = r"(?:我(?:就|也|正好)?是|本人是|作为)(?:(?!你|他|她|{end}).){{0,12}}?({title})(?!的|助理|秘书|身边)"
# Owning the company says executive without a title.
_OWNER = re.compile(r"公司(?:是|就是)我(?:自己)?(?:开|办|创)的|我(?:自己)?(?:开|办|创)的公司|公司是我(?:自己)?的")
# Running purchasing for the company says manager.
_IN_CHARGE = re.compile(r"我(?:在这儿|在这里|在公司|这边)?(?:专门)?(?:管|负责)(?:公司的|我们的)?(?:采购|行政|办公用品)")


def _pattern(titles: Sequence[str]) -> "re.Pattern[str]":
    return re.compile(_STATEMENT.format(end=_CLAUSE_END, title="|".join(map(re.escape, titles))))


def speaker_role(text: str, titles: Optional[Dict[str, Sequence[str]]] = None) -> Optional[Tuple[int, int, str]]:
    """(start, end, executive|manager) of the first place the speaker says
    their own position, or None. Traditional is read as Simplified (the
    conversion keeps every character's position)."""
    plain = to_simplified(text or "")
    found = []
    for role, words in (titles or TITLES).items():
        for match in _pattern(sorted(words, key=len, reverse=True)).finditer(plain):
            found.append((match.start(1), match.end(1), role))
    for pattern, role in ((_OWNER, EXECUTIVE), (_IN_CHARGE, MANAGER)):
        for match in pattern.finditer(plain):
            found.append((match.start(), match.end(), role))
    return min(found) if found else None
