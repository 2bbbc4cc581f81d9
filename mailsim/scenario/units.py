"""The scenario model's field types for durations, bandwidths and sizes (pydantic)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator

from mailsim.units import parse_bandwidth, parse_duration, parse_size

Duration = Annotated[float, BeforeValidator(parse_duration)]
Bandwidth = Annotated[float, BeforeValidator(parse_bandwidth)]
Size = Annotated[int, BeforeValidator(parse_size)]
