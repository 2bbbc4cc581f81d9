"""Every node's replayed state as HTML: mailboxes, queues, DNS caches, device stores.

For notebooks (``mailsim.notebook.state_at`` and the step player): the same
hosts and labels (``ui.player.*`` keys) as the terminal player's state panel
(:mod:`mailsim.views.player.panels`), as one card per host titled with its role
in the chosen language. Cards carry ``data-host`` and mailbox lines
``data-mailbox`` attributes, so tests and styles can find them.
"""

from __future__ import annotations

from html import escape

from mailsim.trace import Trace
from mailsim.trace.replay import DeviceState, WorldState
from mailsim.views.captions import host_title, ui
from mailsim.views.folder_panels import folder_html
from mailsim.views.player.panels import known_mailboxes, stateful_hosts
from mailsim.views.times import format_time

STYLE = (
    "<style>.mailsim-state{display:flex;flex-wrap:wrap;gap:6px;font-size:12px;line-height:1.35}"
    ".mailsim-state .card{border:1px solid #c8d3e0;border-radius:6px;padding:4px 8px;"
    "min-width:210px;max-width:330px;background:#f8fafc}"
    ".mailsim-state .card h4{margin:0 0 2px 0;font-size:12px;color:#1f3a5f}"
    ".mailsim-state .role{font-weight:normal;color:#555}"
    ".mailsim-state ul{margin:0 0 2px 0;padding-left:16px}"
    ".mailsim-state .dim{color:#888}.mailsim-state .flag{color:#9a6b00}"
    ".mailsim-state .off{color:#c62828;font-weight:bold}.mailsim-state .on{color:#2e7d32}"
    ".mailsim-state .label{font-weight:bold}</style>"
)


def state_html(trace: Trace, state: WorldState, lang: str = "en", *, title: str | None = None) -> str:
    """``state`` (replayed from ``trace``) as HTML cards, one per host that keeps state."""
    roles = dict(trace.header.hosts)
    boxes = known_mailboxes(trace)
    cards = []
    for host in stateful_hosts(trace, state):
        body = (_device(state, host, lang) if roles.get(host) == "client"
                else _server(state, host, list(boxes.get(host, ())), lang))
        body += folder_html(state, host, lang)  # IMAP folders, Sent kept, IDLE (helper A2)
        heading = (f"<h4>{escape(host)} <span class='role'>— "
                   f"{escape(host_title(trace, host, lang))}</span></h4>")
        cards.append(f'<div class="card" data-host="{escape(host)}">{heading}{body}</div>')
    head = f"<div><b>{escape(title)}</b> <span class='dim'>{format_time(state.time)}</span></div>" \
        if title else ""
    return f'{STYLE}{head}<div class="mailsim-state">{"".join(cards)}</div>'


def _label(text: str, extra: str = "") -> str:
    tail = f" <span class='dim'>{escape(extra)}</span>" if extra else ""
    return f"<div><span class='label'>{escape(text)}</span>{tail}</div>"


def _items(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>" if lines else ""


def _flags(flags: object) -> str:
    text = " ".join(sorted(str(f) for f in flags)) if isinstance(flags, (set, list, tuple)) else ""
    return f" <span class='flag'>{escape(text)}</span>" if text else ""


def _server(state: WorldState, host: str, known: list[str], lang: str) -> str:
    parts = []
    mailboxes = state.mailboxes.get(host, {})
    names = list(dict.fromkeys([*known, *mailboxes]))
    if names:
        parts.append(_label(ui("ui.player.mailboxes", lang)))
        lines = []
        for name in names:
            messages = mailboxes.get(name, [])
            size = sum(m.size for m in messages)
            summary = (ui("ui.player.messages", lang, count=len(messages), size=size) if messages
                       else ui("ui.player.empty", lang))
            inner = _items([f"{m.uid} “{escape(m.subject)}” {m.size} B{_flags(m.flags)}"
                            for m in messages])
            lines.append(f'<span data-mailbox="{escape(name)}"><b>{escape(name)}</b>: '
                         f"{escape(summary)}</span>{inner}")
        parts.append(_items(lines))
    queue = state.queues.get(host, {})
    parts.append(_label(ui("ui.player.queue", lang), "" if queue else ui("ui.player.empty", lang)))
    parts.append(_items([
        f"{escape(queue_id)} “{escape(entry.subject)}” → {escape(', '.join(entry.recipients) or '✓')}"
        for queue_id, entry in queue.items()
    ]))
    cache = state.cache(host)
    if host in state.dns_caches:
        parts.append(_label(ui("ui.player.dns_cache", lang), "" if cache else ui("ui.player.empty", lang)))
        parts.append(_items([
            f"{escape(' · '.join(entry.records) or entry.rcode)} <span class='dim'>"
            f"{escape(ui('ui.player.ttl_left', lang, seconds=f'{entry.expires_at - state.time:.0f}'))}"
            "</span>"
            for entry in cache.values()
        ]))
    return "".join(parts)


def _device(state: WorldState, host: str, lang: str) -> str:
    device = state.devices.get(host, DeviceState())
    online = ui("ui.player.online" if device.online else "ui.player.offline", lang)
    parts = [f"<div class='{'on' if device.online else 'off'}'>"
             f"{'●' if device.online else '○'} {escape(online)}</div>"]
    outbox = state.outboxes.get(host, [])
    if outbox:
        parts.append(_label(ui("ui.player.outbox", lang)))
        parts.append(_items([
            f"“{escape(sent.subject)}” → {escape(', '.join(sent.recipients))} <span class='dim'>("
            f"{escape(ui(f'ui.player.outbox.{sent.status}', lang))})</span>"
            for sent in outbox
        ]))
    if device.local:
        parts.append(_label(ui("ui.player.local", lang),
                            ui("ui.player.bytes", lang, size=device.local_bytes)))
        read = escape(ui("ui.player.read", lang))
        parts.append(_items([
            f"“{escape(copy.subject)}” {copy.size} B ({escape(copy.source)})"
            + (f" <span class='flag'>{read}</span>" if copy.read else "")
            for copy in device.local.values()
        ]))
    if device.view:
        parts.append(_label(ui("ui.player.view", lang)))
        parts.append(_items([f"{uid} “{escape(entry.subject)}” {entry.size} B{_flags(entry.flags)}"
                             for uid, entry in device.view.items()]))
    if len(parts) == 1:
        parts.append(f"<div class='dim'>{escape(ui('ui.player.nothing', lang))}</div>")
    return "".join(parts)
