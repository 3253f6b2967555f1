"""server/lock_store.py: one message at a time per conversation, in order,
and a conversation whose lock holder died goes on once its ticket expires.
(The same store over Redis, shared by two "replicas": tests/cluster.)"""

import asyncio
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.utils.endpoints import EndpointConfig

from server.lock_store import ReplicaSafeLockStore

LIFETIME = 0.4


async def handle(store, conversation, log, name, seconds=0.05):
    """A message being handled: it holds the conversation's lock for `seconds`."""
    async with store.lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=0.02):
        log.append(("start", name))
        await asyncio.sleep(seconds)
        log.append(("end", name))


async def test_the_next_message_goes_on_after_a_dead_replicas_ticket_expires():
    store = ReplicaSafeLockStore()
    store.issue_ticket("rep-1", LIFETIME)  # taken by a replica that was then killed
    started = time.monotonic()
    log = []
    await asyncio.wait_for(handle(store, "rep-1", log, "next"), timeout=5)
    waited = time.monotonic() - started
    assert log == [("start", "next"), ("end", "next")]
    assert LIFETIME * 0.9 <= waited < LIFETIME + 1.0
    assert store.get_lock("rep-1") is None  # nothing left behind


async def test_rasas_own_lock_store_waits_on_past_the_dead_ticket():
    # Why server/lock_store.py exists (Rasa 3.6.21): the waiter's own ticket
    # expires with the dead one and it never gets the lock.
    store = InMemoryLockStore()
    store.issue_ticket("rep-1", LIFETIME)
    with pytest.raises(asyncio.TimeoutError):

        async def wait():
            async with store.lock("rep-1", lock_lifetime=LIFETIME, wait_time_in_seconds=1):
                pass

        await asyncio.wait_for(wait(), timeout=3)


async def test_messages_of_one_conversation_are_handled_one_at_a_time_in_arrival_order():
    store = ReplicaSafeLockStore()
    log = []
    tasks = []
    for n in range(5):
        tasks.append(asyncio.create_task(handle(store, "rep-1", log, n)))
        await asyncio.sleep(0.005)  # arrival order
    await asyncio.gather(*tasks)
    assert log == [(step, n) for n in range(5) for step in ("start", "end")]


async def test_other_conversations_are_not_held_up():
    store = ReplicaSafeLockStore()
    log = []
    slow = asyncio.create_task(handle(store, "rep-1", log, "slow", seconds=1.0))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await handle(store, "rep-2", log, "other")
    assert time.monotonic() - started < 0.5
    await slow


async def test_a_turn_longer_than_the_lifetime_keeps_the_lock():
    # e.g. a slow action server: the next message must not run beside it
    store = ReplicaSafeLockStore()
    log = []
    first = asyncio.create_task(handle(store, "rep-1", log, "long", seconds=LIFETIME * 4))
    await asyncio.sleep(0.05)
    await handle(store, "rep-1", log, "next")
    await first
    assert log == [("start", "long"), ("end", "long"), ("start", "next"), ("end", "next")]


async def test_a_cancelled_request_gives_its_place_up():
    store = ReplicaSafeLockStore()
    log = []
    holder = asyncio.create_task(handle(store, "rep-1", log, "holder", seconds=0.3))
    await asyncio.sleep(0.02)
    waiter = asyncio.create_task(handle(store, "rep-1", log, "gave up"))
    await asyncio.sleep(0.05)
    waiter.cancel()  # e.g. the request timed out
    await holder
    started = time.monotonic()
    await handle(store, "rep-1", log, "after")
    assert time.monotonic() - started < LIFETIME / 2  # no ticket of the cancelled one left to wait for
    assert ("start", "gave up") not in log


def test_it_is_what_endpoints_yml_configures():
    memory = LockStore.create(
        EndpointConfig(
            type="server.lock_store.ReplicaSafeLockStore",
            backend="in_memory",
            url="localhost",
            port="6379",
            db="1",
            password="",
        )
    )
    assert isinstance(memory, ReplicaSafeLockStore) and memory.backend == "in_memory"
    shared = LockStore.create(
        EndpointConfig(
            type="server.lock_store.ReplicaSafeLockStore",
            backend="redis",
            url="cache",
            port="6380",
            db="2",
            password="pw",
        )
    )
    kwargs = shared.locks.red.connection_pool.connection_kwargs  # no connection is made until used
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == ("cache", 6380, 2, "pw")
    with pytest.raises(ValueError, match="in_memory or redis"):
        ReplicaSafeLockStore(backend="memcached")


def test_several_sanic_workers_need_the_shared_backend(monkeypatch):
    monkeypatch.setenv("SANIC_WORKERS", "4")
    with pytest.raises(ValueError, match="LOCK_STORE=redis"):
        ReplicaSafeLockStore(backend="in_memory")
    assert ReplicaSafeLockStore(backend="redis").backend == "redis"
