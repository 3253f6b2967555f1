"""Checks of the moves the drill grader finds by meaning: every example
phrasing a trainer wrote (drill/rep_moves.yml, an element's `examples` in
the drill files, taboo.yml's `meanings`) is one the move's own classifier
accepts, and one that no penalty would charge. Either means the examples
pull against each other: the grader will not learn what the trainer meant."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Tuple

from coach.checks.catalogue import Report, check
from coach.checks.project import Doc, Project
from coach.yamlfile import YamlProblems


def _written(project: Project) -> Iterator[Tuple[Doc, list, str, str]]:
    """(file, path of the example, move name, example) for every example a trainer wrote."""
    from coach.drill import rubrics

    docs: List[Tuple[Path, str]] = [(rubrics.REP_MOVES, "moves"), (rubrics.TABOO, "meanings")]
    for rel, section in docs:
        doc = project.load(str(rel))
        if doc is None or not isinstance(doc.data, dict):
            continue
        moves = doc.data.get(section)
        for key, spec in moves.items() if isinstance(moves, dict) else ():
            name = str(key) if section == "moves" else rubrics.meaning_name(doc.rel, [section, key])
            for i, example in enumerate((spec or {}).get("examples") or []):
                yield doc, [section, key, "examples", i], name, str(example)
    drill_files = [rubrics.RUBRICS] + sorted(
        p.relative_to(project.root) for p in (project.root / "drill").glob("*.yml")
    )
    for rel in dict.fromkeys(f for f in drill_files if f != rubrics.REP_MOVES):
        doc = project.load(str(rel))
        if doc is None or not isinstance(doc.data, dict):
            continue
        for section in ("shared_elements", "objections", "moves"):
            for item, spec in (doc.data.get(section) or {}).items():
                if section == "shared_elements":
                    elements = {item: spec}
                    prefix = [section]
                else:
                    elements = (spec or {}).get("elements") or {}
                    prefix = [section, item, "elements"]
                for key, element in elements.items():
                    path = prefix + [key]
                    name = rubrics.meaning_name(doc.rel, path)
                    for i, example in enumerate((element or {}).get("examples") or []):
                        yield doc, path + ["examples", i], name, str(example)


@check("move-example")
def check_move_examples(project: Project, report: Report) -> None:
    from coach.drill import books, meaning, rubrics

    try:
        detector = books.detector(project.root)
        penalties = [m.name for m in rubrics.load_taboos(project.root / rubrics.TABOO).meanings]
    except (YamlProblems, OSError):
        return  # the files' own mistakes are reported by the drill checks
    for doc, path, name, example in _written(project):
        line = doc.line(path)
        if detector.knows(name) and not detector.accepts(name, example):
            report.add(
                doc,
                line,
                "move-example",
                f"评分模型不认这句例句 / the move's classifier rejects its own example: {example}",
                "它可能和别的要点或反例太像：换个更典型的说法，或删掉相近的反例，再 make train。"
                " It may be too close to another move or a counter-example: reword it, then make train.",
            )
        if name in penalties:
            continue
        charged = detector.find(detector.read(meaning.segments(example)), penalties, meaning.PENALTY_THRESHOLD)
        if charged:
            report.add(
                doc,
                line,
                "move-example",
                f"这句例句会被当成扣分项（{'、'.join(sorted(charged))}）/ this example would also be penalised: {example}",
                "改一个说法，或在 taboo.yml 那个扣分项的 counter_examples 里加一句类似的话。"
                " Reword it, or add a similar sentence to that penalty's counter_examples in taboo.yml.",
            )
