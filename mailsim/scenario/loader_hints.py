"""What a bad value or a misplaced key really needs, read from the scenario model itself.

:func:`hint` adds to pydantic's error (the "did you mean" of :mod:`mailsim.scenario.keys`,
or where a key spelt right belongs); :func:`reword` replaces pydantic's own words where
they name a Python type the file's author never wrote ("a valid dictionary").
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.functional_validators import BeforeValidator

from mailsim.scenario import keys
from mailsim.scenario.model import Scenario
from mailsim.scenario.registry import FAULT_KINDS, STEP_KINDS, _Registered
from mailsim.scenario.validators import bool_means_defaults

_MAPPING_ERRORS = ("dict_type", "model_type", "model_attributes_type")
_MAX_PLACES = 3  # a key of many places (port) is not misplaced so much as misspelt


def _places(annotation: Any, place: tuple[str, ...], seen: frozenset[type]) -> Iterator[
        tuple[str, tuple[str, ...]]]:
    """(key, the place whose mappings accept it) for every key under ``annotation``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        registered = [meta for meta in metadata if isinstance(meta, _Registered)]
        if registered:
            kinds = STEP_KINDS if registered[0].steps else FAULT_KINDS
            noun = "step" if registered[0].steps else "fault"
            for kind, entry in kinds.items():
                yield from _places(entry.model, (f"a {kind} {noun}",), seen)
            return
        yield from _places(base, place, seen)
    elif origin is list:
        yield from _places(get_args(annotation)[0], place, seen)
    elif origin is dict:
        yield from _places(get_args(annotation)[1], (*place, "<name>"), seen)
    elif origin is not None and origin is not Literal:  # a union
        for member in get_args(annotation):
            yield from _places(member, place, seen)
    elif keys.is_model(annotation) and annotation not in seen:
        role = keys._role_of(annotation)
        if role and place[-1:] == ("<name>",):  # a host: named by its role
            place = (*place[:-1], f"<{role[0]}>")
        for name, field in annotation.model_fields.items():
            key = field.alias or name
            yield key, place
            yield from _places(field.annotation, (*place, key), seen | {annotation})


@functools.cache
def key_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every key the scenario model accepts, and the places that accept it."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for key, place in _places(Scenario, (), frozenset()):
        if place not in index.setdefault(key, []):
            index[key].append(place)
    return {key: tuple(places) for key, places in index.items()}


def _words(place: tuple[str, ...]) -> str:
    """A place as a reader says it: ``a client's incoming (hosts.<client>.incoming)``."""
    if not place:
        return "the top level of the file"
    if place[0] == "hosts" and len(place) > 2 and place[1].startswith("<"):
        owner = f"a {place[1].strip('<>')}'s"
        return f"{owner} {'.'.join(place[2:])} ({'.'.join(place)})"
    return ".".join(place)


def belongs_hint(loc: list[str | int], data: Any) -> str:
    """``; leave_on_server belongs under a client's incoming (...)``, or "" if it belongs nowhere."""
    key = loc[-1] if loc else None
    if not isinstance(key, str) or key not in key_index():
        return ""
    model = keys.model_at(loc[:-1], data)
    if model is not None and keys._role_of(model) and keys.other_roles(key, keys._role_of(model)[0]):
        return ""  # a key of other hosts' roles: keys.py says which
    places = key_index()[key]  # never here: the key would not be unknown
    shown = " or ".join(_words(place) for place in places[:_MAX_PLACES])
    return f"; {key} belongs under {shown}"


def hint(loc: list[str | int], error: Any, data: Any) -> str:
    """The loader's :data:`mailsim.scenario.errors.Hint`: where a misplaced key belongs, first."""
    if error["type"] == "extra_forbidden":
        belongs = belongs_hint(loc, data)
        if belongs:
            return belongs
    return keys.hint(loc, error, data)


def _field_at(loc: list[str | int], data: Any) -> Any:
    """The pydantic field that reads ``loc``'s last key, or None."""
    model = keys.model_at(loc[:-1], data) if loc else None
    found = keys.field_named(model, loc[-1]) if model is not None else None
    return found[1] if found is not None else None


def _example(model: type[BaseModel], value: Any = None) -> str:
    """``{port: 110}``: the model's field whose choices hold ``value``, or its first simple default."""
    for name, field in model.model_fields.items():
        choices = get_args(field.annotation) if get_origin(field.annotation) is Literal else ()
        if value is not None and value in choices:
            return f"{{{field.alias or name}: {value}}}"
    if value is not None:
        return ""
    for name, field in model.model_fields.items():
        default = field.default
        if isinstance(default, bool):
            return f"{{{field.alias or name}: {str(default).lower()}}}"
        if isinstance(default, (int, float, str)):
            return f"{{{field.alias or name}: {default}}}"
    return ""


def reword(loc: list[str | int], error: Any, data: Any) -> str:
    """What a key expecting a mapping takes, when the file wrote something else; "" to keep pydantic's."""
    if error["type"] not in _MAPPING_ERRORS:
        return ""
    field = _field_at(loc, data)
    target = keys.resolve(field.annotation, None) if field is not None else None
    if field is None or not (isinstance(target, type) and issubclass(target, BaseModel)):
        return ""
    value = error.get("input")
    if any(isinstance(meta, BeforeValidator) and meta.func is bool_means_defaults
           for meta in field.metadata):
        example = _example(target) or "{}"
        return f"expected true, false or a mapping such as {example}"
    if isinstance(value, str) and (example := _example(target, value)):
        return f"expected a mapping such as {example}"
    return ""
