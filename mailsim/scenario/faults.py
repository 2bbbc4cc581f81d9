"""Faults a scenario can switch on: outages, lossy links, failing DNS, refusing servers.

A fault in a file reads ``{host_down: {host: relay.example.net, from: 1m, until: 2h}}``;
``until`` left out means to the end of the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from mailsim.scenario.steps import keyed_union
from mailsim.scenario.units import Duration

FAULT_MODELS: dict[str, type[FaultBase]] = {}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Window(_Strict):
    start: Duration = Field(default=0.0, alias="from")
    until: Duration | None = None


class FaultBase(_Strict):
    @property
    def kind(self) -> str:
        return next(iter(type(self).model_fields))

    @property
    def window(self) -> Window:
        value = getattr(self, self.kind)
        assert isinstance(value, Window)
        return value


class HostDownWindow(Window):
    host: str


class LinkWindow(Window):
    between: Annotated[list[str], Field(min_length=2, max_length=2)]


class LossWindow(LinkWindow):
    rate: Annotated[float, Field(gt=0, le=0.9)] = 0.1


class DNSFailureWindow(Window):
    domain: str
    answer: Literal["servfail", "timeout"] = "servfail"


class SMTPReplyWindow(Window):
    host: str
    command: Literal["connect", "mail", "rcpt", "data"] = "rcpt"
    reply: Annotated[str, Field(pattern=r"^[45][0-9][0-9] .+")] = "451 4.3.0 Try again later"
    times: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="answer like this only the first N times (greylisting: 1)"
    )


class HostDown(FaultBase):
    """The host is unreachable: connections to it time out, it sends nothing."""

    host_down: HostDownWindow


class LinkDown(FaultBase):
    """The link is cut: traffic takes another path if there is one."""

    link_down: LinkWindow


class PacketLoss(FaultBase):
    """The link drops a share of the packets; TCP sends them again."""

    packet_loss: LossWindow


class DNSFailure(FaultBase):
    """The DNS server answers SERVFAIL for a domain, or does not answer at all."""

    dns_failure: DNSFailureWindow


class SMTPReply(FaultBase):
    """A server answers a command with a 4xx or 5xx (busy, greylisting, policy)."""

    smtp_reply: SMTPReplyWindow


for _model in (HostDown, LinkDown, PacketLoss, DNSFailure, SMTPReply):
    FAULT_MODELS[next(iter(_model.model_fields))] = _model

if TYPE_CHECKING:
    Fault = FaultBase
else:
    Fault = keyed_union(FAULT_MODELS, besides=(),
                        error="expected exactly one fault: " + ", ".join(FAULT_MODELS))
