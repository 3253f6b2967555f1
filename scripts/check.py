"""`make check`, first step: the project's own rules for trainer-edited YAML
(coach/checks). Prints every problem as file:line with a hint in Chinese and
English; exits 1 if there is any. `rasa data validate` runs after it.

    .venv/bin/python scripts/check.py [project folder, default: the current one]
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach import checks  # noqa: E402


def main(argv) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    started = time.monotonic()
    problems = checks.run(root)
    for problem in problems:
        print(problem)
    for warning in checks.warnings(root):
        print(f"注意 warning: {warning}")
    seconds = time.monotonic() - started
    if problems:
        print(f"\n发现 {len(problems)} 个问题，请逐个修改后再运行 make check。"
              f" / {len(problems)} problem(s) found ({seconds:.1f}s); fix them and run `make check` again."
              "\n每个 [代码] 的含义见 docs/trainer-guide.md。 Each [code] is explained in docs/trainer-guide.en.md.")
        return 1
    print(f"项目检查通过 / project checks: OK ({seconds:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
