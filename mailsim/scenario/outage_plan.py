"""Turning a scenario's faults into what the network and the servers act on."""

from __future__ import annotations

from mailsim.nodes.mta import ReplyFault
from mailsim.protocols.smtp import Reply
from mailsim.scenario.faults import HostDown, LinkDown, PacketLoss, SMTPReply
from mailsim.scenario.model import Scenario
from mailsim.sim.outages import Outages
from mailsim.units import to_micros


def micros_or_none(seconds: float | None) -> int | None:
    return None if seconds is None else to_micros(seconds)


def outages(scenario: Scenario) -> Outages:
    outages = Outages()
    for fault in scenario.faults:
        window = fault.window
        start, end = to_micros(window.start), micros_or_none(window.until)
        if isinstance(fault, HostDown):
            outages.host_down(fault.host_down.host, start, end)
        elif isinstance(fault, LinkDown):
            a, b = fault.link_down.between
            outages.link_down(a, b, start, end)
        elif isinstance(fault, PacketLoss):
            a, b = fault.packet_loss.between
            outages.packet_loss(a, b, fault.packet_loss.rate, start, end)
    return outages


def reply_faults(scenario: Scenario, host: str) -> list[ReplyFault]:
    faults = []
    for fault in scenario.faults:
        if isinstance(fault, SMTPReply) and fault.smtp_reply.host == host:
            w = fault.smtp_reply
            code, text = w.reply.split(" ", 1)
            faults.append(ReplyFault(w.command, Reply(int(code), (text,)), to_micros(w.start),
                                     micros_or_none(w.until), w.times))
    return faults


