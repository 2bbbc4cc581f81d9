"""Rich renderables for the player: one event in detail, and every node's replayed state.

Both the full-screen player and tests render these; the plain mode uses the
compact :func:`state_summary`. All labels come from the ``ui.player.*`` keys of
the catalogues, so the panels follow ``--lang``.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Group, RenderableType
from rich.text import Text

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.trace.replay import DeviceState, WorldState
from mailsim.trace.states import Deleted, FlagsChanged, OverQuota, Stored, known_change
from mailsim.views.captions import event_caption, host_title, node_caption, ui
from mailsim.views.protocols import is_transport
from mailsim.views.protocols import style as protocol_style
from mailsim.views.state_texts import state_text
from mailsim.views.times import format_time

# Roles whose state the fold tracks; auth and DNS servers keep none.
STATEFUL_ROLES = ("client", "mail_server", "relay")
CAPTION_STYLE = "italic green"


def stateful_hosts(trace: Trace, state: WorldState | None = None) -> list[str]:
    """Hosts that get a state section: clients, mail servers, relays, any resolver."""
    hosts = [name for name, role in trace.header.hosts if role in STATEFUL_ROLES]
    if state is not None:
        extra = [*state.mailboxes, *state.queues, *state.dns_caches, *state.devices, *state.outboxes]
        hosts.extend(h for h in dict.fromkeys(extra) if h not in hosts)
    return hosts


def section_title(trace: Trace, host: str, lang: str = "en") -> str:
    return f"{host} — {host_title(trace, host, lang)}"


@lru_cache(maxsize=8)
def known_mailboxes(trace: Trace) -> dict[str, tuple[str, ...]]:
    """Mailboxes that ever appear at each node, so one can be shown empty before its first mail."""
    found: dict[str, dict[str, None]] = {}
    for event in trace.states():
        change = known_change(event)
        if isinstance(change, Stored | Deleted | FlagsChanged | OverQuota) and change.mailbox:
            found.setdefault(event.node, {})[change.mailbox] = None
    return {node: tuple(boxes) for node, boxes in found.items()}


# --- the current event -----------------------------------------------------------


def event_detail(trace: Trace, event: TraceEvent, *, lang: str = "en",
                 analogy: bool = False) -> RenderableType:
    """The current event in full: where, when, the whole line, and its plain-words caption."""
    head, body, caption = event_parts(trace, event, lang=lang, analogy=analogy)
    return Group(head, body, *([caption] if caption is not None else []))


def event_parts(trace: Trace, event: TraceEvent, *, lang: str = "en", analogy: bool = False,
                ) -> tuple[RenderableType, RenderableType, RenderableType | None]:
    """The detail in three parts: the head (step, route, times), the line or state text
    itself, and the plain-words caption with the analogy (``None`` if there is neither).

    The full-screen player scrolls the middle part alone, so a long message body
    never pushes the caption out of view.
    """
    if isinstance(event, MessageEvent):
        head: RenderableType = Group(*_message_head(event, lang))
        # Indented by hand: rich's Padding would pad every line with trailing spaces.
        indented = "  " + event.text.replace("\n", "\n  ")
        body = Text(indented, style="dim" if is_transport(event.protocol) else "bold")
        hosts: tuple[str, ...] = (event.src, event.dst)
    else:
        first = Text(f"#{event.seq}  ", style="bold")
        first.append(f"● {event.node}", style="italic")
        head = Group(first, Text(f"{ui('ui.player.inside', lang, node=event.node)} · "
                                 f"{format_time(event.t)}", style="dim"))
        body = Text(state_text(event, lang), style="bold")
        hosts = (event.node,)
    parts: list[RenderableType] = []
    caption = event_caption(event, lang)
    if caption:
        parts.append(Text("» " + caption, style=CAPTION_STYLE))
    if analogy:
        parts.extend(_analogies(trace, hosts, lang))
    return head, body, Group(*parts) if parts else None


def _message_head(event: MessageEvent, lang: str) -> list[RenderableType]:
    head = Text(f"#{event.seq}  ", style="bold")
    head.append(f"{event.protocol}:{event.port}", style=protocol_style(event.protocol, "bold"))
    if event.conn:
        head.append(f"  ({event.conn})", style="dim")
    route = Text(f"{event.src} → {event.dst}")
    times = Text(f"{ui('ui.player.sent', lang)} {format_time(event.t_sent)}")
    if event.t_arrived is None:
        times.append(f" · {ui('ui.player.lost', lang)}", style="bold red")
    else:
        times.append(f" → {ui('ui.player.arrived', lang)} {format_time(event.t_arrived)}")
    times.append(f" · {ui('ui.player.bytes', lang, size=event.size)}", style="dim")
    secrecy = (Text(ui("ui.player.encrypted", lang), style="yellow") if event.encrypted
               else Text(ui("ui.player.not_encrypted", lang), style="dim"))
    return [head, route, times, secrecy]


def _analogies(trace: Trace, hosts: tuple[str, ...], lang: str) -> list[RenderableType]:
    lines: list[RenderableType] = [Text()]
    for host in dict.fromkeys(hosts):
        line = Text(f"{host}", style="bold")
        line.append(f" — {host_title(trace, host, lang)}")
        caption = node_caption(trace, host, lang)
        if caption:
            line.append(f": {caption}", style="italic")
        lines.append(line)
    return lines


# --- the replayed state ------------------------------------------------------------


def state_view(trace: Trace, state: WorldState, *, lang: str = "en") -> RenderableType:
    """Every stateful host, one titled section each (what the plain mode's tests read)."""
    parts: list[RenderableType] = []
    for host in stateful_hosts(trace, state):
        parts.append(Text(section_title(trace, host, lang), style="bold underline"))
        parts.append(host_state(trace, state, host, lang=lang))
    return Group(*parts)


def host_state(trace: Trace, state: WorldState, host: str, *, lang: str = "en") -> RenderableType:
    """One host's mailboxes and queue, its DNS cache, or a device's store and message list."""
    lines: list[Text] = []
    roles = dict(trace.header.hosts)
    if roles.get(host) == "client" or host in state.devices or host in state.outboxes:
        lines.extend(_device_lines(state, host, lang))
    if roles.get(host) == "mail_server" or host in state.mailboxes:
        lines.extend(_mailbox_lines(trace, state, host, lang))
    from mailsim.views.folder_panels import folder_lines  # IMAP folders, Sent, IDLE (helper A2)

    lines.extend(folder_lines(state, host, lang))
    if roles.get(host) in ("mail_server", "relay") or host in state.queues:
        lines.extend(_queue_lines(state, host, lang))
    if host in state.dns_caches:
        lines.extend(_cache_lines(state, host, lang))
    return Group(*lines) if lines else Text(ui("ui.player.nothing", lang), style="dim")


def _label(text: str, extra: str = "") -> Text:
    label = Text(text, style="bold")
    if extra:
        label.append(f": {extra}", style="dim")
    return label


def _mailbox_lines(trace: Trace, state: WorldState, host: str, lang: str) -> list[Text]:
    boxes = state.mailboxes.get(host, {})
    names = list(dict.fromkeys([*known_mailboxes(trace).get(host, ()), *boxes]))
    if not names:
        return [_label(ui("ui.player.mailboxes", lang), ui("ui.player.no_mail", lang))]
    lines = [_label(ui("ui.player.mailboxes", lang))]
    for name in names:
        messages = boxes.get(name, [])
        size = sum(m.size for m in messages)
        summary = (ui("ui.player.messages", lang, count=len(messages), size=size) if messages
                   else ui("ui.player.empty", lang))
        lines.append(Text(f" {name}", style="cyan").append(f"  {summary}", style="dim"))
        for m in messages:
            line = Text(f"   • {m.uid} “{m.subject}” {m.size} B")
            if m.flags:
                line.append(" " + " ".join(sorted(m.flags)), style="yellow")
            line.append(f"  ← {m.sender or '<>'}", style="dim")  # who sent it
            lines.append(line)
    return lines


def _queue_lines(state: WorldState, host: str, lang: str) -> list[Text]:
    queue = state.queues.get(host, {})
    if not queue:
        return [_label(ui("ui.player.queue", lang), ui("ui.player.empty", lang))]
    lines = [_label(ui("ui.player.queue", lang))]
    for queue_id, entry in queue.items():
        targets = ", ".join(entry.recipients) or "✓"
        lines.append(Text(f"   • {queue_id} “{entry.subject}” → {targets}  {entry.size} B"))
    return lines


def _cache_lines(state: WorldState, host: str, lang: str) -> list[Text]:
    cache = state.cache(host)
    if not cache:
        return [_label(ui("ui.player.dns_cache", lang), ui("ui.player.empty", lang))]
    lines = [_label(ui("ui.player.dns_cache", lang))]
    for (name, qtype), entry in cache.items():
        seconds = f"{entry.expires_at - state.time:.0f}"
        lines.append(Text(f"   • {name} {qtype}", style="magenta").append(
            f"  {ui('ui.player.ttl_left', lang, seconds=seconds)}", style="dim"))
        for record in entry.records or [entry.rcode]:
            lines.append(Text(f"       {record}"))
    return lines


def _device_lines(state: WorldState, host: str, lang: str) -> list[Text]:
    device = state.devices.get(host, DeviceState())
    online = ui("ui.player.online" if device.online else "ui.player.offline", lang)
    lines = [Text(("● " if device.online else "○ ") + online,
                  style="bold green" if device.online else "bold red")]
    outbox = state.outboxes.get(host, [])
    if outbox:
        lines.append(_label(ui("ui.player.outbox", lang)))
        for sent in outbox:
            status = ui(f"ui.player.outbox.{sent.status}", lang)
            lines.append(Text(f"   • “{sent.subject}” → {', '.join(sent.recipients)}")
                         .append(f"  ({status})", style="dim"))
    if device.local:
        lines.append(_label(ui("ui.player.local", lang),
                            ui("ui.player.bytes", lang, size=device.local_bytes)))
        for local in device.local.values():
            line = Text(f"   • “{local.subject}” {local.size} B ({local.source})")
            if local.read:
                line.append(f" {ui('ui.player.read', lang)}", style="yellow")
            lines.append(line)
    if device.view:
        lines.append(_label(ui("ui.player.view", lang)))
        for uid, entry in device.view.items():
            line = Text(f"   • {uid} “{entry.subject}” {entry.size} B")
            if entry.flags:
                line.append(" " + " ".join(entry.flags), style="yellow")
            lines.append(line)
    return lines


def state_summary(trace: Trace, state: WorldState, *, lang: str = "en") -> list[str]:
    """A few short lines for the plain mode: only hosts that hold something."""
    lines: list[str] = []
    for host in stateful_hosts(trace, state):
        parts: list[str] = []
        for name, messages in state.mailboxes.get(host, {}).items():
            size = sum(m.size for m in messages)
            parts.append(f"{name} " + ui("ui.player.messages", lang, count=len(messages), size=size))
        if state.queues.get(host):
            parts.append(f"{ui('ui.player.queue', lang)} {len(state.queues[host])}")
        if state.cache(host):
            parts.append(f"{ui('ui.player.dns_cache', lang)} {len(state.cache(host))}")
        device = state.devices.get(host)
        if device is not None:
            if not device.online:
                parts.append(ui("ui.player.offline", lang))
            if device.local:
                parts.append(f"{ui('ui.player.local', lang)} {len(device.local)}")
            if device.view:
                parts.append(f"{ui('ui.player.view', lang)} {len(device.view)}")
        if parts:
            lines.append(f"{host}: " + "; ".join(parts))
    return lines


def event_row(event: TraceEvent, names: dict[str, str],
              lang: str = "en") -> tuple[str, str, str, Text, Text]:
    """The cells of one event-list row: #, time, who, protocol:port, first line."""
    if isinstance(event, StateEvent):
        return (str(event.seq), format_time(event.t), f"● {names.get(event.node, event.node)}",
                Text(ui("ui.player.state_cell", lang), style="italic dim"),
                Text(state_text(event, lang), style="italic green"))
    first = event.text.split("\n", 1)[0] + (" …" if "\n" in event.text else "")
    line = Text(("🔒 " if event.encrypted else "") + first,
                style="dim" if is_transport(event.protocol) else "")
    who = f"{names.get(event.src, event.src)} → {names.get(event.dst, event.dst)}"
    return (str(event.seq), format_time(event.t_sent), who,
            Text(f"{event.protocol}:{event.port}", style=protocol_style(event.protocol)),
            line)
