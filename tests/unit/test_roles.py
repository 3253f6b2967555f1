"""coach/roles.py: the speaker's own position, from anywhere in the sentence
(phrasings written apart from the training data)."""

import pytest

from coach.roles import speaker_role


@pytest.mark.parametrize(
    "text, role",
    [
        ("我是这家公司的老板，这个我们内部自己就能做", "executive"),
        ("这个我们内部自己就能做，我是这家公司的老板", "executive"),
        ("我是总经理", "executive"),
        ("公司是我开的，你说吧", "executive"),
        ("作为董事长，我觉得没这个必要", "executive"),
        ("我是這家公司的老闆", "executive"),
        ("我也是这边的总监，你直接说", "executive"),
        ("我是采购经理，供应商都定好了", "manager"),
        ("我是这里的部门经理", "manager"),
        ("我在这儿管采购", "manager"),
        ("我负责公司的采购，请讲", "manager"),
    ],
)
def test_the_speakers_own_position_is_found_anywhere(text, role):
    found = speaker_role(text)
    assert found and found[2] == role, found


@pytest.mark.parametrize(
    "text",
    ["你找我们老板吧", "我是老板的秘书", "我是来找你们经理的", "我们经理不在", "这得老板拍板", "我是他们经理的助理"],
)
def test_someone_elses_position_is_not_the_speakers(text):
    assert speaker_role(text) is None


def test_the_span_is_where_the_title_is_said():
    text = "喂，我是这家公司的总经理，什么事"
    start, end, _ = speaker_role(text)
    assert text[start:end] == "总经理"
