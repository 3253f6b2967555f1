"""The drill grader on answers a rep might give, for every objection."""

import pytest

from coach.drill import books, grader, rubrics
from coach.chinese_variant import to_traditional
from coach.settings import load

BOOK = rubrics.load(load().objections)

STRONG = {
    "send_materials": [
        "没问题，资料一定给您。不过寄出去的资料常常在路上弄丢，我想亲自送过去，顺便把重点讲清楚。11月26日下午3点我正好在附近，您看方便吗？",
        "明白，您想先了解一下。我当面把资料带过去给您，省得您自己翻，十分钟就能讲清楚。下周三上午十点我过去，可以吗？",
    ],
    "in_house": [
        "太好了，这正是我打电话的原因。我们和很多同等规模的企业合作，是给内部团队做补充，让效率更高。周四下午3点我去拜访您，您看方便吗？",
        "理解，内部团队最了解情况。不少企业用我们做补充以后，总成本反而更低。明天下午两点我过去给您算算账，可以吗？",
    ],
    "have_supplier": [
        "太好了，这也是我打电话的原因。很多客户把我们当作第二供应商，补充现有供应商没照顾到的需求。下周一上午10点我去拜访您，方便吗？",
        "明白，有稳定的供应商是好事。同行里不少公司多一个选择以后，价格和服务都更有底气。12月3日下午3点我过去，您看可以吗？",
    ],
    "not_in_charge": [
        "不好意思打扰了，麻烦您帮个忙：负责这项业务的同事怎么称呼？直线电话是多少？然后麻烦您帮我转接一下，谢谢！",
        "请问负责采购的是哪位，贵姓？能告诉我他的手机号码吗？麻烦您转给他，非常感谢。",
    ],
    "no_budget": [
        "我理解。很多企业在认识我们之前，也和您的想法一样。采购是一个过程，现在正好先互相了解，方便您做下一期预算。周五下午3点我去拜访您，方便吗？",
        "明白，预算要按计划来。不少客户都是提前了解、明年再做规划的。下周二上午十点我过去给您做个参考，可以吗？",
    ],
    "too_expensive": [
        "您说得对，价格确实重要。很多和贵公司规模相近的企业选择我们，是因为总成本更低。下周三下午3点我过去拜访您，您看方便吗？",
        "理解，谁都希望花得值。不少同行客户算过账，长期看回报很划算。明天上午十点我带对比数据过去，可以吗？",
    ],
    "bad_experience": [
        "真的很抱歉给您带来不好的体验，换作是我也会有一样的感受。我想把这件事弥补好，周四下午3点我过去当面听您说，您看方便吗？",
        "对不起，给您添麻烦了，我完全理解您的心情。当时是哪里出了问题，我想当面了解清楚，该我们负责的一定处理好。下周一上午十点我过去，可以吗？",
    ],
}

WEAK = {
    "send_materials": "好的，我马上把资料寄给您。",
    "in_house": "哦，那好吧。",
    "have_supplier": "我们的产品很好。",
    "not_in_charge": "那我再打过来。",
    "no_budget": "那明年再说吧。",
    "too_expensive": "可以给您打九折。",
    "bad_experience": "我们的产品质量没有问题。",
}

REFUSALS = ["没办法，你自己解决吧", "不知道，我很忙改天再说", "爱买不买，随便你", "那算了"]


def score(objection, answer):
    return grader.grade(BOOK.rubrics[objection], answer, BOOK.penalties, books.detector())


@pytest.mark.parametrize("objection, answer", [(o, a) for o, answers in STRONG.items() for a in answers])
def test_strong_answers_in_own_words_score_80_or_more(objection, answer):
    graded = score(objection, answer)
    assert graded.score >= 80, (graded.score, graded.missing)
    assert graded.strong


@pytest.mark.parametrize("objection, answer", WEAK.items())
def test_weak_answers_score_30_or_less_and_name_what_is_missing(objection, answer):
    graded = score(objection, answer)
    assert graded.score <= 30
    assert graded.missing and graded.tip
    # the tip is the one for the heaviest missing element
    heaviest = max((e for e in BOOK.rubrics[objection].elements if e.label in graded.missing), key=lambda e: e.weight)
    assert graded.tip == heaviest.tip


@pytest.mark.parametrize("objection", STRONG)
@pytest.mark.parametrize("answer", REFUSALS)
def test_refusals_and_taboo_phrases_score_20_or_less(objection, answer):
    assert score(objection, answer).score <= 20


def test_a_taboo_phrase_costs_points_in_a_good_answer():
    good = STRONG["too_expensive"][0]
    assert score("too_expensive", good + "不行的话，没办法").score == score("too_expensive", good).score - 20


@pytest.mark.parametrize(
    "objection, honest, taboo",
    [
        # seed 001: no fault admitted before anyone checked, no fix stated that nobody checked
        (
            "bad_experience",
            STRONG["bad_experience"][1],
            "对不起，上次确实是我们没做好，我完全理解您的心情。我们已经改进了流程，下周一上午十点我过去，可以吗？",
        ),
        # seed 001: no made-up acquaintance
        (
            "not_in_charge",
            STRONG["not_in_charge"][0],
            "不好意思打扰了，我之前和贵公司的一位经理合作过，麻烦您帮我转接负责的同事，他怎么称呼？直线电话是多少？谢谢！",
        ),
        # a price objection is answered with value, not a discount
        (
            "too_expensive",
            STRONG["too_expensive"][0],
            "您说得对，价格确实重要。很多同规模企业选择我们，这次可以给您打个九折。下周三下午3点我过去，您看方便吗？",
        ),
        # seed 001: never run down the prospect's supplier
        (
            "have_supplier",
            STRONG["have_supplier"][0],
            "太好了，这也是我打电话的原因。很多客户都换成了我们，你们现在的供应商服务太差了。下周一上午10点我去拜访您，方便吗？",
        ),
    ],
)
def test_honest_answers_keep_their_points_and_taboos_lose_them(objection, honest, taboo):
    assert not score(objection, honest).penalties
    graded = score(objection, taboo)
    assert graded.penalties and graded.score <= score(objection, honest).score - 20


@pytest.mark.parametrize(
    "polite",
    [
        "不知道您明天下午3点方便吗？",  # a polite question, not "I don't know"
        "我们不打折，但算下来总成本更低。",  # refusing a discount is no discount
        "如果是我们的问题，我们一定负责到底。",  # taking responsibility once it is checked
        "您看行不行？",
    ],
)
def test_polite_and_honest_wording_is_no_taboo(polite):
    assert grader.taboos_in(BOOK.penalties, polite) == []


@pytest.mark.parametrize("objection", STRONG)
def test_traditional_answers_score_the_same(objection):
    for answer in STRONG[objection] + [WEAK[objection]]:
        simplified = score(objection, answer)
        traditional = score(objection, to_traditional(answer, "s2twp"))
        assert (traditional.score, traditional.found) == (simplified.score, simplified.found)


def test_feedback_names_found_and_missing_moves_in_plain_words():
    graded = score("too_expensive", "您说得对，价格很重要，我们的总成本更低。")
    assert graded.found == ["积极转折", "讲总成本和价值，不讲单价"]
    assert "具体日期" in graded.missing and "封闭式提问约见" in graded.missing


def test_summary_shows_first_and_best_scores_what_was_skipped_and_what_to_practise():
    records = [
        score("too_expensive", STRONG["too_expensive"][0]).as_record(),
        score("no_budget", "我理解，很多企业一开始也没预算。").as_record(),
        score("no_budget", "太好了，那明年再说。").as_record(),
        score("bad_experience", "抱歉，那下周三下午三点我过去可以吗？").as_record(),
    ]
    planned = ["too_expensive", "no_budget", "bad_experience", "have_supplier"]
    summary = grader.summarise(records, BOOK.rubrics, planned)
    by_label = {a.label: (a.first, a.best, a.tries) for a in summary.attempts}
    assert by_label["价格太高"] == (100, 100, 1)
    # a worse second try does not hide the first, nor a zero the best
    assert by_label["没有预算"] == (records[1]["score"], max(records[1]["score"], records[2]["score"]), 2)
    assert summary.not_practised == ["已有供应商"]
    assert summary.practise == "no_budget" and summary.practise_label == "没有预算"
    # every attempt counts: a date missed twice (2 x 15) outweighs a 20-point move missed once
    assert summary.weakest == "具体日期"


def test_when_every_answer_was_strong_the_next_to_practise_is_one_not_reached():
    records = [score("too_expensive", STRONG["too_expensive"][0]).as_record()]
    summary = grader.summarise(records, BOOK.rubrics, ["too_expensive", "in_house"])
    assert summary.practise == "in_house" and summary.not_practised == ["内部自己能做"]


def model_rebuttals():
    """Every variation of every rebuttal the bot says, for the objections with a rubric."""
    import yaml

    from tests.conftest import ROOT

    values = {
        "visit_date": "12月3日（星期四）",
        "visit_time": "下午3点",
        "company": "星辰办公",
        "rep_name": "小王",
        "option1_date": "今天",
        "option1_time": "下午3点",
        "option2_date": "12月3日（星期四）",
        "option2_time": "上午10点",
    }
    responses = yaml.safe_load((ROOT / "domain" / "cold_call.yml").read_text(encoding="utf-8"))["responses"]
    for name, variations in responses.items():
        objection = name[len("utter_rebuttal_") :].rsplit("_", 1)[0] if name.startswith("utter_rebuttal_") else None
        if objection in BOOK.rubrics:
            for variation in variations:
                yield objection, variation["text"].format(**values)


@pytest.mark.parametrize("objection, text", list(model_rebuttals()))
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_bots_own_rebuttals_score_85_or_more_against_their_rubric(objection, text, script):
    """The model answer shown after a drill answer must pass the drill it models."""
    answer = to_traditional(text, "s2twp") if script == "traditional" else text
    graded = score(objection, answer)
    assert graded.score >= 85 and not graded.penalties, (graded.score, graded.missing, graded.penalties)


@pytest.mark.parametrize(
    "closed", ["您能给我二十分钟吗？", "您能給我二十分鐘嗎？", "下午三点过去，可不可以？", "您看好不好？"]
)
def test_closed_questions_in_their_common_forms(closed):
    graded = score("no_budget", "明白，预算要按计划来。不少客户都是提前了解的。周四下午3点我过去，" + closed)
    assert "封闭式提问约见" in graded.found
