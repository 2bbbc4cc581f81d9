"""The canonical JSON form of a :class:`~mailsim.trace.world.WorldState`.

The classroom page folds the trace again in JavaScript (``assets/fold.js``) and writes
the same form (``MS.stateJSON(index)``), so a test can compare the page's state with
:func:`mailsim.trace.replay.replay` at every step, byte for byte. The rules, the same in
both languages:

- keys sorted by code point (Python's order of ``str``); every key is a string (an IMAP
  UID key is written as its decimal digits);
- sets as sorted lists, tuples and lists as lists in their order;
- a resolver cache as a list of ``[name, qtype, entry]``, sorted by name then qtype (its
  keys are tuples, which JSON has no form for); expired entries stay, as in the state;
- ``time`` and ``expires_at`` as Python floats, written as ``repr`` writes them: the page
  adds ``time + ttl`` as IEEE doubles in the same order as the fold, so the digits agree
  exactly (no tolerance);
- no spaces (``separators=(",", ":")``), text as it is (``ensure_ascii=False``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from mailsim.trace.world import DeviceState, LocalCopy, MailboxMessage, ViewEntry, WorldState


def state_json(state: WorldState) -> str:
    """The canonical text of ``state`` (what the page's ``MS.stateJSON`` writes)."""
    return json.dumps(state_data(state), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def state_data(state: WorldState) -> dict[str, Any]:
    """The plain data the canonical text is written from."""
    return {
        "step": state.step,
        "time": float(state.time),
        "stored": state.stored,
        "queues": {node: {qid: {"message_id": e.message_id, "sender": e.sender,
                                "recipients": list(e.recipients), "size": e.size,
                                "subject": e.subject}
                          for qid, e in queue.items()}
                   for node, queue in state.queues.items()},
        "mailboxes": {node: {address: _messages(box) for address, box in boxes.items()}
                      for node, boxes in state.mailboxes.items()},
        "folders": {node: {address: {folder: _messages(box) for folder, box in account.items()}
                           for address, account in accounts.items()}
                    for node, accounts in state.folders.items()},
        "dns_caches": {node: [[name, qtype, {"records": list(e.records), "rcode": e.rcode,
                                             "expires_at": float(e.expires_at)}]
                              for (name, qtype), e in sorted(cache.items())]
                       for node, cache in state.dns_caches.items()},
        "outboxes": {node: [{"message_id": m.message_id, "subject": m.subject,
                             "recipients": list(m.recipients), "status": m.status} for m in sent]
                     for node, sent in state.outboxes.items()},
        "devices": {node: _device(device) for node, device in state.devices.items()},
    }


def _messages(box: Iterable[MailboxMessage]) -> list[dict[str, Any]]:
    return [{"uid": m.uid, "message_id": m.message_id, "size": m.size, "subject": m.subject,
             "sender": m.sender, "flags": sorted(m.flags)} for m in box]


def _entries(listing: Mapping[int, ViewEntry]) -> dict[str, Any]:
    return {str(uid): {"message_id": e.message_id, "size": e.size, "subject": e.subject,
                       "flags": list(e.flags)} for uid, e in listing.items()}


def _copies(copies: Mapping[str, LocalCopy]) -> dict[str, Any]:
    return {key: {"message_id": c.message_id, "size": c.size, "subject": c.subject,
                  "source": c.source, "uid": c.uid, "read": c.read} for key, c in copies.items()}


def _device(device: DeviceState) -> dict[str, Any]:
    return {
        "online": device.online,
        "local": _copies(device.local),
        "view": _entries(device.view),
        "read": sorted(device.read),
        "local_size": device.local_size,
        "folders": {folder: _entries(listing) for folder, listing in device.folders.items()},
        "sent": _copies(device.sent),
        "idling": device.idling,
    }
