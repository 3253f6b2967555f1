"""`make check`: the project's own rules for the YAML trainers edit.

    from coach.checks import run
    problems = run(Path("."))      # list of coach.yamlfile.Problem, sorted by file and line

Each problem's message starts with a code in brackets ([few-examples],
[no-proposal], ...); docs/trainer-guide.md explains every code. The checks
read files only (no training, no Rasa model) and take a second or two.
`rasa data validate` runs after them in `make check` for Rasa's own rules.

What is checked:
- YAML syntax of domain.yml, config.yml, coach.yml, endpoints.yml,
  credentials.yml and every .yml under data/, drill/, tests/stories/, tests/nlu/
- coach.yml against its schema (coach.settings)
- each objection listed in coach.yml: at least MIN_EXAMPLES examples, listed
  in domain.yml intents, has utter_rebuttal_<intent>_1, a rule sends it to
  action_rebut; rebuttals numbered without gaps; rebuttals of objections that
  propose a visit contain {visit_date} and {visit_time}
- the same example under two intents (after the pipeline's normalisation:
  full-width, whitespace, Traditional to Simplified; punctuation and case ignored)
- examples lines without `- `, examples not written as a block
- placeholders no slot or action fills (coach/checks/placeholders.py lists
  what the actions fill), and ones the speaker of that response does not fill
  (a rule fills slots only; action_rebut fills company, rep_name and the visit)
- unbalanced braces in responses
- taboo phrases (taboo.yml) in any response, in either script
- rules and stories (data/ and tests/stories/) naming an unknown intent,
  action, response, form, slot or entity; held-out examples of unknown intents
- the drill rubrics and customer lines (coach/drill/rubrics.py), when present
- a TODO left in any of these files (`make new-objection` marks what to write)
Warnings (printed, not failing): a phone reply longer than coach.yml's
reply.max_spoken_chars ([too-long]).
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Union

from coach.checks import rules
from coach.checks.project import Project
from coach.checks.rules import MIN_EXAMPLES
from coach.yamlfile import Problem

__all__ = ["run", "warnings", "MIN_EXAMPLES", "Problem"]


def run(project_dir: Union[str, Path] = ".") -> List[Problem]:
    """Every problem found in the project at `project_dir`, sorted by file and line."""
    project = Project.read(Path(project_dir))
    out = rules._Collector()
    examples = rules.read_examples(project, out)
    rules.check_examples(project, examples, out)
    rules.check_held_out(project, examples, out)
    rules.check_objections(project, examples, out)
    rules.check_responses(project, out)
    rules.check_taboos(project, out)
    rules.check_steps(project, out)
    rules.check_nlu_intents(project, out)
    problems = (
        project.problems
        + rules.check_settings(project)
        + out.problems
        + rules.check_drill(project)
        + rules.check_todos(project)
    )
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


def warnings(project_dir: Union[str, Path] = ".") -> List[Problem]:
    """What `make check` points out without failing: replies too long to say
    in one breath on the phone ([too-long])."""
    return rules.check_lengths(Project.read(Path(project_dir)))
