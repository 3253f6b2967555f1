"""The drill grader's classifier (coach.drill.meaning): trained from the
example phrasings in drill/rep_moves.yml, the drill files and taboo.yml, saved
to models/drill-grader.pkl, where the action server picks it up without a
restart. `make train` runs it; so does `make run` when a drill file changed.

    .venv/bin/python scripts/train_grader.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # the drill files are read relative to the project, as the action server does

from coach.drill import books  # noqa: E402
from coach.yamlfile import YamlProblems  # noqa: E402


def main() -> int:
    started = time.monotonic()
    try:
        detector = books.train_detector(ROOT)
    except YamlProblems as problems:
        print(problems)
        print("\n练习文件有问题，评分模型没有更新（make check 看详情）/ drill files have mistakes: grader not trained")
        return 1
    seconds = time.monotonic() - started
    print(f"评分模型训练完成 / drill grader trained: {len(detector.names)} moves ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
