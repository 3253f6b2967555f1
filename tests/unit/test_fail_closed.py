"""server/fail_closed.py: with the tracker store down, a message fails
(and the channel says so) instead of starting the conversation over."""

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

from server import fail_closed


class DownStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise ConnectionError("database is down")

    async def save(self, tracker):
        raise ConnectionError("database is down")


@pytest.fixture(scope="module")
def applied():
    return fail_closed.apply()


def test_it_fits_the_installed_rasa(applied):
    assert applied == [
        "rasa.core.tracker_store.FailSafeTrackerStore.retrieve",
        "rasa.core.tracker_store.FailSafeTrackerStore.save",
    ]


async def test_a_store_that_is_down_is_not_replaced_by_an_empty_conversation(applied, rasa_domain):
    store = FailSafeTrackerStore(DownStore(rasa_domain))
    with pytest.raises(ConnectionError):
        await store.retrieve("rep-1")
    with pytest.raises(ConnectionError):
        await store.save(InMemoryTrackerStore(rasa_domain).init_tracker("rep-1"))
    assert store._fallback_tracker_store is None  # nothing was kept in memory instead


async def test_a_working_store_is_used_as_before(applied, rasa_domain):
    store = FailSafeTrackerStore(InMemoryTrackerStore(rasa_domain))
    tracker = store.init_tracker("rep-1")
    await store.save(tracker)
    assert (await store.retrieve("rep-1")).sender_id == "rep-1"
