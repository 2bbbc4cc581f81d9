"""The player's lines for IMAP folders: a server's folders besides INBOX, a device's
folder lists, the sent mail it keeps itself, and whether it waits in IDLE.

:func:`folder_lines` is called by :func:`mailsim.views.player.panels.host_state` after
a host's usual lines; it returns nothing for a host that has none of these, so the
scenarios without folders look as before.
"""

from __future__ import annotations

from html import escape

from rich.text import Text

from mailsim.trace.world import DeviceState, MailboxMessage, WorldState
from mailsim.views.captions import ui


def folder_lines(state: WorldState, host: str, lang: str = "en") -> list[Text]:
    """The folder part of one host's panel."""
    lines: list[Text] = []
    for address, folders in state.folders.get(host, {}).items():
        lines.append(Text(ui("ui.player.folders_of", lang, mailbox=address), style="bold"))
        for name, messages in folders.items():
            lines.extend(_folder(name, messages, lang))
    device = state.devices.get(host)
    if device is not None:
        lines.extend(_device(device, lang))
    return lines


def _folder(name: str, messages: list[MailboxMessage], lang: str) -> list[Text]:
    size = sum(m.size for m in messages)
    summary = (ui("ui.player.messages", lang, count=len(messages), size=size) if messages
               else ui("ui.player.empty", lang))
    lines = [Text(f" {name}", style="cyan").append(f"  {summary}", style="dim")]
    for m in messages:
        line = Text(f"   • {m.uid} “{m.subject}” {m.size} B")
        if m.flags:
            line.append(" " + " ".join(sorted(m.flags)), style="yellow")
        lines.append(line)
    return lines


def _device(device: DeviceState, lang: str) -> list[Text]:
    lines: list[Text] = []
    if device.idling is not None:
        lines.append(Text("⇅ " + ui("ui.player.idling", lang, folder=device.idling),
                          style="bold blue"))
    for name, listing in device.folders.items():
        lines.append(Text(ui("ui.player.folder_view", lang, folder=name), style="bold"))
        for uid, entry in listing.items():
            line = Text(f"   • {uid} “{entry.subject}” {entry.size} B")
            if entry.flags:
                line.append(" " + " ".join(entry.flags), style="yellow")
            lines.append(line)
    if device.sent:
        size = sum(c.size for c in device.sent.values())
        folders = ", ".join(dict.fromkeys(c.source for c in device.sent.values()))
        lines.append(Text(ui("ui.player.sent_here", lang, folder=folders), style="bold").append(
            f": {ui('ui.player.bytes', lang, size=size)}", style="dim"))
        for copy in device.sent.values():
            lines.append(Text(f"   • “{copy.subject}” {copy.size} B"))
    return lines


def folder_html(state: WorldState, host: str, lang: str = "en") -> str:
    """The same lines for the notebooks' state cards (:mod:`mailsim.views.state_html`)."""
    return "".join(f"<div>{escape(line.plain)}</div>" for line in folder_lines(state, host, lang))
