"""The one-liners of who sent a mail: OP25B, POP before SMTP, SPF, DKIM, DMARC, a list's changes.

:mod:`mailsim.views.state_texts` merges :data:`SECURITY_TEXTS` into its ``STATE_TEXTS``.
Texts are the catalogues' ``text.*`` keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mailsim.trace.states import (
    DKIMChecked,
    DKIMSigned,
    DMARCChecked,
    MessageModified,
    PortBlocked,
    RelayWindowOpened,
    RelayWindowUsed,
    SPFChecked,
    StateChange,
)
from mailsim.views.say import say
from mailsim.views.times import format_time


def _port_blocked(c: PortBlocked, lang: str) -> str:
    return say("text.port_blocked", lang, src=c.src, dst=c.dst, port=c.port, rule=c.rule)


def _relay_window_opened(c: RelayWindowOpened, lang: str) -> str:
    return say("text.relay_window_opened", lang, user=c.user, ip=c.ip, until=format_time(c.until))


def _relay_window_used(c: RelayWindowUsed, lang: str) -> str:
    return say("text.relay_window_used", lang, ip=c.ip, user=c.user, recipient=c.recipient)


def _spf_checked(c: SPFChecked, lang: str) -> str:
    meaning = say(f"text.spf.result.{c.result}", lang)
    return say("text.spf_checked", lang, result=c.result, domain=c.domain, ip=c.ip, meaning=meaning)


def _dkim_signed(c: DKIMSigned, lang: str) -> str:
    return say("text.dkim_signed", lang, domain=c.domain, selector=c.selector)


def _dkim_checked(c: DKIMChecked, lang: str) -> str:
    meaning = say(f"text.dkim.result.{c.result}", lang)
    return say("text.dkim_checked", lang, result=c.result, domain=c.domain, meaning=meaning)


def _dmarc_checked(c: DMARCChecked, lang: str) -> str:
    meaning = say(f"text.dmarc.disposition.{c.disposition}", lang)
    return say("text.dmarc_checked", lang, result=c.result, domain=c.domain, meaning=meaning)


def _message_modified(c: MessageModified, lang: str) -> str:
    what = say("text.list_join", lang).join(say(f"text.modified.{change}", lang)
                                            for change in c.changes)
    return say("text.message_modified", lang, queue_id=c.queue_id, changes=what)


SECURITY_TEXTS: dict[type[StateChange], Callable[[Any, str], str]] = {
    PortBlocked: _port_blocked,
    RelayWindowOpened: _relay_window_opened,
    RelayWindowUsed: _relay_window_used,
    SPFChecked: _spf_checked,
    DKIMSigned: _dkim_signed,
    DKIMChecked: _dkim_checked,
    DMARCChecked: _dmarc_checked,
    MessageModified: _message_modified,
}
