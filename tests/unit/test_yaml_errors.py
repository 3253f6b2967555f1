"""A YAML slip is reported in plain words, on the line where it is."""

import pytest

from coach import yamlfile

SLIPS = [
    (
        "one example indented 5 spaces, its neighbours 6",
        "nlu:\n  - intent: a\n    examples: |\n      - 你好\n     - 再见\n      - 好\n",
        5,
        "第 5 行缩进了 5 个空格，上下同一层的行是 6 个",
    ),
    (
        "a response name indented 3 spaces, the others 2",
        'responses:\n  utter_a:\n    - text: "a"\n   utter_b:\n    - text: "b"\n',
        4,
        "缩进了 3 个空格",
    ),
    ("a tab", "responses:\n\tutter_a:\n    - text: a\n", 2, "Tab"),
    ("a quote left open", 'responses:\n  utter_a:\n    - text: "abc\n  utter_b:\n    - text: "b"\n', 3, "引号"),
    ("a bracket left open", "x:\n  phrases: [a, b\n  y: 1\n", 2, "方括号"),
    ("a name without its colon", "responses:\n  utter_a\n    - text: a\n", 2, "少了冒号"),
    ("a name written twice", "responses:\n  utter_a:\n    - text: a\n  utter_a:\n    - text: b\n", 4, "出现了两次"),
    ("a key indented one space too far", "a:\n  b: 1\n   c: 2\n", 3, "缩进了 3 个空格"),
    # a quote inside an example is text, not the slip
    (
        "a missing colon after an example with a quote",
        'nlu:\n  - intent: a\n    examples: |\n      - 他说"不用了\n      - 好\nresponses:\n  utter_a\n    - text: a\n',
        7,
        "少了冒号",
    ),
]


@pytest.mark.parametrize("what, text, line, says", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_slip_is_named_in_plain_words_on_its_line(tmp_path, what, text, line, says):
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yamlfile.YamlProblems) as raised:
        yamlfile.load(path)
    [problem] = raised.value.problems
    assert problem.line == line and says in problem.message, problem
    assert "<block" not in problem.message and "token" not in problem.message  # no parser jargon
    assert " / " in problem.message  # Chinese and English
