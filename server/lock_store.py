"""Rasa's ticket lock (one message at a time per conversation), made safe
for replicas that die.

Rasa 3.6's lock store has three faults that show when a replica is killed
while it handles a message (tests/cluster, docs/deploy.md):

1. The next message of that conversation waits for the dead replica's ticket
   to expire. Its own ticket has the same lifetime and was issued a moment
   later; if it expires too before the next poll, `TicketLock.now_serving`
   reads 0 for the empty queue and the message waits, with nobody holding the
   lock, until the request times out (60 s).
2. A ticket expires after its lifetime even while its turn is still being
   handled (a slow action server), and the next message then runs beside it.
3. Issuing and returning tickets is read-modify-write from several processes
   ("far from atomic", RasaHQ/rasa#3933): two replicas can both take ticket N.

Here a ticket is renewed while its message waits or is handled, so only the
ticket of a process that is gone expires (TICKET_LOCK_LIFETIME after its last
renewal); every change of a lock is one Redis transaction (WATCH/MULTI). The
locks are stored as Rasa stores them (`lock:<conversation id>`, same JSON).

endpoints.yml: `type: server.lock_store.ReplicaSafeLockStore`, `backend:
in_memory` (one process) or `redis`, plus Rasa's Redis keys (`url`, `port`,
`db`, `password`, ...).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Callable, Dict, Optional, Text, Tuple

from rasa.constants import ENV_SANIC_WORKERS
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# How often a waiting message looks again. Rasa polls every second, which a
# rep feels when two messages of one conversation meet.
POLL_SECONDS = 0.2

Change = Callable[[Optional[TicketLock]], Optional[TicketLock]]


class _MemoryLocks:
    """One process's locks."""

    def __init__(self) -> None:
        self.locks: Dict[Text, TicketLock] = {}

    def get(self, conversation_id: Text) -> Optional[TicketLock]:
        return self.locks.get(conversation_id)

    def update(self, conversation_id: Text, change: Change) -> Optional[TicketLock]:
        lock = change(self.locks.get(conversation_id))
        if lock is None or not lock.tickets:
            self.locks.pop(conversation_id, None)
        else:
            self.locks[conversation_id] = lock
        return lock


class _RedisLocks:
    """Locks shared by every replica; each change is one transaction."""

    def __init__(self, **settings) -> None:
        # Rasa's store makes the connection and the key prefix from the same
        # settings (url, port, db, password, ssl, key_prefix...).
        rasa_store = RedisLockStore(**settings)
        self.red, self.prefix = rasa_store.red, rasa_store.key_prefix

    def get(self, conversation_id: Text) -> Optional[TicketLock]:
        return _load(self.red.get(self.prefix + conversation_id))

    def update(self, conversation_id: Text, change: Change) -> Optional[TicketLock]:
        key = self.prefix + conversation_id

        def run(pipe) -> Optional[TicketLock]:
            lock = change(_load(pipe.get(key)))
            pipe.multi()
            if lock is None or not lock.tickets:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())
            return lock

        # Retried by redis-py when another replica changed the key meanwhile.
        return self.red.transaction(run, key, value_from_callable=True)


def _load(raw: Optional[bytes]) -> Optional[TicketLock]:
    return TicketLock.from_dict(json.loads(raw)) if raw else None


def _live(lock: Optional[TicketLock], conversation_id: Text) -> TicketLock:
    """The lock without its expired tickets."""
    lock = lock or TicketLock(conversation_id)
    now = time.time()
    lock.tickets = type(lock.tickets)(t for t in lock.tickets if t.expires >= now)
    return lock


class ReplicaSafeLockStore(LockStore):
    """Rasa's `LockStore` with renewed tickets and atomic changes (see the
    module docstring); `backend` is `in_memory` or `redis`."""

    def __init__(
        self, endpoint_config: Optional[EndpointConfig] = None, backend: Text = "in_memory", **redis_settings
    ) -> None:
        if endpoint_config is not None:
            settings = dict(endpoint_config.kwargs)
            backend = settings.pop("backend", backend)
            redis_settings = {"host": endpoint_config.url or "localhost", **settings}
        if backend == "redis":
            self.locks = _RedisLocks(**redis_settings)
        elif backend in ("in_memory", None, ""):
            # Rasa trusts any custom lock store with several Sanic workers;
            # locks in one process's memory do not reach the others.
            if int(os.environ.get(ENV_SANIC_WORKERS, "1") or 1) > 1:
                raise ValueError(f"{ENV_SANIC_WORKERS} > 1 needs the redis lock store backend (LOCK_STORE=redis)")
            self.locks = _MemoryLocks()
        else:
            raise ValueError(f"lock store backend must be in_memory or redis, not {backend!r}")
        self.backend = backend or "in_memory"
        super().__init__()

    # Rasa's storage API, for anything that calls it directly.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return self.locks.get(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.locks.update(lock.conversation_id, lambda _: lock)

    def delete_lock(self, conversation_id: Text) -> None:
        self.locks.update(conversation_id, lambda _: None)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued = []

        def add(lock: Optional[TicketLock]) -> TicketLock:
            lock = _live(lock, conversation_id)
            number = lock.tickets[-1].number + 1 if lock.tickets else 0
            lock.tickets.append(Ticket(number, time.time() + lock_lifetime))
            issued[:] = [number]
            return lock

        try:
            self.locks.update(conversation_id, add)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return issued[0]

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def remove(lock: Optional[TicketLock]) -> TicketLock:
            lock = _live(lock, conversation_id)
            lock.tickets = type(lock.tickets)(t for t in lock.tickets if t.number != ticket_number)
            return lock

        self.locks.update(conversation_id, remove)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # An empty lock is deleted by the same change.
        self.finish_serving(conversation_id, ticket_number)

    def update_lock(self, conversation_id: Text) -> None:
        self.locks.update(conversation_id, lambda lock: _live(lock, conversation_id) if lock else None)

    def renew(
        self, conversation_id: Text, ticket_number: int, lock_lifetime: float, requeue: bool = True
    ) -> Tuple[Optional[int], bool]:
        """Keeps ticket `ticket_number` alive for `lock_lifetime` more seconds;
        returns (the ticket, whether it is being served). A ticket that expired
        anyway (this process stalled longer than the lifetime) is not revived:
        another message may have gone ahead meanwhile. With `requeue` a new
        ticket is taken at the end of the queue instead, else (None, False)."""
        result: list = [None, False]

        def touch(lock: Optional[TicketLock]) -> TicketLock:
            lock = _live(lock, conversation_id)
            mine = next((t for t in lock.tickets if t.number == ticket_number), None)
            if mine is None and requeue:
                mine = Ticket(lock.tickets[-1].number + 1 if lock.tickets else 0, 0.0)
                lock.tickets.append(mine)
            if mine is not None:
                mine.expires = time.time() + lock_lifetime
                result[:] = [mine.number, lock.tickets[0] is mine]
            return lock

        self.locks.update(conversation_id, touch)
        return result[0], result[1]

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        keeper: Optional[asyncio.Task] = None
        try:
            logger.debug(f"Acquiring lock for conversation '{conversation_id}'.")
            while True:
                ticket, serving = self.renew(conversation_id, ticket, lock_lifetime)
                if serving:
                    break
                await asyncio.sleep(wait_time_in_seconds)
            logger.debug(f"Acquired lock for conversation '{conversation_id}'.")
            keeper = asyncio.create_task(self._keep(conversation_id, ticket, lock_lifetime))
            yield self.get_lock(conversation_id) or TicketLock(conversation_id)
        finally:
            if keeper is not None:
                keeper.cancel()
            self.cleanup(conversation_id, ticket)

    async def _keep(self, conversation_id: Text, ticket: int, lock_lifetime: float) -> None:
        """Renews the ticket being served until its message is handled."""
        while True:
            await asyncio.sleep(lock_lifetime / 3)
            try:
                renewed, _ = self.renew(conversation_id, ticket, lock_lifetime, requeue=False)
            except Exception:  # the store is unreachable: the turn goes on; it may expire
                logger.warning(f"Could not renew the lock of conversation '{conversation_id}'.", exc_info=True)
                continue
            if renewed is None:
                logger.warning(
                    f"The lock of conversation '{conversation_id}' expired while its message was "
                    f"handled (the process stalled longer than TICKET_LOCK_LIFETIME)."
                )
                return
