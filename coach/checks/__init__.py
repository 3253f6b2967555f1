"""`make check`: the project's own rules for the YAML trainers edit.

    from coach.checks import run
    problems = run(Path("."))      # list of coach.yamlfile.Problem, sorted by file and line

Each problem's message starts with a code in brackets ([few-examples],
[no-proposal], ...): coach/checks/catalogue.py lists them and
docs/trainer-guide.md explains each to trainers. The checks read files only
(no Rasa model; the drill grader's classifier is loaded, or trained in a few
seconds when the drill files changed) and take a few seconds; `rasa data
validate` runs after them in `make check` for Rasa's own rules.

The checks, by subject (each a function registered with its codes):
- files.py: YAML syntax of every file read; coach.yml against its schema;
  the drill rubrics, customer lines, commands and feedback pieces; TODOs left
- examples.py: example lines and blocks; the same example under two intents
  (after the pipeline's normalisation); held-out sentences that are training
  examples; examples of intents the domain does not list
- objections.py: each objection in coach.yml has enough examples, is in the
  domain, has a first rebuttal and a rule to action_rebut; rules that send an
  unlisted intent there
- responses.py: rebuttals named for a listed objection and numbered without
  gaps; placeholders whoever says the response fills; the proposal or
  call-back choice a rebuttal ends with; unbalanced braces; taboo phrases;
  and the one warning, replies too long for one breath ([too-long])
- scenarios.py: each scenario's moves have an intent, a first answer,
  enough examples and a rule; its drill file reads; intents, responses and
  drill files no scenario owns
- steps.py: rules and stories naming an unknown intent, action, response,
  form, slot or entity
- moves.py: the drill grader's example phrasings its own classifier rejects,
  or a penalty would charge (a warning, [move-example])
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Union

# importing the subject modules registers their checks
from coach.checks import examples, files, moves, objections, responses, scenarios, steps  # noqa: F401
from coach.checks.catalogue import CHECKS, Report
from coach.checks.objections import MIN_EXAMPLES
from coach.checks.project import Project
from coach.yamlfile import Problem

__all__ = ["run", "warnings", "MIN_EXAMPLES", "Problem"]


def _run(project_dir: Union[str, Path], warning: bool) -> List[Problem]:
    project = Project.read(Path(project_dir))
    report = Report()
    for registered in CHECKS:
        if registered.warning == warning:
            registered.function(project, report)
    problems = project.problems if not warning else []
    unique = list(dict.fromkeys(problems + report.problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


def run(project_dir: Union[str, Path] = ".") -> List[Problem]:
    """Every problem found in the project at `project_dir`, sorted by file and line."""
    return _run(project_dir, warning=False)


def warnings(project_dir: Union[str, Path] = ".") -> List[Problem]:
    """What `make check` points out without failing (the catalogue's warnings)."""
    return _run(project_dir, warning=True)
