"""Context decides (coach/context.py): the scenario in force reads a message
the classifier ranks between two scenarios."""

from coach.context import read_in_context

COLD_CALL = {"bad_experience", "too_expensive", "do_not_call"}
COMPLAINT = {"product_broken", "service_unreachable", "angry_vent"}
MOVABLE = COLD_CALL | COMPLAINT


def test_a_move_of_the_scenario_in_force_is_taken_as_it_is():
    assert read_in_context([("too_expensive", 0.9)], COLD_CALL, MOVABLE) == "too_expensive"


def test_a_clear_move_of_another_scenario_stays_that_move():
    ranking = [("product_broken", 0.93), ("bad_experience", 0.03)]
    assert read_in_context(ranking, COLD_CALL, MOVABLE, picked=False) == "product_broken"


def test_a_close_runner_up_of_the_default_cold_call_is_taken():
    ranking = [("service_unreachable", 0.46), ("bad_experience", 0.3)]
    assert read_in_context(ranking, COLD_CALL, MOVABLE, picked=False) == "bad_experience"


def test_a_picked_scenario_holds_on_to_a_weaker_runner_up_than_the_default():
    ranking = [("bad_experience", 0.53), ("product_broken", 0.09)]
    assert read_in_context(ranking, COMPLAINT, MOVABLE, picked=True) == "product_broken"
    assert read_in_context([("product_broken", 0.53), ("bad_experience", 0.09)], COLD_CALL, MOVABLE, picked=False) == (
        "product_broken"
    )


def test_the_scenarios_own_reading_comes_first():
    ranking = [("angry_vent", 0.54), ("bad_experience", 0.3)]
    assert read_in_context(ranking, COLD_CALL, MOVABLE, {"angry_vent": "do_not_call"}) == "do_not_call"


def test_call_flow_intents_and_the_fallback_are_left_to_their_rules():
    assert read_in_context([("affirm", 0.6), ("bad_experience", 0.4)], COLD_CALL, MOVABLE) == "affirm"
    assert read_in_context([("nlu_fallback", 0.3), ("too_expensive", 0.29)], COLD_CALL, MOVABLE) == "nlu_fallback"
    assert read_in_context([], COLD_CALL, MOVABLE) == ""
