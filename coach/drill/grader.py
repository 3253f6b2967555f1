"""Grade a rep's answer against a rubric: which moves it makes, which it
misses, what it costs in taboo phrases. Rule-based, so every point can be
explained to the rep."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from coach.cleaning import for_matching
from coach.drill import meaning
from coach.drill.meaning import Detector, Reading, Segment, segments
from coach.drill.rubrics import Element, Penalties, Rubric
from coach.timeparse import find_spans, resolve

STRONG = 70  # at or above: the customer moves on; below: one more push
QUOTE_CHARS = 60  # a move shown only across sentences is quoted by the answer's opening


@dataclass(frozen=True)
class Grade:
    objection: str
    score: int
    found: List[str]
    missing: List[str]
    penalties: List[str]  # what cost points, as the rep said it
    tip: str
    missing_keys: List[str] = field(default_factory=list)
    # each move found: the part of the answer that showed it (a substring of the answer)
    evidence: Dict[str, str] = field(default_factory=dict)

    @property
    def strong(self) -> bool:
        return self.score >= STRONG

    def as_record(self) -> Dict:
        return {
            "objection": self.objection,
            "score": self.score,
            "missing": self.missing,
            "missing_keys": self.missing_keys,
        }


def _has_date_or_time(text: str, which: str) -> bool:
    from datetime import datetime

    for _, _, span in find_spans(text):
        named = resolve(span, datetime(2026, 1, 5, 9))  # any fixed day: only the shape matters
        if named is None:
            continue
        if which == "date" and named.day is not None:
            return True
        if which == "time" and (named.clock is not None or named.part is not None):
            return True
    return False


def _by_wording(element: Element, text: str) -> bool:
    if any(for_matching(p) in text for p in element.phrases):
        return True
    if any(p.search(text) for p in element.patterns):
        return True
    return element.detect is not None and _has_date_or_time(text, element.detect)


def _evidence(
    element: Element, text: str, pieces: Sequence[Segment], by_meaning: Dict[str, Segment], answer: str
) -> Optional[Segment]:
    """The clause (or sentence) that makes the move: by its words first (a
    trainer's phrase or pattern, a date the parser reads) anywhere in the
    answer, as before there were clauses, quoting the first piece that shows
    it alone (else the answer's opening); else by meaning."""
    if _by_wording(element, text):
        shown = next((piece for piece in pieces if _by_wording(element, piece.text)), None)
        return shown or Segment(answer.strip()[:QUOTE_CHARS], text)
    return by_meaning.get(element.meaning or "")


def taboos_in(penalties: Penalties, text: str) -> List[str]:
    """The taboo phrases `text` uses (in either script), as written there."""
    text = for_matching(text)
    hits = [p for p in penalties.phrases if for_matching(p) in text]
    hits += [m.group(0) for p in penalties.patterns for m in [p.search(text)] if m]
    return hits


def _penalised(
    penalties: Penalties, answer: str, reading: Optional[Reading], detector: Optional[Detector]
) -> List[str]:
    """Taboo phrases, then penalties found by meaning (a discount offered in
    the rep's own words), each once; a clause already caught by a phrase is
    not charged twice."""
    hits = [hit.strip(meaning.EDGE_PUNCTUATION) or hit for hit in taboos_in(penalties, answer)]
    if detector is None or reading is None or not penalties.meanings:
        return hits
    found = detector.find(reading, [m.name for m in penalties.meanings], meaning.PENALTY_THRESHOLD)
    for piece in dict.fromkeys(found.values()):
        if not any(_core(hit) in piece.text for hit in hits):
            hits.append(piece.quote)
    return hits


def _core(hit: str) -> str:
    """A hit as matched in a clause: a pattern's hit may carry the comma before it (",不行")."""
    return for_matching(hit).strip(meaning.EDGE_PUNCTUATION)


def grade(rubric: Rubric, answer: str, penalties: Penalties, detector: Optional[Detector] = None) -> Grade:
    """`detector` finds moves by meaning (coach.drill.books.detector()); without
    it only the trainers' phrases, patterns and the date parser count."""
    text = for_matching(answer)
    pieces = segments(answer)
    reading = detector.read(pieces) if detector is not None else None
    taboos = _penalised(penalties, answer, reading, detector)
    # a clause that costs points shows no move by meaning ("便宜两成" is no talk of value)
    charged = [_core(t) for t in taboos]
    skip = {i for i, p in enumerate(pieces) if any(c and c in p.text for c in charged)}
    names = [e.meaning for e in rubric.elements if e.meaning]
    by_meaning = detector.find(reading, names, skip=skip) if detector is not None and reading is not None else {}
    shown = {e: _evidence(e, text, pieces, by_meaning, answer) for e in rubric.elements}
    found = [e for e in rubric.elements if shown[e] is not None]
    missing = [e for e in rubric.elements if shown[e] is None]
    score = sum(e.weight for e in found) - penalties.points * len(taboos)
    weakest = max(missing, key=lambda e: e.weight, default=None)
    # the missing move that costs most; "" when none is missing (the action
    # words the tip about taboos or praise, drill/wording.yml)
    tip = weakest.tip if weakest else ""
    return Grade(
        rubric.objection,
        max(0, min(100, score)),
        [e.label for e in found],
        [e.label for e in missing],
        taboos,
        tip,
        [e.key for e in missing],
        {e.label: piece.quote for e, piece in shown.items() if piece is not None},
    )


@dataclass(frozen=True)
class Attempts:
    objection: str
    label: str
    first: int
    best: int
    tries: int


@dataclass(frozen=True)
class Summary:
    attempts: List[Attempts]  # per objection, in drill order: first and best score
    average: int  # of the best scores
    weakest: Optional[str]  # the element missed most (by weight) across the drill
    practise: Optional[str]  # the objection to practise next (its key)
    practise_label: Optional[str]
    not_practised: List[str]  # labels of the drill's objections never answered


def summarise(records: Sequence[Dict], rubrics: Dict[str, Rubric], planned: Sequence[str] = ()) -> Summary:
    """End-of-drill summary from the stored records. Every attempt counts:
    the first score shows where the rep started, the best where they got to.
    `planned` is the drill's objections, to name the ones not reached."""

    def label(objection: str) -> str:
        return rubrics[objection].label if objection in rubrics else objection

    scores: Dict[str, List[int]] = {}
    missed: Counter = Counter()
    for record in records:
        objection = record["objection"]
        scores.setdefault(objection, []).append(int(record["score"]))
        weights = {e.label: e.weight for e in rubrics[objection].elements} if objection in rubrics else {}
        for missing in record.get("missing", []):
            missed[missing] += weights.get(missing, 1)
    not_practised = [label(o) for o in dict.fromkeys(planned) if o not in scores]
    if not scores:
        return Summary([], 0, None, None, None, not_practised)
    attempts = [Attempts(o, label(o), s[0], max(s), len(s)) for o, s in scores.items()]
    weakest = missed.most_common(1)[0][0] if missed else None
    lowest = min(attempts, key=lambda a: a.best)
    if lowest.best >= STRONG:  # all strong: go on with one not reached yet
        unreached = [o for o in dict.fromkeys(planned) if o not in scores]
        practise = unreached[0] if unreached else lowest.objection
    else:
        practise = lowest.objection
    average = round(sum(a.best for a in attempts) / len(attempts))
    return Summary(attempts, average, weakest, practise, label(practise), not_practised)
