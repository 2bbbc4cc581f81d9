"""Durations, bandwidths and sizes as people write them: ``20ms``, ``2h``, ``100Mbit/s``, ``50KB``.

A leaf module: the scenario files, the player's jump box and the diagram filters all
read times the same way.
"""

from __future__ import annotations

import math
import re

# Simulated time is whole microseconds. Bounds keep every value finite and every
# sum of them (a step's ``at`` plus its repeats, a queue lifetime) far from
# anything a float, a datetime or a timedelta cannot hold.
MAX_DURATION = 10 * 365 * 86400.0  # ten years, in seconds
MAX_BANDWIDTH = 1e15  # 1 Pbit/s
MIN_BANDWIDTH = 1.0  # 1 bit/s: a 1 MB body then takes three months, not forever
MAX_SIZE = 1024**4  # 1 TiB

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|sec|m|min|h|d)?\s*$")
# Compound forms such as 1h20m or 2m30s: every part needs its unit.
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(d|h|min|ms|m|sec|s|us|µs)")
_DURATION_SCALE = {
    None: 1.0, "s": 1.0, "sec": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6,
    "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0,
}
_BANDWIDTH = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(bit/s|bps|kbit/s|kbps|Mbit/s|Mbps|Gbit/s|Gbps)?\s*$"
)
_BANDWIDTH_SCALE = {
    None: 1.0, "bit/s": 1.0, "bps": 1.0, "kbit/s": 1e3, "kbps": 1e3,
    "Mbit/s": 1e6, "Mbps": 1e6, "Gbit/s": 1e9, "Gbps": 1e9,
}


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$")
_SIZE_SCALE = {
    None: 1, "B": 1, "kB": 1000, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4,
    "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "TiB": 1024**4,
}


def _as_float(value: int | float) -> float:
    """A YAML number as a float; an integer too big for one becomes infinity (refused as too big)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def parse_size(value: object) -> int:
    """Octets from a number or a string such as ``"50KB"`` or ``"2MiB"``."""
    message = "expected a size such as 50KB, 2MB or 1GiB"
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, (int, float)):
        octets = _as_float(value)
    elif isinstance(value, str) and (match := _SIZE.match(value)):
        octets = float(match.group(1)) * _SIZE_SCALE[match.group(2)]
    else:
        raise ValueError(message)
    if math.isnan(octets):
        raise ValueError("expected a finite size such as 50KB, 2MB or 1GiB")
    if octets <= 0:
        raise ValueError("expected a size greater than zero")
    if octets > MAX_SIZE:
        raise ValueError("expected a size of at most 1TiB")
    return round(octets)


def parse_duration(value: object) -> float:
    """Seconds from a number (seconds) or a string such as ``"20ms"`` or ``"2h"``."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 20ms, 5s, 2h, 3d or 1h20m")
    if isinstance(value, (int, float)):
        seconds = _as_float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _DURATION_SCALE[match.group(2)]
    elif isinstance(value, str) and _DURATION_PART.sub("", value.replace(" ", "")) == "" and value.strip():
        parts = _DURATION_PART.findall(value.replace(" ", ""))
        seconds = sum(float(number) * _DURATION_SCALE[unit] for number, unit in parts)
    else:
        raise ValueError("expected a duration such as 20ms, 5s, 2h, 3d or 1h20m")
    if math.isnan(seconds):
        raise ValueError("expected a finite duration such as 20ms, 5s, 2h, 3d or 1h20m")
    if seconds < 0:
        raise ValueError("expected a duration that is not negative")
    if seconds > MAX_DURATION:
        raise ValueError("expected a duration of at most 3650d (ten years)")
    return seconds


# SI prefixes are case-sensitive (m is milli): 100mbit/s is refused rather than guessed.
_BANDWIDTH_MESSAGE = ("expected a bandwidth such as 100Mbit/s or 1Gbit/s (units: bit/s, kbit/s, "
                      "Mbit/s, Gbit/s, or bps, kbps, Mbps, Gbps; M and G are capitals)")


def parse_bandwidth(value: object) -> float:
    """Bits per second from a number or a string such as ``"100Mbit/s"``."""
    if isinstance(value, bool):
        raise ValueError(_BANDWIDTH_MESSAGE)
    if isinstance(value, (int, float)):
        bps = _as_float(value)
    elif isinstance(value, str) and (match := _BANDWIDTH.match(value)):
        bps = float(match.group(1)) * _BANDWIDTH_SCALE[match.group(2)]
    else:
        raise ValueError(_BANDWIDTH_MESSAGE)
    if math.isnan(bps):
        raise ValueError("expected a finite bandwidth such as 100Mbit/s or 1Gbit/s")
    if bps <= 0:
        raise ValueError("expected a bandwidth greater than zero")
    if bps < MIN_BANDWIDTH or bps > MAX_BANDWIDTH:
        raise ValueError("expected a bandwidth between 1bit/s and 1000000Gbit/s")
    return bps


def to_micros(seconds: float) -> int:
    """Simulated time is kept in whole microseconds, so sums are exact."""
    return round(seconds * 1_000_000)


def positive_whole_number(text: str, most_digits: int = 18) -> int | None:
    """``text`` as a whole number from 1 up, or None.

    ASCII digits only: ``"²"`` is a digit to ``str.isdigit`` but not to ``int``,
    and thousands of digits are past what ``int`` reads (or anyone means).
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > most_digits or int(text) < 1:
        return None
    return int(text)
