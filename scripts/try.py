"""`make try TEXT="等过完年再说"`: what the bot makes of a sentence, without
starting any server. Shows the intent and its confidence, the runners-up,
whether the bot answers it or falls back, the reply it would give at the
start of a fresh call (the custom actions run in this process), and the
nearest training examples. Without TEXT it asks for sentences one by one.

    .venv/bin/python scripts/try.py "等过完年再说" ["另一句" ...]
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from pathlib import Path
from typing import List, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.chdir(ROOT)  # the actions read coach.yml and drill/ from here, as under `make run`

import quiet  # noqa: E402

from coach.pipeline import fallback_threshold  # noqa: E402

quiet.import_rasa_quietly()

MODEL = ROOT / "models" / "objection-coach.tar.gz"
THRESHOLD = fallback_threshold(ROOT / "config.yml")


def _in_process_actions() -> None:
    """Run the custom actions here instead of calling an action server."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core import events
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")

    async def run(self, output_channel, nlg, tracker, domain):
        response = await executor.run(self._action_call_format(tracker, domain)) or {}
        messages = await self._utter_responses(response.get("responses", []), output_channel, nlg, tracker)
        return list(messages) + events.deserialise_events(response.get("events", []))

    RemoteAction.run = run


def _nearest(examples: List[Tuple[str, str]], text: str, n: int = 3) -> List[Tuple[str, str, float]]:
    """The training examples most like `text` (character n-grams)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from coach.cleaning import normalize

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    matrix = vectorizer.fit_transform([normalize(t) for _, t in examples])
    scores = cosine_similarity(vectorizer.transform([normalize(text)]), matrix)[0]
    best = scores.argsort()[::-1][:n]
    return [(examples[i][0], examples[i][1], float(scores[i])) for i in best]


async def _load():
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.endpoints import EndpointConfig

    _in_process_actions()
    agent = quiet.load_agent(
        MODEL,
        generator=EndpointConfig(type="nlg.chinese_variant_nlg.ChineseVariantNLG"),
        action_endpoint=EndpointConfig(url="http://in-process"),
    )
    examples = [(e.get("intent"), e.get("text")) for e in load_data(str(ROOT / "data" / "nlu")).intent_examples]
    return agent, examples


async def describe(agent, examples, text: str) -> str:
    parsed = await agent.parse_message(text)
    intent = parsed["intent"]
    # the runners-up, less the drill commands the gate refused (they were never an option)
    ranking = [
        r
        for r in parsed.get("intent_ranking", [])
        if r["name"] != intent["name"] and r["name"] not in ("start_drill", "stop_drill")
    ][:3]
    lines = [f"“{text}”", f"  意图 intent: {intent['name']}  {intent['confidence']:.2f}"]
    if ranking:
        lines.append("  其次 runners-up: " + ", ".join(f"{r['name']} {r['confidence']:.2f}" for r in ranking))
    if intent["name"] == "nlu_fallback":
        lines.append(
            f"  → 低于 {THRESHOLD:.2f}，机器人会说“没看懂” / below the fallback threshold: the bot says it did not understand"
        )
    entities = [f"{e['entity']}={e['value']}" for e in parsed.get("entities", [])]
    if entities:
        lines.append("  实体 entities: " + ", ".join(entities))
    replies = await agent.handle_text(text, sender_id=f"try-{uuid.uuid4()}")
    lines.append("  新开一通电话时机器人会说 / the bot's reply at the start of a call:")
    for reply in replies or [{"text": "（没有回复 / no reply）"}]:
        if reply.get("text"):
            lines.append("    " + reply["text"].replace("\n", "\n    "))
        for button in reply.get("buttons") or []:
            lines.append(f"    [{button.get('title')}]")
    lines.append("  最像的例句 / nearest training examples:")
    for name, example, score in _nearest(examples, text):
        lines.append(f"    {name}: {example}  ({score:.2f})")
    return "\n".join(lines)


async def main(argv: List[str]) -> int:
    if not MODEL.exists():
        print(f"{MODEL.relative_to(ROOT)} 不存在，先运行 make train / no model yet: run `make train` first")
        return 1
    agent, examples = await _load()
    sentences = [a for a in argv[1:] if a.strip()]
    if sentences:
        for text in sentences:
            print(await describe(agent, examples, text) + "\n")
        return 0
    print("输入一句客户的话，回车看结果；空行退出。 Type a sentence, Enter to see; an empty line quits.")
    while True:
        try:
            text = input("> ").strip()
        except EOFError:
            break
        if not text:
            break
        print(await describe(agent, examples, text) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv)))
