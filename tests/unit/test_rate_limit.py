"""channels/rate_limit.py: a burst, then a steady rate, per sender."""

from channels.rate_limit import RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_burst_is_admitted_then_the_sender_is_told_how_long_to_wait():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.wait_seconds("alice") for _ in range(3)] == [None, None, None]
    assert limiter.wait_seconds("alice") == 1  # one message a second
    assert limiter.wait_seconds("bob") is None  # others are not slowed by alice
    clock.now += 1.0
    assert limiter.wait_seconds("alice") is None
    assert limiter.wait_seconds("alice") == 1


def test_a_slow_rate_names_the_real_wait():
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=1, clock=clock)
    assert limiter.wait_seconds("alice") is None
    assert limiter.wait_seconds("alice") == 10
    clock.now += 4
    assert limiter.wait_seconds("alice") == 6


def test_an_idle_sender_gets_the_whole_burst_back_and_no_more():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    limiter.wait_seconds("alice"), limiter.wait_seconds("alice")
    clock.now += 3600
    assert [limiter.wait_seconds("alice") for _ in range(3)] == [None, None, 1]


def test_zero_turns_the_limit_off(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "0")
    limiter = RateLimiter.from_environment()
    assert not limiter.enabled
    assert all(limiter.wait_seconds("alice") is None for _ in range(1000))


def test_settings_come_from_the_environment_and_bad_values_fall_back(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "120")
    monkeypatch.setenv("RATE_LIMIT_BURST", "lots")
    limiter = RateLimiter.from_environment()
    assert limiter.rate == 2.0 and limiter.burst == 20


def test_random_sender_ids_cannot_fill_the_memory():
    limiter = RateLimiter(per_minute=60, burst=1, max_senders=100)
    for i in range(10_000):
        limiter.wait_seconds(f"random-{i}")
    assert len(limiter._buckets) == 100
