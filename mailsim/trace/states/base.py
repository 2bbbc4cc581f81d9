"""The machinery of typed state events: a base class, the registry, the conversions.

A :class:`~mailsim.trace.records.StateEvent` keeps an action name and a plain
mapping, which is what the JSONL file holds. Each action has one frozen class
here (:class:`StateChange`), registered under its name with :func:`action`.
``to_data`` gives back exactly the mapping the trace has always stored (lists
for tuples, nested records as dicts, optional keys left out), so typing the
events changes no byte of a trace. Values are never coerced: an ``int`` TTL
stays ``3600`` and a float one ``300.0``, as JSON writes them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

from mailsim.trace.records import StateEvent


class StateDataError(ValueError):
    """A state event whose action is unknown, or whose data does not fit its class."""


_OMIT = "mailsim.trace.omit_if_none"


def omitted_if_none() -> Any:
    """A field that only some emitters fill: the data mapping leaves it out when None.

    (Typed ``Any`` so that mypy accepts it as the default of any optional field.)
    """
    return dataclasses.field(default=None, metadata={_OMIT: True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Typed fields that convert to and from the plain JSON data of a trace."""

    def to_data(self) -> dict[str, Any]:
        """The plain mapping the trace stores (the same keys and values as ever)."""
        return _shape(type(self)).dump(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        """Build from a trace's data mapping; :class:`StateDataError` if it does not fit."""
        return _shape(cls).load(data)


@dataclass(frozen=True, slots=True, kw_only=True)
class StateChange(Record):
    """What changed inside a node: one subclass per action, registered with :func:`action`."""

    action: ClassVar[str]


STATES: dict[str, type[StateChange]] = {}
"""Every state action, by name, and its class."""

S = TypeVar("S", bound=type[StateChange])


def action(name: str) -> Callable[[S], S]:
    """Class decorator: ``cls`` is the action ``name`` (its one place of definition)."""

    def register(cls: S) -> S:
        if name in STATES:
            raise ValueError(f"state action {name!r} is defined twice")
        cls.action = name
        STATES[name] = cls
        return cls

    return register


def state_class(name: str) -> type[StateChange]:
    """The class of action ``name``; :class:`StateDataError` for an unknown action."""
    try:
        return STATES[name]
    except KeyError:
        raise StateDataError(f"unknown state action {name!r}") from None


def from_data(name: str, data: Mapping[str, Any]) -> StateChange:
    """The typed change for action ``name`` with ``data``; raises if either is wrong."""
    cls = state_class(name)
    try:
        return cls.from_data(data)
    except StateDataError as exc:
        raise StateDataError(f"state {name!r}: {exc}") from None


def from_event(event: StateEvent) -> StateChange:
    """The typed change a state event records (strict: unknown actions raise)."""
    return from_data(event.action, event.data)


def known_change(event: StateEvent) -> StateChange | None:
    """The typed change, or None for an action mailsim does not define (a hand-made note).

    Data that does not fit a known action still raises: that trace is wrong.
    """
    if event.action not in STATES:
        return None
    return from_event(event)


# --- conversions, built once per class from its type hints ----------------------

Convert = Callable[[Any], Any]
R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    load: Convert
    dump: Convert
    required: bool
    omit_if_none: bool


class _Shape(Generic[R]):
    """How one record class maps to its data mapping, field by field."""

    def __init__(self, cls: type[R]) -> None:
        hints = typing.get_type_hints(cls)
        self.cls = cls
        self.fields = []
        for f in dataclasses.fields(cls):
            load, dump = _converters(hints[f.name], f"{cls.__name__}.{f.name}")
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            self.fields.append(_Field(f.name, load, dump, required, bool(f.metadata.get(_OMIT))))
        self.names = frozenset(f.name for f in self.fields)

    def load(self, data: Any) -> R:
        if not isinstance(data, Mapping):
            raise StateDataError(f"{self.cls.__name__} needs a mapping, not {data!r}")
        unknown = sorted(set(data) - self.names)
        if unknown:
            raise StateDataError(f"{self.cls.__name__} has no field {', '.join(map(str, unknown))}")
        values: dict[str, Any] = {}
        for f in self.fields:
            if f.name in data:
                values[f.name] = f.load(data[f.name])
            elif f.required:
                raise StateDataError(f"{self.cls.__name__} misses the field {f.name}")
        return self.cls(**values)

    def dump(self, record: R) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in self.fields:
            value = getattr(record, f.name)
            if not (value is None and f.omit_if_none):
                data[f.name] = f.dump(value)
        return data


_SHAPES: dict[type[Any], _Shape[Any]] = {}


def _shape(cls: type[R]) -> _Shape[R]:
    shape = _SHAPES.get(cls)
    if shape is None:
        shape = _SHAPES[cls] = _Shape(cls)
    return shape


def _same(value: Any) -> Any:
    return value


def _converters(hint: Any, where: str) -> tuple[Convert, Convert]:
    """(load, dump) for one annotation: plain values pass through unchanged, checked."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args and len(args) == 2:
        load_inner, dump_inner = _converters(next(a for a in args if a is not type(None)), where)
        return (lambda v: None if v is None else load_inner(v)), (
            lambda v: None if v is None else dump_inner(v))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        load_item, dump_item = _converters(args[0], where + "[]")

        def load_all(value: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise StateDataError(f"{where} must be a list, not {value!r}")
            return tuple(load_item(v) for v in value)

        return load_all, lambda value: [dump_item(v) for v in value]
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_data, lambda record: record.to_data()
    if hint in (str, int, float, bool):
        # A float field takes an int too (a TTL of 3600), bool never passes as a number.
        accepted: tuple[type, ...] = (int, float) if hint is float else (hint,)

        def check(value: Any) -> Any:
            if not isinstance(value, accepted) or (isinstance(value, bool) and hint is not bool):
                raise StateDataError(f"{where} must be {hint.__name__}, not {value!r}")
            return value

        return check, _same
    raise TypeError(f"{where}: no trace conversion for {hint!r}")
