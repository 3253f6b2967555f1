"""Anyone can send `/intent{"entity": <any JSON>}`: an entity or slot of the
wrong type is treated as absent, so the action answers as it would without
it instead of failing the turn (which used to log the whole tracker)."""

import pytest
from freezegun import freeze_time

from actions.appointments import ActionAcceptVisit, ActionCheckCustomerTime, ActionDeclineVisit
from actions.contacts import ActionRecordContact
from actions.drill import ActionStartDrill
from actions.rebuttals import ActionRebut

WRONG = [{"a": 1}, ["周三下午"], 42, None, True]


@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time("2026-11-24 02:00:00"):
        yield


@pytest.mark.parametrize("value", WRONG, ids=repr)
async def test_a_time_that_is_not_text_gets_asked_for(call, value):
    [reply] = await call.turn(
        ActionCheckCustomerTime(), "propose_time", "/propose_time", [{"entity": "time", "value": value}]
    )
    assert reply["response"] == "utter_ask_time"


@pytest.mark.parametrize("value", WRONG, ids=repr)
async def test_a_drill_objection_that_is_not_text_drills_every_objection(call, value):
    [reply] = await call.turn(
        ActionStartDrill(), "start_drill", "/start_drill", [{"entity": "objection", "value": value}]
    )
    assert reply["response"] == "utter_drill_intro"
    assert len(call.slots["drill_state"]["queue"]) > 1


@pytest.mark.parametrize("value", WRONG, ids=repr)
async def test_contact_slots_that_are_not_text_are_asked_for_again(call, value):
    [reply] = await call.turn(
        ActionRecordContact(),
        "give_contact",
        "/give_contact",
        [{"entity": "contact_name", "value": value}, {"entity": "contact_phone", "value": value}],
    )
    assert reply["response"] == "utter_ask_contact"


@pytest.mark.parametrize(
    "slots",
    [
        {"declines": "many", "proposed_visits": "2026-11-25T15:00"},
        {"declines": {"n": 1}, "proposed_visits": {"2026-11-25T15:00": 1}},
        {"visit": ["2026-11-25T15:00"], "objection_counts": ["too_expensive"]},
    ],
    ids=["strings", "dicts", "lists"],
)
async def test_our_own_slots_of_the_wrong_type_start_afresh(call, slots):
    call.slots.update(slots)
    [rebuttal] = await call.turn(ActionRebut(), "too_expensive", "太贵了")
    assert rebuttal["response"] == "utter_rebuttal_too_expensive_1"
    call.slots.update({k: v for k, v in slots.items() if k == "declines"})
    [declined] = await call.turn(ActionDeclineVisit(), "deny", "不行")
    assert declined["response"] == "utter_offer_alternatives"
    [accepted] = await call.turn(ActionAcceptVisit(), "affirm", "上午吧")
    assert accepted["response"] == "utter_ask_which_option"
