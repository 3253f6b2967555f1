"""Read every trainer-edited YAML file of a project once, keeping line
numbers (coach.yamlfile), and index what the checks need: the domain's names,
the NLU examples, the rules and stories."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

from coach import yamlfile
from coach.registry import Objection, Scenario, objections_in, scenarios_in
from coach.yamlfile import Problem, YamlProblems

YAML_SUFFIXES = (".yml", ".yaml")
# Top-level files of a Rasa project plus ours; the folders are searched for *.yml.
FILES = ("domain.yml", "config.yml", "coach.yml", "endpoints.yml", "credentials.yml")
REQUIRED = ("domain.yml", "config.yml", "coach.yml")
TRAINING_DIRS = ("data",)
TEST_DIRS = ("tests/stories", "tests/nlu")
DRILL_DIR = "drill"


def rasa_defaults() -> Tuple[Set[str], Set[str], Set[str]]:
    """Intents, actions and slots every Rasa assistant has without declaring them."""
    from rasa.shared.core import constants

    return set(constants.DEFAULT_INTENTS), set(constants.DEFAULT_ACTION_NAMES), set(constants.DEFAULT_SLOT_NAMES)


def coded(problem: Problem, code: str, root: Path) -> Problem:
    """The problem with its file relative to the project and `[code]` in front
    (syntax errors come in plain words from coach/yaml_errors.py)."""
    file = problem.file
    try:
        file = Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    message = problem.message if problem.message.startswith("[") else f"[{code}] {problem.message}"
    return dataclasses.replace(problem, file=file, message=message)


@dataclass
class Doc:
    """One YAML file: its path relative to the project and its round-trip data."""

    rel: str
    data: Any

    def line(self, path) -> Optional[int]:
        return yamlfile.line_of(self.data, path)


@dataclass
class Example:
    intent: str
    text: str  # as written, entity annotations removed
    doc: Doc
    line: Optional[int]  # None when the block's lines cannot be told apart


@dataclass
class Step:
    """A step of a rule or story (conditions included), with where it is."""

    doc: Doc
    path: list
    step: Any
    kind: str  # "rules" or "stories"
    block: int  # index of the rule/story in its file
    index: int  # index of the step in `steps` (-1 for a condition)


@dataclass
class Project:
    root: Path
    problems: List[Problem] = field(default_factory=list)
    docs: Dict[str, Doc] = field(default_factory=dict)
    unreadable: List[str] = field(default_factory=list)  # files with syntax errors
    memo: Dict[Any, Any] = field(default_factory=dict)  # what checks read once (the examples)

    # ------------------------------------------------------------- loading
    def load(self, rel: str, required: bool = False) -> Optional[Doc]:
        path = self.root / rel
        if not path.exists():
            if required:
                self.problems.append(
                    Problem(
                        rel,
                        None,
                        f"[missing-file] 找不到文件 {rel} / {rel} is missing",
                        f"项目根目录下必须有 {rel}。 The project needs {rel} in its top folder.",
                    )
                )
            return None
        try:
            data = yamlfile.load(path)
        except YamlProblems as e:
            self.problems += [coded(p, "yaml-syntax", self.root) for p in e.problems]
            self.unreadable.append(rel)
            return None
        doc = Doc(rel, data)
        self.docs[rel] = doc
        return doc

    def yaml_files(self, folder: str) -> List[str]:
        base = self.root / folder
        if not base.is_dir():
            return []
        return sorted(
            p.relative_to(self.root).as_posix() for p in base.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()
        )

    @classmethod
    def read(cls, root: Path, skip: Tuple[str, ...] = ()) -> "Project":
        project = cls(Path(root))
        for rel in FILES:
            if rel == "domain.yml" and not (project.root / rel).exists() and (project.root / "domain").is_dir():
                for part in project.yaml_files("domain"):
                    project.load(part)
                continue
            project.load(rel, required=rel in REQUIRED)
        for folder in TRAINING_DIRS + TEST_DIRS:
            for rel in project.yaml_files(folder):
                project.load(rel)
        for rel in project.yaml_files(DRILL_DIR):
            if rel not in skip:
                project.load(rel)
        return project

    # ------------------------------------------------------------- views
    def training_data_complete(self) -> bool:
        """False when a file under data/ could not be read: counting examples
        or looking for rules would then report mistakes that are not there."""
        return not any(rel.startswith(tuple(d + "/" for d in TRAINING_DIRS)) for rel in self.unreadable)

    def domain_complete(self) -> bool:
        """False when a domain file could not be read: its names would be
        reported missing everywhere else."""
        return not any(rel == "domain.yml" or rel.startswith("domain/") for rel in self.unreadable)

    def training_docs(self, key: str, tests: bool = False) -> Iterator[Doc]:
        """Files under data/ (and tests/ when asked) with a top-level `key`."""
        dirs = TRAINING_DIRS + (TEST_DIRS if tests else ())
        for rel, doc in self.docs.items():
            if any(rel.startswith(d + "/") for d in dirs) and isinstance(doc.data, dict) and key in doc.data:
                yield doc

    @property
    def coach(self) -> Optional[Doc]:
        return self.docs.get("coach.yml")

    def objections(self) -> Dict[str, Objection]:
        """Objection intent -> its options, read leniently so the other checks
        still run when coach.yml has a schema mistake."""
        return objections_in(self.coach.data if self.coach else None)

    def scenarios(self) -> Dict[str, Scenario]:
        """Scenario name -> Scenario (the cold call first), read leniently."""
        return scenarios_in(self.coach.data if self.coach else None)

    def domain_docs(self) -> List[Doc]:
        """The domain's files; none while one of them cannot be read (its
        names would be reported missing everywhere else)."""
        if not self.domain_complete():
            return []
        return [
            doc
            for rel, doc in self.docs.items()
            if (rel == "domain.yml" or rel.startswith("domain/")) and isinstance(doc.data, dict)
        ]

    def domain_section(self, key: str) -> Dict[str, Tuple[Doc, list]]:
        """Name -> (file, path) for `intents`, `actions`, `entities` (lists of
        names or one-key mappings) and `responses`, `slots`, `forms` (mappings)."""
        names: Dict[str, Tuple[Doc, list]] = {}
        for doc in self.domain_docs():
            section = doc.data.get(key)
            if isinstance(section, dict):
                for name in section:
                    names.setdefault(str(name), (doc, [key, name]))
            elif isinstance(section, list):
                for i, item in enumerate(section):
                    name = next(iter(item), None) if isinstance(item, dict) else item
                    if name is not None:
                        names.setdefault(str(name), (doc, [key, i]))
        return names

    def examples(self, held_out: bool = False) -> Iterator[Tuple[Doc, int, Any]]:
        """(file, index, item) for each `- intent:` item under nlu: in the
        training data (or, with held_out, in tests/nlu/)."""
        docs = (
            [d for d in self.training_docs("nlu", tests=True) if d.rel.startswith("tests/")]
            if held_out
            else self.training_docs("nlu")
        )
        for doc in docs:
            for i, item in enumerate(doc.data.get("nlu") or []):
                if isinstance(item, dict) and "intent" in item:
                    yield doc, i, item

    def steps(self, tests: bool = True) -> Iterator[Step]:
        for kind in ("rules", "stories"):
            for doc in self.training_docs(kind, tests=tests):
                for b, block in enumerate(doc.data.get(kind) or []):
                    if not isinstance(block, dict):
                        continue
                    for part in ("condition", "steps"):
                        for j, step in enumerate(block.get(part) or []):
                            yield Step(doc, [kind, b, part, j], step, kind, b, j if part == "steps" else -1)
