"""A YAML syntax error in plain words, in Chinese and English.

The parser's own words ("expected <block end>, but found '<block sequence
start>'") mean nothing to a trainer. Most slips are one of a few: a line
indented differently from its neighbours, a tab, a quote or a bracket left
open, a colon where YAML does not expect one. This names the slip and the
line where it is; anything else gets a plain general hint.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

GENERAL_HINT = (
    "检查这一行及上一行：缩进用空格、和同一层的行对齐，冒号后面有空格，引号和括号成对。"
    " Check this line and the one before: indent with spaces, aligned with its neighbours;"
    " a space after each colon; quotes and brackets in pairs."
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _kind(line: str) -> str:
    return "item" if line.lstrip().startswith("-") else "key"


def _odd_quotes(line: str) -> bool:
    plain = line.replace('\\"', "")
    if plain.lstrip().startswith("#"):
        return False
    return plain.count('"') % 2 == 1


_DUPLICATE = re.compile(r'found duplicate key "([^"]*)"')


def _neighbour_indent(lines: List[str], index: int) -> Optional[int]:
    """The indentation of the nearest line of the same kind (list item or
    key) above `index`, at a depth that makes sense for it."""
    here = lines[index]
    for j in range(index - 1, -1, -1):
        other = lines[j]
        if not other.strip() or other.lstrip().startswith("#"):
            continue
        if _kind(other) == _kind(here) and abs(_indent(other) - _indent(here)) <= 2:
            return _indent(other)
        if _indent(other) < _indent(here) - 2:
            break
    return None


def _inside_block_text(lines: List[str], index: int) -> bool:
    """True if line `index` is inside a `key: |` block (examples), where
    quotes are just text."""
    here = _indent(lines[index])
    for j in range(index - 1, -1, -1):
        if not lines[j].strip():
            continue
        if _indent(lines[j]) < here:
            return lines[j].rstrip().endswith(("|", ">", "|-", ">-"))
    return False


def explain(
    text: str, problem: str, context: str, problem_line: Optional[int], context_line: Optional[int]
) -> Tuple[Optional[int], str, str]:
    """(line, message, hint) for a YAML syntax error; lines are 1-based."""
    lines = text.splitlines()
    line = problem_line or context_line
    if "\t" in problem or "\\t" in problem:
        return (
            line,
            (
                f"第 {line} 行有 Tab 键（制表符）：YAML 的缩进只能用空格 / line {line} has a tab:"
                f" YAML indents with spaces only"
            ),
            "把这一行开头的 Tab 换成空格，和上下同一层的行对齐。 Replace the tab with spaces.",
        )
    duplicate = _DUPLICATE.search(problem)
    if duplicate:
        return (
            line,
            (
                f"名字 '{duplicate.group(1)}' 在同一层出现了两次 / '{duplicate.group(1)}' appears twice at the"
                f" same level"
            ),
            (
                "同一层里每个名字只能出现一次：改掉其中一个的名字，或删掉多余的那个。"
                " Each name may appear once at the same level: rename or delete one of them."
            ),
        )
    # an open quote: only between where the parser started the node and where it gave up
    start = (context_line or problem_line or 1) - 1
    for j in range(max(start, 0), min(problem_line or len(lines), len(lines))):
        if _odd_quotes(lines[j]) and not _inside_block_text(lines, j):
            return (
                j + 1,
                (f'第 {j + 1} 行的引号 " 没有配对 / the quote on line {j + 1} is not closed'),
                (
                    '在这句话的最后补上一个英文双引号 "；话里本身要用引号就用中文引号“”。'
                    " Close the text with a straight double quote; inside the text use “” instead."
                ),
            )
    if "flow sequence" in (context or "") or "flow mapping" in (context or ""):
        at = context_line or line
        return (
            at,
            (f"第 {at} 行的方括号 [ 没有配上 ] / the bracket [ on line {at} is not closed"),
            ("在列表的最后补上 ]，每项之间用英文逗号隔开。 Close the list with ] and separate items with commas."),
        )
    if "mapping values are not allowed" in problem and line and 0 < line <= len(lines):
        expected = _neighbour_indent(lines, line - 1)
        if expected is not None and expected != _indent(lines[line - 1]):
            return (
                line,
                (
                    f"第 {line} 行缩进了 {_indent(lines[line - 1])} 个空格，上下同一层的行是 {expected} 个 / line"
                    f" {line} is indented {_indent(lines[line - 1])} spaces; the lines around it use {expected}"
                ),
                (f"把这一行开头改成 {expected} 个空格。 Indent it by {expected} spaces."),
            )
        above = next((j for j in range(line - 2, -1, -1) if lines[j].strip()), None)
        if above is not None and ":" not in lines[above] and not lines[above].lstrip().startswith(("-", "#")):
            return (
                above + 1,
                (f"第 {above + 1} 行少了冒号 / line {above + 1} lacks its colon"),
                (f"在“{lines[above].strip()}”后面加上英文冒号 :。 Add a colon after the name."),
            )
        return (
            line,
            (f"第 {line} 行的冒号用法不对 / a colon on line {line} is not where YAML expects one"),
            (
                "检查上一行是不是少了冒号（名字后面写“: ”），或者这一行的话里有冒号：把整句话放进引号里。"
                " Check whether the line above lacks its colon, or put a text containing a colon in quotes."
            ),
        )
    if problem.startswith("expected <block end>") and line and 0 < line <= len(lines):
        expected = _neighbour_indent(lines, line - 1)
        found = _indent(lines[line - 1])
        if expected is not None and expected != found:
            return (
                line,
                (
                    f"第 {line} 行缩进了 {found} 个空格，上下同一层的行是 {expected} 个 / line {line} is indented"
                    f" {found} spaces; the lines around it use {expected}"
                ),
                (f"把这一行开头改成 {expected} 个空格。 Indent it by {expected} spaces."),
            )
        return (
            line,
            (f"第 {line} 行的缩进和上下文对不上 / line {line} is not indented like the lines around it"),
            GENERAL_HINT,
        )
    return line, f"第 {line} 行附近的写法 YAML 读不懂 / YAML cannot read the text near line {line}", GENERAL_HINT
