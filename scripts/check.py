"""`make check`: the project's own rules for trainer-edited YAML
(coach/checks), then Rasa's own validation (`rasa data validate`), quietly.
Prints every problem as file:line with a hint in Chinese and English, then
the verdict last; exits 1 if there is any problem. A YAML syntax error is
reported once, in plain words: Rasa's validation is skipped until it is
fixed (it would report the same line again, in the parser's words).
`VERBOSE=1` shows Rasa's whole output.

    .venv/bin/python scripts/check.py [project folder, default: the current one] [--no-rasa]
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from coach import checks  # noqa: E402
import quiet  # noqa: E402


def main(argv) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    root = Path(args[0]) if args else Path.cwd()
    started = time.monotonic()
    problems = checks.run(root)
    for problem in problems:
        print(problem)
    for warning in checks.warnings(root):
        print(f"注意 warning: {warning}")
    rasa_failed = False
    syntax = any("[yaml-syntax]" in p.message for p in problems)
    if "--no-rasa" not in argv and not syntax:
        code, output = quiet.run_rasa(
            ["data", "validate", "--domain", "domain", "--fail-on-warnings"],
            root / "runtime" / "validate.log",
            cwd=root,
        )
        if code != 0:
            rasa_failed = True
            lines = quiet.worth_reading(output) or output.strip().splitlines()[-15:]
            print("\nRasa 自己的检查没有通过 / Rasa's own validation failed:")
            for line in lines:
                print("  " + line)
            print("  （完整输出 full output: runtime/validate.log）")
    seconds = time.monotonic() - started
    if problems or rasa_failed:
        count = len(problems) + (1 if rasa_failed else 0)
        print(
            f"\n发现 {count} 个问题，请逐个修改后再运行 make check。"
            f" / {count} problem(s) found ({seconds:.1f}s); fix them and run `make check` again."
            "\n每个 [代码] 的含义见 docs/trainer-guide.md。 Each [code] is explained in docs/trainer-guide.en.md."
        )
        return 1
    print(f"\n项目检查通过 / project checks: OK ({seconds:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
