"""Which model a place in a scenario file is read by, and the keys that place accepts.

The "did you mean" of an unknown key (:mod:`mailsim.scenario.errors`) and the
authoring warnings (:mod:`mailsim.scenario.warnings`) walk the file's raw data and
the scenario model side by side. A union is resolved the way the model resolves
it: a host by its ``role``, a step or a fault by its single action key.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mailsim.scenario.model import Scenario
from mailsim.scenario.registry import FAULT_KINDS, STEP_KINDS, StepBase, _Registered

_UNIONS = (Union, types.UnionType)


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _registered(kinds: dict[str, Any], node: Any) -> type[BaseModel] | None:
    """A step or fault: the model of the one action key the mapping has (``at`` aside)."""
    if not isinstance(node, dict):
        return None
    actions = [key for key in node if key in kinds]
    return kinds[actions[0]].model if len(actions) == 1 else None


def _role_of(model: type[BaseModel]) -> tuple[Any, ...]:
    field = model.model_fields.get("role")
    if field is None or get_origin(field.annotation) is not Literal:
        return ()
    return get_args(field.annotation)


def resolve(annotation: Any, node: Any) -> Any:
    """``annotation`` with its ``Annotated`` wrappers and unions resolved for ``node``:
    a model class, a container type (``list[...]``, ``dict[...]``) or a plain type."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *metadata = get_args(annotation)
            for meta in metadata:
                if isinstance(meta, _Registered):
                    kinds = STEP_KINDS if meta.steps else FAULT_KINDS
                    return _registered(kinds, node)
            annotation = base
        elif origin in _UNIONS:
            members = [resolve(m, node) for m in get_args(annotation) if m is not type(None)]
            models = [m for m in members if is_model(m)]
            if len(models) > 1 and isinstance(node, dict):
                models = [m for m in models if node.get("role") in _role_of(m)] or models[:1]
            if models:
                return models[0]
            return members[0] if members else None
        else:
            return annotation


def field_named(model: type[BaseModel], key: str | int) -> tuple[str, FieldInfo] | None:
    """The field a key of the file names (by its alias or by its name)."""
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return name, field
    return None


def keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a mapping read by ``model`` accepts, as a file writes them (aliases first)."""
    keys = [field.alias or name for name, field in model.model_fields.items()]
    if issubclass(model, StepBase) and not model.kind:  # no kind known: any action goes
        keys += list(STEP_KINDS)
    return keys


def model_at(loc: Sequence[str | int], data: Any) -> type[BaseModel] | None:
    """The model that reads the mapping at ``loc`` (keys of the file), or None."""
    annotation: Any = Scenario
    node = data
    for part in loc:
        current = resolve(annotation, node)
        if is_model(current):
            found = field_named(current, part)
            if found is None:
                return None
            annotation = found[1].annotation
        elif get_origin(current) is list and isinstance(part, int):
            annotation = get_args(current)[0]
        elif get_origin(current) is dict:
            annotation = get_args(current)[1]
        else:
            return None
        node = _child(node, part)
    current = resolve(annotation, node)
    return current if is_model(current) else None


def _child(node: Any, part: str | int) -> Any:
    """``node[part]`` as the file has it, or None."""
    if isinstance(node, list):
        return node[part] if isinstance(part, int) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


def other_roles(key: str, role: Any) -> list[str]:
    """The host roles (other than ``role``) whose hosts accept ``key``."""
    from mailsim.scenario.model import Host

    members = [m for m in get_args(get_args(Host)[0]) if is_model(m)]
    return [str(r) for m in members for r in _role_of(m) if r != role and key in keys_of(m)]


def walk(model: BaseModel, raw: Any, path: list[str | int]) -> Iterator[
        tuple[list[str | int], BaseModel, str, FieldInfo, Any]]:
    """Every field the file wrote, depth first: (key path, the model, field name, its
    info, the raw value as written). Keys the file left out are not visited."""
    if not isinstance(raw, dict):
        return
    for key, value in raw.items():
        found = field_named(type(model), key)
        if found is None:
            continue
        name, field = found
        here = [*path, key]
        yield here, model, name, field, value
        yield from _children(getattr(model, name), value, here)


def _children(validated: Any, raw: Any, path: list[str | int]) -> Iterator[
        tuple[list[str | int], BaseModel, str, FieldInfo, Any]]:
    if isinstance(validated, BaseModel):
        yield from walk(validated, raw, path)
    elif isinstance(validated, (list, tuple)) and isinstance(raw, list):
        for index, (item, written) in enumerate(zip(validated, raw, strict=False)):
            yield from _children(item, written, [*path, index])
    elif isinstance(validated, dict) and isinstance(raw, dict):
        # Keys may be normalised (host names lower-cased): pair them by position.
        for (key, written), item in zip(raw.items(), validated.values(), strict=False):
            yield from _children(item, written, [*path, key])


def unknown_key_hint(loc: Sequence[str | int], data: Any) -> str:
    """What to say after "unknown key" at ``loc``: the close spelling, or the hosts that take it."""
    from mailsim.scenario.errors import did_you_mean

    key = loc[-1] if loc else None
    model = model_at(loc[:-1], data)
    if not isinstance(key, str) or model is None:
        return ""
    role = _role_of(model)
    roles = other_roles(key, role[0]) if role else []
    if roles:  # spelt right for another role: a close spelling here would mislead
        return f"; it is a key of {' and '.join(roles)} hosts, not of {role[0]} hosts"
    return did_you_mean(key, keys_of(model))


def unknown_kind_hint(node: Any, kinds: Sequence[str]) -> str:
    """After "expected exactly one action": the kind a misspelt action key may mean."""
    if not isinstance(node, dict):
        return ""
    from mailsim.scenario.errors import did_you_mean

    wrong = [key for key in node if isinstance(key, str) and key != "at" and key not in kinds]
    return did_you_mean(wrong[0], kinds) if len(wrong) == 1 else ""


_QUOTED = re.compile(r"'([^']*)'")


def hint(loc: list[str | int], error: Any, data: Any) -> str:
    """The :data:`mailsim.scenario.errors.Hint` the loader gives pydantic's errors."""
    from mailsim.scenario.errors import did_you_mean

    kind = error["type"]
    if kind == "extra_forbidden":
        return unknown_key_hint(loc, data)
    if kind == "kind" and len(loc) >= 2 and loc[0] in ("steps", "faults"):
        node: Any = data
        for part in loc:
            node = _child(node, part)
        return unknown_kind_hint(node, list(STEP_KINDS if loc[0] == "steps" else FAULT_KINDS))
    # One of a few words (a role, a protocol): the one the value looks like.
    ctx = error.get("ctx") or {}
    expected = ctx.get("expected_tags") if kind == "union_tag_invalid" else ctx.get("expected")
    written = ctx.get("tag") if kind == "union_tag_invalid" else error.get("input")
    if kind in ("union_tag_invalid", "literal_error") and isinstance(written, str) and expected:
        return did_you_mean(written, _QUOTED.findall(str(expected)))
    return ""
