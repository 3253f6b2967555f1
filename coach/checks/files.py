"""Checks of whole files: coach.yml against its schema, the drill files
(rubrics, customer lines, commands, feedback pieces) by their own loaders,
and TODOs left in any file the project reads."""

from __future__ import annotations

from typing import List

from coach.checks.catalogue import Report, check
from coach.checks.project import Project, coded
from coach.yamlfile import Problem, YamlProblems


@check("coach-settings")
def check_settings(project: Project, report: Report) -> None:
    from coach import settings

    doc = project.coach
    if doc is None:
        return
    try:
        settings.parse(doc.data, doc.rel)
    except YamlProblems as e:
        report.extend([coded(p, "coach-settings", project.root) for p in e.problems])
    except Exception as e:  # a value the schema lets through but parse() cannot use
        report.add(
            doc,
            None,
            "coach-settings",
            f"coach.yml 无法读取 cannot be used: {e}",
            "对照文件里的注释检查每个值。 Compare each value with the comments in the file.",
        )


@check("drill", "yaml-syntax")
def check_drill(project: Project, report: Report) -> None:
    """The drill rubrics and customer lines (coach/drill/rubrics.py), the
    commands (coach/commands.py) and the feedback pieces
    (coach/drill/wording.py), each by its own loader, when the files exist."""
    from coach import commands
    from coach.drill import rubrics, wording

    found: List[Problem] = []
    for path, load in ((commands.PATH, commands.load), (wording.PATH, wording.load)):
        if (project.root / path).exists():
            try:
                load(project.root / path)
            except YamlProblems as e:
                found += e.problems
    rubrics_path, lines_path = project.root / rubrics.RUBRICS, project.root / rubrics.LINES
    objections = project.objections()
    if objections and (rubrics_path.exists() or lines_path.exists()):
        try:
            rubrics.load(objections, rubrics_path, lines_path, project.root / rubrics.TABOO)
        except YamlProblems as e:
            found += e.problems
    report.extend(
        [coded(p, "yaml-syntax" if p.message.startswith("YAML syntax error") else "drill", project.root) for p in found]
    )


@check("todo")
def check_todos(project: Project, report: Report) -> None:
    """A TODO left in any file the project reads (the skeleton `make
    new-objection` writes marks each piece to write)."""
    for rel, doc in sorted(project.docs.items()):
        try:
            text = (project.root / rel).read_text(encoding="utf-8")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if "TODO" in line:
                report.add(
                    doc,
                    number,
                    "todo",
                    f"第 {number} 行还有没写完的 TODO / a TODO left on line {number}: {line.strip()[:60]}",
                    "把 TODO 换成真正的内容（说明见 docs/trainer-guide.md 第 3 节）。"
                    " Replace the TODO with the real text (docs/trainer-guide.en.md, section 3).",
                )
