"""The one registry of step kinds and fault kinds.

A kind is written once, in its ``register_step`` or ``register_fault`` call:
the call builds the pydantic model (``{at: 30s, <kind>: {...}}`` for a step,
``{<kind>: {...}}`` for a fault), whose single action key is also the tag the
scenario model tells the kinds apart by, and files the runner (or fault plan)
and the cross-reference check beside it. Each kind lives in a module of its
own under ``steps/`` or ``faults/``; the ``__init__`` of that package imports
them, which is what registers them.

This module sits below the scenario model and the world (they read it), so
the runner, plan and check signatures name the world, the plan and the
scenario as ``Any``; each kind's module types its own functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, TypeVar, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    Tag,
    create_model,
)
from pydantic_core import CoreSchema

from mailsim.scenario.model_base import Strict
from mailsim.scenario.units import Duration

Problem = tuple[str, str]  # (key path, what was expected)
Cost = tuple[int, str]  # (trace events a step may record, what they come from: "120 checks")
KeyPath = list[str | int]
A = TypeVar("A", bound=BaseModel)
W = TypeVar("W", bound="Window")


class StepBase(Strict):
    """A timed step; the model of each kind adds one field named after the kind."""

    kind: ClassVar[str] = ""
    at: Duration = 0.0

    @property
    def action(self) -> BaseModel:
        value = getattr(self, self.kind)
        assert isinstance(value, BaseModel)
        return value


class Window(Strict):
    """When a fault holds: ``from`` (default: the start), ``until`` (default: the end)."""

    start: Duration = Field(default=0.0, alias="from")
    until: Duration | None = None


class FaultBase(Strict):
    """A fault; the model of each kind has one field, named after the kind."""

    kind: ClassVar[str] = ""

    @property
    def window(self) -> Window:
        value = getattr(self, self.kind)
        assert isinstance(value, Window)
        return value


@dataclass(frozen=True)
class StepKind:
    kind: str
    model: type[StepBase]
    run: Callable[[Any, Any], None]  # (World, action) when the step's time comes
    check: Callable[[Any, KeyPath, Any], Iterable[Problem]] | None  # (Scenario, path, action)
    cost: Callable[[Any, Any], Cost] | None = None  # (Scenario, step): see scenario/budget.py


@dataclass(frozen=True)
class FaultKind:
    kind: str
    model: type[FaultBase]
    plan: Callable[[Any, Any], None]  # (FaultPlan, window) before the world is built
    check: Callable[[Any, KeyPath, Any], Iterable[Problem]] | None  # (Scenario, path, window)


# In registration order, which is the order the error messages list them in.
STEP_KINDS: dict[str, StepKind] = {}
FAULT_KINDS: dict[str, FaultKind] = {}


def _model_name(kind: str, suffix: str) -> str:
    return "".join(part.title() for part in kind.split("_")) + suffix


def _action_field(action: type[BaseModel], before: Callable[[Any], Any] | None) -> Any:
    return Annotated[action, BeforeValidator(before)] if before is not None else action


def register_step(
    kind: str,
    action: type[A],
    run: Callable[[Any, A], None],
    check: Callable[[Any, KeyPath, A], Iterable[Problem]] | None = None,
    *,
    before: Callable[[Any], Any] | None = None,
    cost: Callable[[Any, Any], Cost] | None = None,
    doc: str = "",
) -> type[StepBase]:
    """Make ``kind`` a step key in scenario files; return the step's model.

    ``before`` rewrites the raw value first (a shorthand such as
    ``go_offline: bob-phone``). ``cost`` estimates the trace events the step
    may record (Scenario, step), for the run's size cap; without it a step
    counts as a few dozen events.
    """
    if kind in STEP_KINDS or kind == "at":
        raise ValueError(f"step kind {kind!r} is already taken")
    fields: dict[str, Any] = {kind: (_action_field(action, before), ...)}
    model = create_model(_model_name(kind, "Step"), __base__=StepBase, __doc__=doc,
                         __module__=action.__module__, **fields)
    model.kind = kind
    _findable(model)
    STEP_KINDS[kind] = StepKind(kind, model, run, check, cost)
    return model


def _findable(model: type[BaseModel]) -> None:
    """Make ``model`` an attribute of the module it names: pickle looks it up there, to send
    a scenario to a worker process (``mailsim compare``, ``mailsim sweep``)."""
    import sys

    setattr(sys.modules[model.__module__], model.__name__, model)


def register_fault(
    kind: str,
    window: type[W],
    plan: Callable[[Any, W], None],
    check: Callable[[Any, KeyPath, W], Iterable[Problem]] | None = None,
    *,
    doc: str = "",
) -> type[FaultBase]:
    """Make ``kind`` a fault key in scenario files; return the fault's model."""
    if kind in FAULT_KINDS:
        raise ValueError(f"fault kind {kind!r} is already taken")
    fields: dict[str, Any] = {kind: (window, ...)}
    model = create_model(_model_name(kind, "Fault"), __base__=FaultBase, __doc__=doc,
                         __module__=window.__module__, **fields)
    model.kind = kind
    _findable(model)
    FAULT_KINDS[kind] = FaultKind(kind, model, plan, check)
    return model


def keyed_union(models: dict[str, type[BaseModel]], *, besides: tuple[str, ...], error: str) -> Any:
    """A union of models told apart by which single key (besides ``besides``) is present.

    ``{at: 5s, send: {...}}`` is a ``send`` step; ``{host_down: {...}}`` a fault.
    """

    def kind_of(value: Any) -> str | None:
        if isinstance(value, dict):
            keys = [key for key in value if key not in besides]
            return str(keys[0]) if len(keys) == 1 and keys[0] in models else None
        kind = getattr(value, "kind", None)
        return kind if isinstance(kind, str) else None

    members = tuple(Annotated[model, Tag(kind)] for kind, model in models.items())
    return Annotated[
        Union[members],  # noqa: UP007 - built at run time from the registry
        Discriminator(kind_of, custom_error_type="kind", custom_error_message=error),
    ]


class _Registered:
    """Pydantic metadata: validate as the union of the kinds registered when the schema is built.

    The scenario model defers building its schema to the first validation, by
    which time every kind module has been imported.
    """

    def __init__(self, steps: bool) -> None:
        self.steps = steps

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        if self.steps:
            models: dict[str, type[BaseModel]] = {k: v.model for k, v in STEP_KINDS.items()}
            union = keyed_union(models, besides=("at",),
                                error="expected 'at' and exactly one action: " + ", ".join(models))
        else:
            models = {k: v.model for k, v in FAULT_KINDS.items()}
            union = keyed_union(models, besides=(), error="expected exactly one fault: " + ", ".join(models))
        return handler.generate_schema(union)


Step = Annotated[StepBase, _Registered(steps=True)]
Fault = Annotated[FaultBase, _Registered(steps=False)]
