"""`make train`: the project checks, then `rasa train`, quietly; the verdict
is the last line. A running `make run` picks the new model up by itself.
`VERBOSE=1` shows Rasa's whole output; it is always in runtime/train.log.

    .venv/bin/python scripts/train.py [--no-check] [--force]
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from coach import checks  # noqa: E402
import quiet  # noqa: E402

MODEL = "models/objection-coach.tar.gz"


def main(argv) -> int:
    started = time.monotonic()
    if "--no-check" not in argv:
        problems = checks.run(ROOT)
        for problem in problems:
            print(problem)
        if problems:
            print(
                f"\n发现 {len(problems)} 个问题，先改好再训练（make check 看详情）。"
                f" / {len(problems)} problem(s): fix them before training (see `make check`)."
            )
            return 1
    args = ["train", "--domain", "domain", "--fixed-model-name", "objection-coach", "--out", "models"]
    if "--force" in argv:
        args.append("--force")
    code, output = quiet.run_rasa(args, ROOT / "runtime" / "train.log")
    seconds = time.monotonic() - started
    if code != 0:
        for line in quiet.worth_reading(output) or output.strip().splitlines()[-15:]:
            print("  " + line)
        print(
            f"\n训练失败（完整输出 runtime/train.log）/ training failed ({seconds:.0f} s; full output: runtime/train.log)"
        )
        return 1
    (ROOT / MODEL).touch()  # newer than its inputs even when Rasa reused a cached model
    print(f"训练完成 / trained: {MODEL} ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
