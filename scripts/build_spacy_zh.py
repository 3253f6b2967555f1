"""Build the blank spaCy Chinese pipeline (jieba segmenter) that config.yml
loads, from installed packages only: nothing is downloaded."""

import sys
from pathlib import Path

import spacy

target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_zh_jieba")
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
target.parent.mkdir(parents=True, exist_ok=True)
nlp.to_disk(target)
print(f"spaCy {spacy.__version__} blank zh pipeline (jieba) -> {target}", [t.text for t in nlp("我们已经有供应商了")])
