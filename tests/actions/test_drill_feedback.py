"""The feedback after a drill answer names each move found with the rep's
own words that showed it, in either script, and a paraphrase is graded as
the move it makes."""

import pytest

from tests.actions.test_drill_records import answer, drilling

PARAPHRASE = "您在意价格很正常。不少跟你们差不多大的公司都换成了我们，算上维护和售后，总的花费反而省。周四下午三点我过去，可以吗？"


@pytest.mark.usefixtures("frozen_clock")
async def test_a_paraphrase_is_praised_with_the_reps_own_words(domain, rasa_domain):
    feedback = answer(domain, rasa_domain, PARAPHRASE, drilling("too_expensive"))[0]
    assert "得分：100/100" in feedback
    assert "同类企业的例子（“不少跟你们差不多大的公司都换成了我们”）" in feedback
    assert "“周四下午三点我过去”" in feedback and "还缺少：无" in feedback


@pytest.mark.usefixtures("frozen_clock")
async def test_a_traditional_answer_is_quoted_as_written(domain, rasa_domain):
    feedback = answer(
        domain, rasa_domain, "不好意思打擾了，您先忙。我明早十點再打給您，還是下午四點？", drilling("busy")
    )[0]
    assert "“不好意思打擾了”" in feedback and "“您先忙”" in feedback
    assert "具体日期" in feedback.split("还缺少")[0] or "具體日期" in feedback.split("還缺少")[0]


@pytest.mark.usefixtures("frozen_clock")
async def test_a_discount_in_the_reps_words_is_named_first_and_earns_no_move(domain, rasa_domain):
    feedback = answer(domain, rasa_domain, "好吧，那我给您申请个内部价，便宜两成。", drilling("too_expensive"))[0]
    found, tip = feedback.split("还缺少")[0], feedback.split("建议：")[1]
    assert "得分：0/100" in feedback and "做到了：无" in found
    assert tip.startswith("别说“") and "内部价" in tip and "规模相近" in tip  # then the heaviest move missing
