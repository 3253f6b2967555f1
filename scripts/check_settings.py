"""Check the trainer-edited settings and drill files (coach.yml, drill/*.yml)
and print every problem as file:line with a hint; exit 1 if there is any.
`make check` runs it before `rasa data validate`."""
import sys

from coach import settings
from coach.drill import rubrics
from coach.yamlfile import YamlProblems


def main() -> int:
    problems = []
    objections = {}
    try:
        objections = settings.load().objections
    except YamlProblems as e:
        problems += e.problems
    if objections:
        try:
            rubrics.load(objections)
        except YamlProblems as e:
            problems += e.problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} 个问题 problem(s) found.")
        return 1
    print("coach.yml and drill files: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
