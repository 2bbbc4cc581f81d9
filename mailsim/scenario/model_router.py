"""The scenario keys of a router: a host that only forwards, with an ISP's port 25 blocking."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mailsim.scenario.model_base import HostBase, Strict
from mailsim.scenario.validators import HostName


class OP25BConfig(Strict):
    """Outbound Port 25 Blocking: the ISP drops its customers' SMTP connections to any
    server but its own, so an infected home PC cannot send spam straight to an MX."""

    customers: Annotated[list[HostName], Field(min_length=1)] = Field(
        description="the ISP's customers: hosts whose connections to port 25 are blocked")
    allow: list[HostName] = Field(
        default=[], description="servers the customers may still reach on port 25 (the ISP's own)")


class RouterHost(HostBase):
    """A router (an ISP's network): it forwards traffic and speaks no mail protocol."""

    role: Literal["router"]
    op25b: OP25BConfig | None = None
