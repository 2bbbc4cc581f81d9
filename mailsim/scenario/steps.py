"""Timed scenario steps, kept in a registry so that new kinds plug in.

A step in a file reads ``{at: 30s, <kind>: {...}}``. Each kind registers its
pydantic model here; :mod:`mailsim.scenario.build` registers how it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)

from mailsim.scenario.units import Duration

STEP_MODELS: dict[str, type[StepBase]] = {}


class StepBase(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    at: Duration = 0.0

    @property
    def kind(self) -> str:
        raise NotImplementedError


def register_step(kind: str) -> Any:
    """Class decorator: make ``kind`` a step key in scenario files."""

    def decorate(cls: type[StepBase]) -> type[StepBase]:
        STEP_MODELS[kind] = cls
        return cls

    return decorate


def _lower_domain(value: str) -> str:
    from mailsim.scenario.model import _check_address

    return _check_address(value)


_Address = Annotated[str, AfterValidator(_lower_domain)]


def one_line(value: str) -> str:
    """Header text (a subject, a name) must not break the header (RFC 5322 §2.2)."""
    if any(ch in value for ch in "\r\n\x00"):
        raise ValueError("expected one line of text (no line breaks)")
    return value


OneLine = Annotated[str, AfterValidator(one_line)]


class SendAction(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    sender: _Address = Field(alias="from")
    to: Annotated[list[_Address], Field(min_length=1)]
    cc: list[_Address] = []
    subject: OneLine = ""
    body: str = ""
    device: str | None = Field(
        default=None, description="client host that sends; default: the sender's first"
    )


@register_step("send")
class SendStep(StepBase):
    """The user writes a mail and presses Send."""

    send: SendAction

    @property
    def kind(self) -> str:
        return "send"


def _device_shorthand(value: Any) -> Any:
    """``go_offline: bob-phone`` stands for ``go_offline: {device: bob-phone}``."""
    return {"device": value} if isinstance(value, str) else value


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class DeviceAction(_Action):
    device: str


DeviceRef = Annotated[DeviceAction, BeforeValidator(_device_shorthand)]


class CheckMailAction(_Action):
    device: str
    every: Duration | None = Field(default=None, description="check again at this interval")
    until: Duration | None = Field(default=None, description="last check no later than this")


@register_step("check_mail")
class CheckMailStep(StepBase):
    """The mail client asks the server for new mail (POP3 or IMAP, per the device)."""

    check_mail: Annotated[CheckMailAction, BeforeValidator(_device_shorthand)]

    @property
    def kind(self) -> str:
        return "check_mail"


MessageChoice = Literal["latest", "oldest", "all"] | Annotated[int, Field(ge=1)]


class MessageAction(_Action):
    device: str
    message: MessageChoice = Field(
        default="latest", description="latest, oldest, all, or a position in the list (1 = oldest)"
    )


@register_step("read")
class ReadStep(StepBase):
    """The user opens a message on a device."""

    read: Annotated[MessageAction, BeforeValidator(_device_shorthand)]

    @property
    def kind(self) -> str:
        return "read"


@register_step("delete")
class DeleteStep(StepBase):
    """The user deletes a message on a device."""

    delete: Annotated[MessageAction, BeforeValidator(_device_shorthand)]

    @property
    def kind(self) -> str:
        return "delete"


@register_step("go_offline")
class GoOfflineStep(StepBase):
    """The device loses its network connection (aeroplane mode)."""

    go_offline: DeviceRef

    @property
    def kind(self) -> str:
        return "go_offline"


@register_step("go_online")
class GoOnlineStep(StepBase):
    """The device is back on the network."""

    go_online: DeviceRef

    @property
    def kind(self) -> str:
        return "go_online"


def keyed_union(models: dict[str, type[BaseModel]], *, besides: tuple[str, ...],
                error: str) -> Any:
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


if TYPE_CHECKING:
    Step = StepBase
else:
    Step = keyed_union(STEP_MODELS, besides=("at",),
                       error="expected 'at' and exactly one action: " + ", ".join(STEP_MODELS))
