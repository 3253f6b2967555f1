"""Load and check the trainer-edited drill files (drill/rubrics.yml,
drill/customer_lines.yml) and the taboo phrases (taboo.yml, which `make
check` also applies to the bot's own scripts). Every mistake is reported
with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Pattern, Tuple

from coach import yamlfile
from coach.drill.meaning import Meaning
from coach.yamlfile import Problem, YamlProblems

RUBRICS = Path("drill/rubrics.yml")
REP_MOVES = Path("drill/rep_moves.yml")
LINES = Path("drill/customer_lines.yml")
TABOO = Path("taboo.yml")
DETECTORS = ("date", "time")


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    weight: int
    tip: str
    phrases: Tuple[str, ...] = ()
    patterns: Tuple[Pattern, ...] = ()
    detect: Optional[str] = None
    meaning: Optional[str] = None  # the move found by meaning (coach.drill.meaning)


@dataclass(frozen=True)
class Rubric:
    objection: str
    label: str
    elements: Tuple[Element, ...]


@dataclass(frozen=True)
class Penalties:
    points: int = 20
    phrases: Tuple[str, ...] = ()
    patterns: Tuple[Pattern, ...] = ()
    meanings: Tuple[Meaning, ...] = ()  # discounts, running down others…: found by meaning


@dataclass(frozen=True)
class RepMoves:
    """drill/rep_moves.yml: the moves every scenario shares, defined once by
    examples, and `background`: what a rep says that is no move at all."""

    moves: Dict[str, Meaning] = field(default_factory=dict)
    background: Tuple[str, ...] = ()


@dataclass
class Drillbook:
    rubrics: Dict[str, Rubric]
    penalties: Penalties
    lines: Dict[str, List[str]] = field(default_factory=dict)
    pushback: Dict[str, List[str]] = field(default_factory=dict)
    # moves this drill defines by its own elements' `examples` (the shared ones are RepMoves)
    meanings: Dict[str, Meaning] = field(default_factory=dict)


def _strings(value) -> List[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


class _Reader:
    """Collects problems instead of stopping at the first one."""

    def __init__(self, data, file: str, rep_moves: Optional[RepMoves] = None):
        self.data, self.file = data, file
        self.problems: List[Problem] = []
        self.rep_moves = rep_moves or RepMoves()
        self.meanings: Dict[str, Meaning] = {}

    def problem(self, path, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, yamlfile.line_of(self.data, path), message, hint))

    def regexes(self, path, patterns: List[str]) -> Tuple[Pattern, ...]:
        compiled = []
        for i, pattern in enumerate(patterns):
            try:
                compiled.append(re.compile(pattern))
            except re.error as e:
                self.problem(
                    path + ["patterns", i],
                    f"正则表达式写错了 bad regular expression '{pattern}': {e}",
                    "检查括号是否成对、特殊字符（. * ? + ( ) [ ]）前是否要加 \\\\。",
                )
        return tuple(compiled)

    def element(self, key: str, spec, path) -> Optional[Element]:
        if not isinstance(spec, dict):
            self.problem(
                path,
                f"要素 '{key}' 的写法不对 element '{key}' must be a mapping",
                "要素下面要有 label、weight、tip 和 phrases/patterns/detect。",
            )
            return None
        phrases = _strings(spec.get("phrases"))
        patterns = self.regexes(path, _strings(spec.get("patterns")))
        detect = spec.get("detect")
        if detect is not None and detect not in DETECTORS:
            self.problem(path + ["detect"], f"detect 只能是 date 或 time，不能是 '{detect}'")
        meaning = self.meaning(key, spec, path)
        if not phrases and not patterns and detect is None and not spec.get("patterns") and meaning is None:
            self.problem(
                path,
                f"要素 '{key}' 没有任何例句、词语或规则 element '{key}' has no examples, phrases, patterns or detect",
                "写几句 examples 例句（或 rep_move: 引用 drill/rep_moves.yml 的要点），否则这个要素永远得不到分。",
            )
        if any(not p.strip() for p in phrases):
            self.problem(path + ["phrases"], f"要素 '{key}' 里有空词语 an empty phrase", "删掉空的词语。")
        weight = spec.get("weight")
        if not isinstance(weight, int) or weight <= 0:
            self.problem(
                path + ["weight"], f"要素 '{key}' 的 weight 必须是正整数 weight must be a positive whole number"
            )
            weight = 0
        return Element(
            key,
            str(spec.get("label", key)),
            weight,
            str(spec.get("tip", "")),
            tuple(p.strip() for p in phrases if p.strip()),
            patterns,
            detect,
            meaning,
        )

    def meaning(self, key: str, spec: dict, path) -> Optional[str]:
        """The element's move by meaning: `rep_move` names a shared one; its own
        `examples` (and `counter_examples`) define one, extending the shared one if named."""
        shared = None
        if "rep_move" in spec:
            shared = self.rep_moves.moves.get(str(spec["rep_move"]))
            if shared is None:
                known = ", ".join(sorted(self.rep_moves.moves)) or "（无）"
                self.problem(
                    path + ["rep_move"],
                    f"drill/rep_moves.yml 里没有要点 '{spec['rep_move']}' / unknown rep move",
                    f"可以引用的要点有：{known}。",
                )
        examples = [e.strip() for e in _strings(spec.get("examples")) if e.strip()]
        if examples or shared:
            # the tip's model sentence and the element's phrases are examples too
            examples += re.findall(r"“([^”]+)”", str(spec.get("tip", "")))
            examples += [p.strip() for p in _strings(spec.get("phrases")) if p.strip()]
        counters = [e.strip() for e in _strings(spec.get("counter_examples")) if e.strip()]
        if not examples:
            return shared.name if shared else None
        name = meaning_name(self.file, path)
        self.meanings[name] = Meaning(
            name,
            str(spec.get("label", key)),
            tuple(examples) + (shared.examples if shared else ()),
            tuple(counters) + (shared.counter_examples if shared else ()),
            ((shared.name,) + shared.overlaps) if shared else (),
        )
        return name


def meaning_name(file: str, path) -> str:
    """The classifier's name of a move a file defines by examples at `path`
    (a rubric element's, a taboo.yml penalty's); drill/rep_moves.yml's moves
    keep their own names, which `rep_move:` refers to."""
    return f"{Path(file).stem}:{'.'.join(str(p) for p in path)}"


def _meanings(reader: "_Reader", section, path: list, named=lambda name: str(name)) -> Dict[str, Meaning]:
    """A `moves:`-like mapping of moves defined by examples (rep_moves.yml,
    taboo.yml's meanings), each called `named(key)` by the classifier."""
    found: Dict[str, Meaning] = {}
    for name, spec in section.items() if isinstance(section, dict) else ():
        where = path + [name]
        spec = spec if isinstance(spec, dict) else {}
        examples = [e.strip() for e in _strings(spec.get("examples")) if e.strip()]
        if len(examples) < 3:
            reader.problem(
                where,
                f"'{name}' 的例句太少（{len(examples)} 句）/ '{name}' needs at least 3 examples",
                "写 3 句以上学员可能说的、意思到位的句子，说法越多样越好。",
            )
        overlaps = tuple(str(o) for o in _strings(spec.get("overlaps")))
        found[str(name)] = Meaning(
            named(name),
            str(spec.get("label", name)),
            tuple(examples),
            tuple(e.strip() for e in _strings(spec.get("counter_examples")) if e.strip()),
            overlaps,
        )
    for name, meaning in found.items():
        for other in meaning.overlaps:
            if other not in found:
                reader.problem(path + [name, "overlaps"], f"overlaps 里的 '{other}' 不存在 / unknown move")
    return found


def parse_rep_moves(data, file: str) -> Tuple[RepMoves, List[Problem]]:
    reader = _Reader(data, file)
    if not isinstance(data, dict) or not isinstance(data.get("moves"), dict):
        reader.problem([], f"{file} 应有 moves：每个要点的例句 / {file} needs `moves`")
        return RepMoves(), reader.problems
    moves = _meanings(reader, data["moves"], ["moves"])
    background = tuple(s.strip() for s in _strings(data.get("background")) if s.strip())
    return RepMoves(moves, background), reader.problems


def _checked(path: Path, parse, absent):
    """`parse(data, file)` of the file at `path`, raising YamlProblems; `absent` if there is no file."""
    if not Path(path).exists():
        return absent
    value, problems = parse(yamlfile.load(path), str(path))
    if problems:
        raise YamlProblems(problems)
    return value


def load_rep_moves(path: Path = REP_MOVES) -> RepMoves:
    """drill/rep_moves.yml, checked (raises YamlProblems); none if absent."""
    return _checked(path, parse_rep_moves, RepMoves())


def _shared(reader: "_Reader", data) -> Dict[str, Element]:
    shared = {}
    found = data.get("shared_elements") if isinstance(data, dict) else None
    for key, spec in found.items() if isinstance(found, dict) else ():
        element = reader.element(key, spec, ["shared_elements", key])
        if element:
            shared[key] = element
    return shared


def _rubric(reader: "_Reader", name: str, spec, path: list, shared: Dict[str, Element]) -> Rubric:
    """One move's rubric: the shared elements it `use`s and its own; weights sum to 100."""
    spec = spec if isinstance(spec, dict) else {}
    elements = []
    for i, ref in enumerate(spec.get("use") or []):
        if ref not in shared:
            reader.problem(
                path + ["use", i],
                f"引用了不存在的共用要素 '{ref}' unknown shared element",
                f"共用要素有：{', '.join(sorted(shared)) or '（无）'}。",
            )
        else:
            elements.append(shared[ref])
    for key, element_spec in (spec.get("elements") or {}).items():
        element = reader.element(key, element_spec, path + ["elements", key])
        if element:
            elements.append(element)
    total = sum(e.weight for e in elements)
    if total != 100:
        reader.problem(
            path,
            f"'{name}' 的要素分值合计是 {total}，应为 100 weights add up to {total}, not 100",
            "调整各要素的 weight，使它们加起来正好是 100。",
        )
    return Rubric(name, str(spec.get("label", name)), tuple(elements))


def parse_rubrics(
    data, file: str, objections: Iterable[str], rep_moves: Optional[RepMoves] = None
) -> Tuple[Dict[str, Rubric], Dict[str, Meaning], List[Problem]]:
    """drill/rubrics.yml: the cold call's rubrics, and the moves its elements define by examples."""
    reader = _Reader(data, file, rep_moves)
    known = set(objections)
    shared = _shared(reader, data)
    rubrics = {}
    for name, spec in (data.get("objections") or {}).items():
        path = ["objections", name]
        if name not in known:
            reader.problem(
                path,
                f"未知的异议 '{name}' unknown objection",
                f"异议名必须是 coach.yml 里 objections 下的名字之一：{', '.join(sorted(known))}。",
            )
            continue
        rubrics[name] = _rubric(reader, name, spec, path, shared)
    if "penalties" in data:
        reader.problem(
            ["penalties"],
            "禁忌语已移到 taboo.yml / taboo phrases moved to taboo.yml",
            "把 penalties 下的词语和规则移到 taboo.yml 的 phrases 和 patterns 里，然后删掉这一段。"
            " Move them to taboo.yml's phrases and patterns, then delete this section.",
        )
    return rubrics, reader.meanings, reader.problems


def parse_taboos(data, file: str) -> Tuple[Penalties, List[Problem]]:
    """taboo.yml: `points`, `phrases`, `patterns` and `meanings` (penalties found by meaning)."""
    reader = _Reader(data, file)
    if not isinstance(data, dict):
        reader.problem(
            [],
            "taboo.yml 应包含 points、phrases 和 patterns / taboo.yml must be a mapping",
            "照着文件开头的说明写。 Follow the comments at the top of the file.",
        )
        return Penalties(), reader.problems
    points = data.get("points", 20)
    if not isinstance(points, int) or isinstance(points, bool) or points < 0:
        reader.problem(
            ["points"],
            f"points 必须是不小于 0 的整数，不能是 '{points}' / points must be a whole number",
            "比如 points: 20。",
        )
        points = 20
    phrases = [p.strip() for p in _strings(data.get("phrases")) if p.strip()]
    patterns = reader.regexes([], _strings(data.get("patterns")))
    # named by file and key, so a penalty can never take a shared move's name
    meanings = _meanings(reader, data.get("meanings"), ["meanings"], lambda key: meaning_name(file, ["meanings", key]))
    return Penalties(points, tuple(phrases), patterns, tuple(meanings.values())), reader.problems


def load_taboos(path: Path = TABOO) -> Penalties:
    """taboo.yml, checked (raises YamlProblems); none if the file is absent."""
    return _checked(path, parse_taboos, Penalties())


def parse_lines(data, file: str, objections: Iterable[str]):
    reader = _Reader(data, file)
    known = set(objections)
    lines, pushback = {}, {}
    for name, spec in (data or {}).items():
        if name not in known:
            reader.problem(
                [name], f"未知的异议 '{name}' unknown objection", f"异议名必须是：{', '.join(sorted(known))}。"
            )
            continue
        lines[name] = [s for s in _strings((spec or {}).get("lines")) if s.strip()]
        pushback[name] = [s for s in _strings((spec or {}).get("pushback")) if s.strip()]
        if not lines[name]:
            reader.problem([name], f"'{name}' 没有客户台词 no customer lines", "在 lines 下至少写一句客户说的话。")
    return lines, pushback, reader.problems


class _Problems:
    """Runs the loading steps of one drill, keeping every file's problems."""

    def __init__(self) -> None:
        self.problems: List[Problem] = []

    def rep_moves(self, path: Path) -> RepMoves:
        return self._loaded(load_rep_moves, path, RepMoves())

    def taboos(self, path: Path) -> Penalties:
        return self._loaded(load_taboos, path, Penalties())

    def _loaded(self, load, path: Path, empty):
        """`load(path)`, or `empty` with its problems kept."""
        try:
            return load(path)
        except YamlProblems as e:
            self.problems += e.problems
            return empty

    def raise_any(self) -> None:
        if self.problems:
            raise YamlProblems(self.problems)


def load(
    objections: Iterable[str],
    rubrics_path: Path = RUBRICS,
    lines_path: Path = LINES,
    taboo_path: Path = TABOO,
    rep_moves_path: Path = REP_MOVES,
) -> Drillbook:
    """The cold call's drill files and the taboo phrases, checked; raises
    YamlProblems listing every mistake."""
    objections = list(objections)
    steps = _Problems()
    rep_moves = steps.rep_moves(rep_moves_path)
    rubrics: Dict[str, Rubric] = {}
    meanings: Dict[str, Meaning] = {}
    lines: Dict[str, List[str]] = {}
    pushback: Dict[str, List[str]] = {}
    try:
        rubrics, meanings, found = parse_rubrics(yamlfile.load(rubrics_path), str(rubrics_path), objections, rep_moves)
        steps.problems += found
    except YamlProblems as e:
        steps.problems += e.problems
    penalties = steps.taboos(taboo_path)
    lines_read = False
    try:
        lines, pushback, found = parse_lines(yamlfile.load(lines_path), str(lines_path), objections)
        steps.problems += found
        lines_read = True
    except YamlProblems as e:
        steps.problems += e.problems
    for name in rubrics if lines_read else ():
        if name not in lines:
            # reported where the rubric is, which is where the trainer just worked
            rubric_line = yamlfile.line_of(yamlfile.load(rubrics_path), ["objections", name])
            steps.problems.append(
                Problem(
                    str(rubrics_path),
                    rubric_line,
                    f"'{name}' 有评分标准但没有客户台词 / '{name}' has a rubric but no customer lines",
                    f"在 {lines_path} 最后加上 `{name}:` 和它的 `lines:`（客户说的话）。"
                    f" Add `{name}:` with its `lines:` at the end of {lines_path}.",
                )
            )
    steps.raise_any()
    return Drillbook(rubrics, penalties, lines, pushback, meanings)


def scenario_file(scenario: str) -> Path:
    """A scenario's drill: its customer lines and rubrics in one file."""
    return Path("drill") / f"{scenario}.yml"


def parse_scenario(
    data, file: str, moves: Iterable[str], shared: Dict[str, Element], rep_moves: Optional[RepMoves] = None
) -> Tuple[Drillbook, List[Problem]]:
    """drill/<scenario>.yml: `shared_elements` (its own, beside those of
    drill/rubrics.yml) and `moves`, each a rubric with its `lines` and `pushback`.
    The Drillbook returned has no penalties: they are taboo.yml's."""
    reader = _Reader(data, file, rep_moves)
    known = list(moves)
    book = Drillbook({}, Penalties())
    if not isinstance(data, dict) or not isinstance(data.get("moves"), dict):
        reader.problem([], f"{file} 应有 moves：每个客户说法的评分标准和台词 / {file} needs `moves`")
        return book, reader.problems
    everything = {**shared, **_shared(reader, data)}
    for name, spec in data["moves"].items():
        path = ["moves", name]
        if name not in known:
            reader.problem(
                path,
                f"场景里没有这个说法 '{name}' / '{name}' is not a drilled move of this scenario",
                f"coach.yml 里这个场景要练的说法是：{', '.join(known)}。",
            )
            continue
        book.rubrics[name] = _rubric(reader, name, spec, path, everything)
        spec = spec if isinstance(spec, dict) else {}
        book.lines[name] = [s for s in _strings(spec.get("lines")) if s.strip()]
        book.pushback[name] = [s for s in _strings(spec.get("pushback")) if s.strip()]
        if not book.lines[name]:
            reader.problem(path, f"'{name}' 没有客户台词 no customer lines", "在 lines 下至少写一句客户说的话。")
    for name in known:
        if name not in book.rubrics and name not in data["moves"]:
            reader.problem(
                ["moves"],
                f"说法 '{name}' 没有练习题 / move '{name}' has no rubric and lines",
                f"在 moves 下加上 `{name}:`，写 label、elements 和 lines。",
            )
    book.meanings.update(reader.meanings)
    return book, reader.problems


def load_scenario(
    moves: Iterable[str],
    path: Path,
    rubrics_path: Path = RUBRICS,
    taboo_path: Path = TABOO,
    rep_moves_path: Path = REP_MOVES,
) -> Drillbook:
    """A scenario's drill file with the shared elements of drill/rubrics.yml
    and the taboo phrases; raises YamlProblems listing every mistake."""
    steps = _Problems()
    rep_moves = steps.rep_moves(rep_moves_path)
    shared: Dict[str, Element] = {}
    shared_meanings: Dict[str, Meaning] = {}
    try:
        reader = _Reader(yamlfile.load(rubrics_path), str(rubrics_path), rep_moves)
        shared = _shared(reader, reader.data)
        shared_meanings = reader.meanings
    except YamlProblems as e:
        steps.problems += e.problems
    penalties = steps.taboos(taboo_path)
    book = Drillbook({}, penalties)
    try:
        book, found = parse_scenario(yamlfile.load(path), str(path), moves, shared, rep_moves)
        steps.problems += found
    except YamlProblems as e:
        steps.problems += e.problems
    steps.raise_any()
    book.penalties = penalties
    book.meanings = {**shared_meanings, **book.meanings}
    return book
