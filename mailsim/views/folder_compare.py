"""Two rows of ``mailsim compare`` read from each strategy's trace: is a sent mail visible
on the user's other device, and how long until a device shows a new mail (polling or IDLE).

A device's user is read from the wire (its POP3 ``USER`` or IMAP ``LOGIN``) and from
what it composed; a sent mail is *visible* on another device of the same user when,
at the end of the run, that device lists it in a folder or keeps a copy. The delay of
a new mail on a device runs from ``stored`` in INBOX to the first ``synced`` list or
``downloaded`` copy that holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mailsim.trace import Trace
from mailsim.trace.replay import WorldState, replay
from mailsim.trace.states import Composed, Downloaded, Stored, Submitted, Synced, known_change
from mailsim.views.captions import ui
from mailsim.views.protocols import reads_mail


@dataclass(frozen=True, slots=True)
class FolderRow:
    """One strategy's sent-mail visibility and new-mail delays."""

    key: str
    sent: int  # mails sent from a device of a user who has another device
    visible: int  # of those, seen on another device of that user
    delays: dict[str, tuple[float | None, int, int]]  # device -> (mean s, shown, arrived)


def device_users(trace: Trace, *, senders: bool = True) -> dict[str, str]:
    """Each device's user: the address it logs in with (or, with ``senders``, sends from)."""
    users: dict[str, str] = {}
    roles = dict(trace.header.hosts)
    for event in trace.messages():
        if roles.get(event.src) != "client" or not reads_mail(event.protocol):
            continue
        words = event.text.split()
        if len(words) >= 2 and words[0].upper() == "USER":  # POP3 (RFC 1939 §7)
            users.setdefault(event.src, words[1])
        elif len(words) >= 3 and words[1].upper() == "LOGIN":  # IMAP (RFC 3501 §6.2.3)
            users.setdefault(event.src, words[2].strip('"'))
    for state_event in trace.states("composed") if senders else ():
        change = known_change(state_event)
        if isinstance(change, Composed):
            users.setdefault(state_event.node, change.sender)
    return users


def _shows(state: WorldState, device: str, message_id: str) -> bool:
    dev = state.device(device)
    if message_id in dev.local or message_id in dev.sent:
        return True
    lists = [dev.view, *dev.folders.values()]
    return any(entry.message_id == message_id for listing in lists for entry in listing.values())


def folder_row(key: str, trace: Trace) -> FolderRow:
    users = device_users(trace)
    devices_of: dict[str, list[str]] = {}
    for device, user in users.items():
        devices_of.setdefault(user.lower(), []).append(device)
    state = replay(trace)
    sent = visible = 0
    arrived: dict[str, dict[str, float]] = {}  # user -> message id -> stored at
    shown: dict[str, dict[str, float]] = {}  # device -> message id -> first shown at
    for event in trace.states():
        change = known_change(event)
        if isinstance(change, Submitted) and event.node in users:
            others = [d for d in devices_of[users[event.node].lower()] if d != event.node]
            if others:
                sent += 1
                visible += any(_shows(state, d, change.message_id) for d in others)
        elif isinstance(change, Stored) and change.folder is None:
            arrived.setdefault(change.mailbox.lower(), {}).setdefault(change.message_id, event.t)
        elif isinstance(change, Synced) and change.folder is None:
            for message in change.messages:
                shown.setdefault(event.node, {}).setdefault(message.message_id, event.t)
        elif isinstance(change, Downloaded):
            shown.setdefault(event.node, {}).setdefault(change.message_id, event.t)
    delays: dict[str, tuple[float | None, int, int]] = {}
    for device, user in sorted(device_users(trace, senders=False).items()):  # those that read
        mails = arrived.get(user.lower(), {})
        if not mails:
            continue
        seen = shown.get(device, {})
        waits = [seen[m] - t for m, t in mails.items() if m in seen and seen[m] >= t]
        delays[device] = (sum(waits) / len(waits) if waits else None, len(waits), len(mails))
    return FolderRow(key, sent, visible, delays)


def folder_rows(traces: Mapping[str, Trace]) -> dict[str, FolderRow]:
    return {key: folder_row(key, trace) for key, trace in traces.items()}


def folder_cells(row: FolderRow, lang: str = "en") -> tuple[str, str]:
    """The two cells of a strategy's row in the comparison table."""
    if row.sent:
        visible = ui("ui.compare.sent_of", lang, visible=row.visible, sent=row.sent)
    else:
        visible = ui("ui.compare.none_sent", lang)
    lines = [f"{device}: {wait_text(delay, lang)}" for device, delay in row.delays.items()]
    return visible, "\n".join(lines)


def wait_text(delay: tuple[float | None, int, int], lang: str = "en") -> str:
    """A device's mean wait for new mail, with how many of the mails it showed if not all."""
    mean, count, total = delay
    wait = _wait(mean, lang) if mean is not None else ui("ui.compare.never_shown", lang)
    return wait + (f" ({count}/{total})" if count != total else "")


def _wait(seconds: float, lang: str = "en") -> str:
    """A push arrives in well under a second: show tenths there, rounded gaps beyond
    (in ``lang``'s units: 9 min, 9分)."""
    from mailsim.views.table import gap_text

    if seconds < 10:
        return f"{seconds:.1f}秒" if lang == "ja" else f"{seconds:.1f} s"
    return gap_text(seconds, lang)
