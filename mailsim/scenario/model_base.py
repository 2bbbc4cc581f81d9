"""The base every part of a scenario's model shares: strict, frozen, and its small types."""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from mailsim.scenario.units import Duration

LocalText = str | dict[Literal["en", "ja"], str]
Port = Annotated[int, Field(ge=1, le=65535)]


class Strict(BaseModel):
    """A part of a scenario file: unknown keys are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class HostBase(Strict):
    """What every host has, whatever its role."""

    ip: IPv4Address | None = None
    processing: Duration | None = Field(
        default=None, description="time the host takes to handle one protocol line"
    )
