"""The trainer guide shows exactly the YAML the add-an-objection test adds,
in both languages, and explains every code `make check` can report."""

import re

import pytest

from tests.trainer.scratch import GUIDE_SNIPPETS, ROOT

GUIDES = [ROOT / "docs/trainer-guide.md", ROOT / "docs/trainer-guide.en.md"]


def code_blocks(text: str) -> str:
    return "\n".join(re.findall(r"```yaml\n(.*?)```", text, flags=re.S))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_shows_the_snippets_the_test_adds(guide):
    blocks = code_blocks(guide.read_text(encoding="utf-8"))
    for snippet in GUIDE_SNIPPETS:
        assert snippet.strip("\n") in blocks, snippet


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_check_code_is_explained(guide):
    codes = set()
    for path in (ROOT / "coach/checks").glob("*.py"):
        codes |= set(re.findall(r'"\[?([a-z]+(?:-[a-z]+)+)\]?"', path.read_text(encoding="utf-8")))
        codes |= set(re.findall(r"\[([a-z]+(?:-[a-z]+)+)\]", path.read_text(encoding="utf-8")))
    codes |= {"drill"}
    text = guide.read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert not missing, missing


def test_both_languages_are_kept_in_step():
    """Same sections in the same order, and the same YAML to copy (comments,
    which are translated, aside)."""
    zh, en = (guide.read_text(encoding="utf-8") for guide in GUIDES)
    assert re.findall(r"^(#+) ", zh, flags=re.M) == re.findall(r"^(#+) ", en, flags=re.M)

    def yaml_without_comments(text):
        blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
        return [[re.sub(r"\s+#.*$|^\s*#.*$", "", line).rstrip() for line in block.splitlines()] for block in blocks]

    assert yaml_without_comments(zh) == yaml_without_comments(en)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_retreat_snippet_in_the_guide_passes_the_check(guide, tmp_path):
    """The optional retreat the guide shows is a valid response for the objection it adds."""
    from coach import checks
    from tests.trainer.scratch import add_never_heard_of_us, copy_yaml, edit

    snippet = re.search(
        r"  ```yaml\n(    utter_retreat_never_heard_of_us:.*?)  ```", guide.read_text(encoding="utf-8"), flags=re.S
    ).group(1)
    project = copy_yaml(tmp_path / "project")
    add_never_heard_of_us(project)
    unindented = "\n".join(line[2:] for line in snippet.splitlines()) + "\n"
    edit(project / "domain.yml", "  # ---------- 第三次同样的拒绝", unindented + "\n  # ---------- 第三次同样的拒绝")
    assert checks.run(project) == []
