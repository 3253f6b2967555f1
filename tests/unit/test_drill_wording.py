"""drill/wording.yml: the pieces drill feedback is assembled from."""

import os
import time

import pytest

from coach import yamlfile
from coach.drill import wording

SHIPPED = wording.PATH.read_text(encoding="utf-8")


def test_the_shipped_pieces_fill_a_summary_line():
    words = wording.load()
    assert (
        words.score_tries.format(label="价格太高", first=40, best=85, tries=2)
        == "· 价格太高：第一次 40 → 最好 85（2 次）"
    )
    assert words.listed([]) == "无" and words.listed(["转折", "约见"]) == "转折、约见"


def test_a_broken_save_keeps_the_last_good_pieces_while_the_bot_runs(tmp_path):
    path = tmp_path / "wording.yml"
    path.write_text(SHIPPED, encoding="utf-8")
    assert wording.current(path).none == "无"
    path.write_text(SHIPPED.replace("none: 无", "none: [无"), encoding="utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    with pytest.raises(yamlfile.YamlProblems):
        wording.load(path)  # make check reports it
    assert wording.current(path).none == "无"
