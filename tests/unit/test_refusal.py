"""coach/refusal.py: does a sentence about a time refuse it?"""

import pytest

from coach.refusal import read_times, refuses


@pytest.mark.parametrize(
    "text",
    [
        "周四我有事，不方便",
        "那天下午不行",
        "下午没时间",
        "週四我沒空",
        "三点我走不开",
        "那天出差",
        "恐怕不太行",
        "上午我去不了",
        "週四我整天都在開會",  # a rep's fresh sentence the bot once took as a yes
        "明天下午我在忙",
    ],
)
def test_refusals(text):
    assert refuses(text)


@pytest.mark.parametrize(
    "text",
    [
        "那天我有空",
        "好啊，那天下午三点可以",
        "沒問題，三點見",
        "能不能下午三点",
        "周四行不行",
        "方便不方便",
        "不忙，来吧",
        "下周一下午吧，上午开会",
        "周四开会后可以",
        "周四下午不开会，可以过来",
        "那就周四吧，开会的事我来安排",
    ],
)
def test_not_refusals(text):
    assert not refuses(text)


@pytest.mark.parametrize(
    "text, expressions, offered, refused",
    [
        ("周四我有事，不方便", ["周四"], None, "周四"),
        ("三点我有个会，不行", ["三点"], None, "三点"),  # the refusal follows the time
        ("明天不行，周四上午十点吧", ["明天", "周四上午十点"], "周四上午十点", "明天"),  # a counter-offer
        ("不行，周四上午可以", ["周四上午"], "周四上午", None),  # a leading no is about the proposal
        ("周三下午不行，周四可以", ["周三下午", "周四"], "周四", "周三下午"),
        ("好啊，那天下午三点可以", ["那天下午三点"], "那天下午三点", None),
        ("週四我沒空", ["週四"], None, "週四"),
        ('/propose_time{"time":"2026-12-04T10:00"}', ["2026-12-04T10:00"], "2026-12-04T10:00", None),  # a button
    ],
)
def test_which_named_time_is_offered_and_which_refused(text, expressions, offered, refused):
    assert read_times(text, expressions) == (offered, refused)
