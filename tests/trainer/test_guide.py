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
        codes |= set(re.findall(r'\[([a-z]+(?:-[a-z]+)+)\]', path.read_text(encoding="utf-8")))
    codes |= {"drill"}
    text = guide.read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert not missing, missing
