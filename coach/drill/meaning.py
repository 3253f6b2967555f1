"""Moves found by meaning: a small classifier per move, trained from the
example phrasings trainers write in YAML (drill/rep_moves.yml, a rubric
element's `examples`, taboo.yml's `meanings`), so a rep's paraphrase counts
as the move it makes. Character n-grams and one linear model per move: no
word lists to keep, works the same for both scripts (answers are compared in
Simplified), trains in about a second, and every decision points at the
clause of the answer that showed it."""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Dict, List, Optional, Sequence, Tuple

import numpy as np

from coach.cleaning import for_matching

logger = logging.getLogger(__name__)

# bump when the features or the model change: an older saved model is retrained
VERSION = 1
THRESHOLD = 0.1  # probability at or above which a clause makes the move (calibrated on drill/labelled)
PENALTY_THRESHOLD = 0.5  # the same for what costs points: said clearly, or not charged
MAX_SEGMENTS = 400  # a 5,000-character answer has about 300 clauses; beyond, nothing new is said

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_CLAUSE = re.compile(r"[^，,、：:]+[，,、：:]?")
EDGE_PUNCTUATION = "，,、：:。！？!?；;…~～ "  # trimmed from quotes and hits


@dataclass(frozen=True)
class Meaning:
    """A move defined by examples. `overlaps`: moves close enough that their
    examples must not teach this one what it is not (an apology and empathy)."""

    name: str
    label: str
    examples: Tuple[str, ...]
    counter_examples: Tuple[str, ...] = ()
    overlaps: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    quote: str  # as the rep wrote it: always a substring of the answer
    text: str  # for matching: Simplified, lower case, no spaces
    sentence: bool = False  # a sentence of several clauses (quoted only when no clause alone shows the move)


def segments(answer: str) -> List[Segment]:
    """The answer's clauses, then each sentence of several clauses: a move
    is usually one clause, sometimes a sentence ("很多和您一样的企业，都……")."""
    found: List[Segment] = []
    for sentence in _SENTENCE.finditer(answer):
        clauses = [c.group(0) for c in _CLAUSE.finditer(sentence.group(0))]
        whole = [sentence.group(0)] if len(clauses) > 1 else []
        for piece in clauses + whole:
            # the text keeps its punctuation (a pattern may look for the ？); the quote does not
            text = for_matching(piece.strip())
            quote = piece.strip().rstrip(EDGE_PUNCTUATION)
            if quote.strip(EDGE_PUNCTUATION):
                found.append(Segment(quote, text, piece in whole))
        if len(found) >= MAX_SEGMENTS:
            break
    return found[:MAX_SEGMENTS]


def fingerprint(meanings: Sequence[Meaning], background: Sequence[str]) -> str:
    """What a trained model was trained from, as the classifier sees it (the
    texts after normalisation, so a change to the script conversion counts)
    and what trained it: a saved model is used only while this matches."""
    import sklearn

    seen = [
        (m.name, [for_matching(e) for e in m.examples], [for_matching(e) for e in m.counter_examples], m.overlaps)
        for m in sorted(meanings, key=lambda m: m.name)
    ]
    trained_by = (VERSION, sklearn.__version__, np.__version__)
    digest = hashlib.sha256(repr((trained_by, seen, [for_matching(t) for t in background])).encode())
    return digest.hexdigest()


class Detector:
    """One vectoriser, one weight column per move: an answer's clauses are
    featurised once and scored for every move in one product."""

    def __init__(self, vectorizer, names: List[str], weights: np.ndarray, bias: np.ndarray, print_: str):
        self.vectorizer = vectorizer
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}
        self.weights, self.bias, self.fingerprint = weights, bias, print_
        # each move's examples and counter-examples as feature rows: a clause
        # nearer a counter-example than any example is vetoed (what trainers mean
        # by "this does not count", kept even where the linear model is loose)
        self.nearest: Dict[str, Tuple[Any, Any]] = {}

    def knows(self, name: str) -> bool:
        return name in self.index

    def read(self, pieces: Sequence[Segment]) -> "Reading":
        """The pieces featurised once and scored for every move; penalties
        and moves are then found in the same reading."""
        features = self.vectorizer.transform([p.text for p in pieces]) if pieces else None
        scores = (
            1.0 / (1.0 + np.exp(-(features @ self.weights + self.bias)))
            if features is not None
            else np.zeros((0, len(self.names)))
        )
        return Reading(list(pieces), features, scores)

    def find(
        self,
        reading: "Reading",
        names: Sequence[str],
        threshold: Optional[float] = None,
        skip: Collection[int] = (),
    ) -> Dict[str, Segment]:
        """For each move in `names` this detector knows: the clause that makes
        it most clearly, if one does (pieces numbered in `skip` left aside)."""
        threshold = THRESHOLD if threshold is None else threshold
        wanted = [n for n in dict.fromkeys(names) if n in self.index]
        found = {}
        for name in wanted if reading.pieces else ():
            column = reading.scores[:, self.index[name]]
            passing = [i for i in np.argsort(-column) if column[i] >= threshold and i not in skip]
            passing = [i for i in passing if not self._vetoed(name, reading.features[i])]
            clauses = [i for i in passing if not reading.pieces[i].sentence]
            if passing:
                found[name] = reading.pieces[(clauses or passing)[0]]
        return found

    def _vetoed(self, name: str, row) -> bool:
        if name not in self.nearest:
            return False
        examples, counters = self.nearest[name]
        # rows are L2-normalised by the vectoriser: the product is the cosine
        nearest_counter = float((counters @ row.T).max())
        return nearest_counter > 0 and nearest_counter >= float((examples @ row.T).max())

    def accepts(self, name: str, text: str) -> bool:
        """Whether `text` as a whole makes move `name` (for `make check`)."""
        return bool(self.find(self.read(segments(text) or [Segment(text, for_matching(text))]), [name]))


@dataclass(frozen=True)
class Reading:
    """An answer as the detector read it: its pieces, their features, and
    every move's probability for each (rows: pieces, columns: moves)."""

    pieces: List[Segment]
    features: Any
    scores: np.ndarray


def train(meanings: Sequence[Meaning], background: Sequence[str]) -> Detector:
    """Per move: its examples against its counter-examples, the other moves'
    examples (but those it overlaps) and `background` (what customers say,
    neutral rep sentences), so a move is learnt as what sets it apart."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    examples = {m.name: [for_matching(e) for e in m.examples] for m in meanings}
    counters = {m.name: [for_matching(e) for e in m.counter_examples] for m in meanings}
    neutral = [for_matching(t) for t in background]
    corpus = [t for m in meanings for t in examples[m.name] + counters[m.name]] + neutral
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
    vectorizer.fit(corpus or ["-"])
    names: List[str] = []
    columns, biases = [], []
    # two moves are close when they overlap, directly or through a move both
    # extend or overlap (two elements that extend "apology" with their own examples)
    family = {m.name: {m.name, *m.overlaps} for m in meanings}
    for m in meanings:
        positives = examples[m.name]
        negatives = counters[m.name] + neutral
        negatives += [t for o in meanings if not family[o.name] & family[m.name] for t in examples[o.name]]
        negatives = [t for t in negatives if t not in set(positives)]
        if not positives or not negatives:
            continue
        model = LogisticRegression(C=2.0, class_weight="balanced", max_iter=2000)
        model.fit(vectorizer.transform(positives + negatives), [1] * len(positives) + [0] * len(negatives))
        names.append(m.name)
        columns.append(model.coef_[0])
        biases.append(model.intercept_[0])
    weights = np.array(columns).T if columns else np.zeros((len(vectorizer.vocabulary_), 0))
    detector = Detector(vectorizer, names, weights, np.array(biases), fingerprint(meanings, background))
    for m in meanings:
        if counters[m.name] and examples[m.name]:
            detector.nearest[m.name] = (vectorizer.transform(examples[m.name]), vectorizer.transform(counters[m.name]))
    return detector


def save(detector: Detector, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(detector))
    tmp.replace(path)  # a running bot never reads half a file


def load(path: Path, expected: str) -> Optional[Detector]:
    """The saved model if it was trained from what the YAML says now. A
    pickle: models/ is trusted as the Rasa model beside it is (whoever can
    write there can change what the bot says anyway)."""
    try:
        detector = pickle.loads(Path(path).read_bytes())
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 - a damaged file is retrained, not fatal
        logger.warning("grader model %s unreadable (%s); training it again", path, error)
        return None
    return detector if getattr(detector, "fingerprint", None) == expected else None
