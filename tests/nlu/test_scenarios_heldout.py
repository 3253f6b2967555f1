"""Each scenario's customer moves on held-out sentences (written apart from
data/nlu/: tests/nlu/scenarios_heldout.yml, and heldout.yml / everyday.yml
for the moves a scenario shares with the cold call), read in that scenario
the way the bot reads them."""

from collections import Counter

import pytest
from rasa.core.agent import Agent

from coach.chinese_variant import Variant, detect
from tests.nlu.reading import MODEL, ROOT, SCENARIOS, parse_all, reading

FILES = [ROOT / "tests" / "nlu" / name for name in ("scenarios_heldout.yml", "heldout.yml", "everyday.yml")]
OTHERS = [name for name in SCENARIOS if name != "cold_call"]


@pytest.fixture(scope="module")
def parsed():
    agent = Agent.load(str(MODEL))
    return [item for path in FILES for item in parse_all(agent, path)]


@pytest.mark.parametrize("scenario", OTHERS)
def test_every_move_has_eight_held_out_sentences_in_both_scripts(parsed, scenario):
    moves = SCENARIOS[scenario].moves
    per_move = Counter(want for _, want, _ in parsed if want in moves)
    traditional = Counter(want for text, want, _ in parsed if want in moves and detect(text) is Variant.TRADITIONAL)
    for move in moves:
        assert per_move[move] >= 8 and traditional[move] >= 2, (move, per_move[move], traditional[move])


@pytest.mark.parametrize("scenario", OTHERS)
def test_each_scenario_reads_90_percent_of_its_moves_right(parsed, scenario):
    moves = SCENARIOS[scenario].moves
    mine = [(text, want, reading(parse, scenario)) for text, want, parse in parsed if want in moves]
    wrong = [(text, want, got) for text, want, got in mine if got != want]
    assert 1 - len(wrong) / len(mine) >= 0.90, wrong


def test_a_live_problem_on_a_cold_call_is_taken_to_the_complaint(parsed):
    """The switch by context: most complaints said during a cold call are read
    as the complaint they are (the rest as the cold call's bad experience)."""
    complaint = SCENARIOS["complaint"].moves
    said = [(text, reading(parse)) for text, want, parse in parsed if want in complaint and want != "angry_vent"]
    switched = [got for _, got in said if got in complaint]
    assert len(switched) / len(said) >= 0.8, said
