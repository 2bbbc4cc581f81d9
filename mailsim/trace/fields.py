"""Strict checks for the values of one JSONL record: the right type, in range, nothing coerced.

A trace file may come from anyone, so nothing in it is converted on trust
(``int("12")``, ``bool("no")``): a value of the wrong type or out of range is a
:class:`FieldError` naming the key and saying what was expected. The codec adds
the line number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

# Simulated time in seconds. Generous (three centuries), yet far from the floats
# that overflow once converted to microseconds or to a date.
MAX_TIME = 1e10
MAX_INT = 2**63 - 1  # what any integer in a trace fits in
MAX_PORT = 65535

HOST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,252}")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+.-]{0,63}")  # a role, a protocol, a connection id
ACTION = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class FieldError(ValueError):
    """One value of a record does not fit; ``str()`` names the key and what was expected."""


def describe(value: Any) -> str:
    """A value as JSON names it, short enough for one message line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = repr(value)
        return f"the text {shown[:40]}{'...' if len(shown) > 40 else ''}"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def keys(obj: Mapping[str, Any], required: frozenset[str], optional: frozenset[str],
         what: str) -> None:
    """``obj`` has every required key, and no key outside required and optional."""
    present = obj.keys()
    if present >= required and present <= required | optional:
        return  # the usual case, decided by two set comparisons
    missing = [k for k in sorted(required) if k not in obj]
    if missing:
        raise FieldError(f"bad record: {what} misses the key{'s' if len(missing) > 1 else ''} "
                         + ", ".join(repr(k) for k in missing))
    unknown = sorted(str(k) for k in obj if k not in required and k not in optional)
    raise FieldError(f"bad record: {what} has an unknown key{'s' if len(unknown) > 1 else ''} "
                     + ", ".join(repr(k) for k in unknown))


def integer(value: Any, key: str, low: int = 0, high: int = MAX_INT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"{key}: expected a whole number, got {describe(value)}")
    if not low <= value <= high:
        raise FieldError(f"{key}: expected a whole number from {low} to {high}, got {value}")
    return value


def number(value: Any, key: str, low: float = 0.0, high: float = MAX_TIME) -> float:
    """A finite number in ``[low, high]``, as a float (JSON's ``0`` reads as ``0.0``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(f"{key}: expected a number, got {describe(value)}")
    if not (math.isfinite(value) and low <= value <= high):
        raise FieldError(f"{key}: expected a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"{key}: expected true or false, got {describe(value)}")
    return value


def text(value: Any, key: str, *, max_len: int = 1000) -> str:
    """One line of printable text (a scenario name, a start date): no control characters."""
    if not isinstance(value, str):
        raise FieldError(f"{key}: expected a text, got {describe(value)}")
    if len(value) > max_len:
        raise FieldError(f"{key}: expected at most {max_len} characters, got {len(value)}")
    if _CONTROL.search(value):
        raise FieldError(f"{key}: expected one line of printable text, got {describe(value)}")
    return value


def name(value: Any, key: str, pattern: re.Pattern[str], what: str) -> str:
    """A name matching ``pattern`` whole: a host, a role, a protocol, an action."""
    if not isinstance(value, str):
        raise FieldError(f"{key}: expected {what}, got {describe(value)}")
    if not pattern.fullmatch(value):
        raise FieldError(f"{key}: expected {what}, got {describe(value)}")
    return value


def row(value: Any, key: str, length: int, what: str) -> list[Any]:
    """One row of a header table: a list of exactly ``length`` values."""
    if not isinstance(value, list) or len(value) != length:
        raise FieldError(f"{key}: expected {what}, got {describe(value)}")
    return value


def rows(value: Any, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(f"{key}: expected a list, got {describe(value)}")
    return value


def lone_surrogate(value: str) -> bool:
    """True for text no UTF-8 file can hold (a ``\\ud800`` escape without its pair)."""
    return _SURROGATE.search(value) is not None
