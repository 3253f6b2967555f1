"""server/lock_store.py over the cluster's Redis, as two replicas share it:
tickets are unique however many are taken at once, a dead replica's ticket
expires for the other, and the locks stay readable by Rasa's own store."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
from rasa.core.lock_store import RedisLockStore

from server.lock_store import ReplicaSafeLockStore

LIFETIME = 1.0


@pytest.fixture
def replicas(cluster):
    settings = dict(
        host="127.0.0.1",
        port=cluster.ports["CLUSTER_REDIS_PORT"],
        db=3,
        password=cluster.secrets()["CLUSTER_REDIS_PASSWORD"],
    )
    return (
        ReplicaSafeLockStore(backend="redis", **settings),
        ReplicaSafeLockStore(backend="redis", **settings),
        RedisLockStore(**settings),
    )


def test_tickets_taken_at_once_by_two_replicas_are_all_different(replicas):
    one, two, _ = replicas
    conversation = f"race-{uuid.uuid4()}"
    tickets = []
    start = threading.Barrier(8)

    def take(store):
        start.wait()
        for _ in range(10):
            tickets.append(store.issue_ticket(conversation, 30))

    threads = [threading.Thread(target=take, args=(store,)) for store in (one, two) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(80))


async def test_a_dead_replicas_ticket_expires_for_the_other(replicas):
    dead, alive, _ = replicas
    conversation = f"dead-{uuid.uuid4()}"
    dead.issue_ticket(conversation, LIFETIME)  # its replica was killed while handling a message
    started = time.monotonic()

    async def next_message():
        async with alive.lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=0.05):
            return time.monotonic() - started

    waited = await asyncio.wait_for(next_message(), timeout=10)
    assert LIFETIME * 0.9 <= waited < LIFETIME + 1.5
    assert alive.get_lock(conversation) is None


async def test_a_message_on_one_replica_waits_for_the_others_turn(replicas):
    one, two, _ = replicas
    conversation = f"order-{uuid.uuid4()}"
    log = []

    async def handle(store, name, seconds):
        async with store.lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=0.05):
            log.append(("start", name))
            await asyncio.sleep(seconds)
            log.append(("end", name))

    first = asyncio.create_task(handle(one, "first", LIFETIME * 2.5))  # longer than a ticket lives
    await asyncio.sleep(0.1)
    await handle(two, "second", 0.05)
    await first
    assert log == [("start", "first"), ("end", "first"), ("start", "second"), ("end", "second")]


def test_rasas_own_store_reads_the_locks(replicas):
    ours, _, rasas = replicas
    conversation = f"compat-{uuid.uuid4()}"
    ticket = ours.issue_ticket(conversation, 30)
    lock = rasas.get_lock(conversation)
    assert [t.number for t in lock.tickets] == [ticket] and lock.is_locked(ticket + 1)
    ours.cleanup(conversation, ticket)
    assert rasas.get_lock(conversation) is None
