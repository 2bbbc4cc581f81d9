"""The shared unit parser's bounds, the YAML shape caps and the retry arithmetic of the estimate."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.nodes.queue import RetryPolicy
from mailsim.scenario.budget import retries
from mailsim.scenario.errors import ScenarioError
from mailsim.scenario.limits import MAX_DEPTH, check_shape
from mailsim.scenario.loader import bundled_dir
from mailsim.scenario.model import QueueConfig
from mailsim.units import (
    MAX_DURATION,
    parse_bandwidth,
    parse_duration,
    parse_size,
    to_micros,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("20ms", 0.02), ("5s", 5.0), ("10m", 600.0), ("2h", 7200.0), ("3d", 259200.0),
    ("1h20m", 4800.0), (5, 5.0), (0.5, 0.5), ("3650d", MAX_DURATION), ("0s", 0.0),
])
def test_good_durations_read_as_before(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_good_bandwidths_and_sizes_read_as_before() -> None:
    assert parse_bandwidth("100Mbit/s") == 100e6
    assert parse_bandwidth("1Gbps") == 1e9
    assert parse_size("50KB") == 50_000
    assert parse_size("2MiB") == 2 * 1024**2
    assert parse_size(1) == 1


def test_sizes_up_to_the_cap_can_be_written_in_terabytes() -> None:
    """README says sizes go up to 1TiB: then 1TiB must be a size, and more the cap's message."""
    assert parse_size("1TiB") == 1024**4 and parse_size("1TB") == 1000**4
    for too_big in ("2TB", "1.5TiB"):
        with pytest.raises(ValueError, match="at most 1TiB"):
            parse_size(too_big)


@pytest.mark.parametrize(("parse", "value", "message"), [
    (parse_duration, "soon", "expected a duration such as 20ms, 5s, 2h, 3d or 1h20m"),
    (parse_duration, -1, "expected a duration that is not negative"),
    (parse_bandwidth, 0, "expected a bandwidth greater than zero"),
    (parse_size, 0, "expected a size greater than zero"),
    (parse_size, "lots", "expected a size such as 50KB, 2MB or 1GiB"),
])
def test_bad_values_keep_their_messages(parse: object, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse(value)  # type: ignore[operator]


@pytest.mark.parametrize("value", [math.inf, 10**400, "9" * 400 + "s", "3651d", 1e303])
def test_durations_past_ten_years_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^expected a duration of at most 3650d \(ten years\)$"):
        parse_duration(value)


@pytest.mark.parametrize("parse", [parse_duration, parse_bandwidth, parse_size])
def test_nan_is_refused_as_not_finite(parse: object) -> None:
    with pytest.raises(ValueError, match=r"^expected a finite "):
        parse(math.nan)  # type: ignore[operator]


@pytest.mark.parametrize(("parse", "value"), [
    (parse_bandwidth, math.inf), (parse_bandwidth, 0.5), (parse_bandwidth, 1e16),
    (parse_size, math.inf), (parse_size, "2TiB"), (parse_size, 10**400),
])
def test_absurd_bandwidths_and_sizes_are_refused(parse: object, value: object) -> None:
    with pytest.raises(ValueError, match=r"^expected a "):
        parse(value)  # type: ignore[operator]


def test_the_longest_durations_add_up_in_64_bits() -> None:
    """A step at ten years repeating every ten years, in microseconds, is still a small int."""
    assert 3 * to_micros(MAX_DURATION) < 2**63


def test_event_pass_refuses_deep_nesting_where_the_composer_would_recurse() -> None:
    deep = "name: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    with pytest.raises(ScenarioError) as caught:
        check_shape(deep, "deep.yaml")
    column = len("name: ") + MAX_DEPTH  # the file's mapping is level 1, so this bracket opens level 65
    assert caught.value.message == f"deep.yaml: line 1, column {column}: nested deeper than 64 levels"


def test_event_pass_refuses_an_alias_bomb() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    with pytest.raises(ScenarioError, match="more than 1,000,000 values once its aliases"):
        check_shape("\n".join(lines) + "\n", "bomb.yaml")


def test_event_pass_accepts_every_bundled_scenario() -> None:
    for path in sorted(bundled_dir().glob("*.yaml")):
        check_shape(path.read_text(encoding="utf-8"), str(path))


def _simulated_retries(policy: RetryPolicy, horizon: int) -> int:
    """Retries as the queue makes them: waits from RetryPolicy.wait_after until past the horizon."""
    elapsed, count = 0, 0
    while elapsed + policy.wait_after(count + 1) <= horizon:
        elapsed += policy.wait_after(count + 1)
        count += 1
    return count


@settings(deadline=None)
@given(first=st.integers(1, 3600), longest=st.integers(1, 7200), horizon=st.integers(0, 6 * 3600))
def test_retry_arithmetic_counts_what_the_queue_does(first: int, longest: int, horizon: int) -> None:
    queue = QueueConfig(first_retry=first, max_retry_interval=longest)
    policy = RetryPolicy(first_retry=to_micros(first), max_interval=to_micros(longest))
    assert retries(queue, to_micros(horizon)) == _simulated_retries(policy, to_micros(horizon))
