"""Short, readable forms of trace events, shared by every view."""

from __future__ import annotations

from mailsim.trace import MessageEvent, StateEvent, TraceEvent

APPLICATION_PROTOCOLS = frozenset({"SMTP", "DNS", "LDAP", "POP3", "IMAP"})


def short_names(hosts: list[str]) -> dict[str, str]:
    """The shortest leading labels that still tell hosts apart:
    ``mail.example.com`` -> ``mail`` unless another host starts with ``mail.``."""
    out: dict[str, str] = {}
    for host in hosts:
        labels = host.split(".")
        for n in range(1, len(labels) + 1):
            candidate = ".".join(labels[:n])
            clashes = [h for h in hosts if h != host and ".".join(h.split(".")[:n]) == candidate]
            if not clashes:
                out[host] = candidate
                break
        else:
            out[host] = host
    return out


def format_gap(seconds: float) -> str:
    """A rounded duration for an idle gap: ``12 s``, ``15 min``, ``2 h 5 min``, ``3 d 4 h``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def format_time(t: float) -> str:
    """``0.0123 s`` for short runs; ``1:02:03.456`` once minutes matter."""
    if t < 60:
        return f"{t:.4f} s"
    hours, rest = divmod(t, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours)}:{int(minutes):02d}:{secs:06.3f}"


def shorten_lines(text: str, max_lines: int = 6, width: int = 100) -> str:
    """At most ``max_lines`` lines of ``text``, each cut at ``width``."""
    lines = text.split("\n")
    shown = [line if len(line) <= width else line[: width - 1] + "…" for line in lines[:max_lines]]
    if len(lines) > max_lines:
        shown.append(f"… (+{len(lines) - max_lines} more lines)")
    return "\n".join(shown)


def is_message_content(event: MessageEvent) -> bool:
    """The body of a DATA command: many lines ending with the lone dot."""
    return event.protocol == "SMTP" and event.text.endswith("\n.") and "\n" in event.text


def message_text(event: MessageEvent, max_lines: int = 6) -> str:
    if is_message_content(event):
        lines = event.text.split("\n")
        head = [line for line in lines[:3]]
        return "\n".join(head) + f"\n… message content: {len(lines) - 1} lines, {event.size} bytes, then '.'"
    return shorten_lines(event.text, max_lines)


def state_text(event: StateEvent) -> str:
    """One line saying what changed in a node."""
    d = event.data
    action = event.action
    if action == "queued":
        n = len(d["recipients"])
        return f"queued {d['queue_id']} ({n} recipient{'s' if n != 1 else ''}, {d['size']} bytes)"
    if action == "stored":
        return f"stored in mailbox {d['mailbox']} (uid {d['uid']}, {d['size']} bytes)"
    if action in ("relayed", "deferred", "failed"):
        target = f" to {d['to_host']}" if d.get("to_host") else ""
        return f"{action} {d['queue_id']}{target}: {', '.join(d['recipients'])} — {d['reply']}"
    if action == "removed":
        return f"removed {d['queue_id']} from the queue"
    if action == "dns_cache_hit":
        records = "; ".join(d["records"]) or d["rcode"]
        return f"DNS cache hit {d['name']} {d['qtype']} (TTL left {d['ttl_left']:.0f} s): {records}"
    if action == "dns_cache_store":
        parts = [f"{r['name']} {r['type']} TTL {r['ttl']:.0f}" for r in d["rrsets"]]
        return "cached " + "; ".join(parts)
    if action == "dns_cache_expired":
        return f"DNS cache entry expired: {d['name']} {d['qtype']}"
    if action == "mx_selected":
        return f"mail hosts for {d['domain']}: {', '.join(d['hosts'])}"
    if action in ("login", "login_failed"):
        return f"{'login accepted' if action == 'login' else 'login refused'} for {d['user']}"
    if action == "credentials_checked":
        return f"credentials checked for {d['dn']}: {d['result']}"
    if action == "composed":
        return f"new mail {d['message_id']} “{d['subject']}” to {', '.join(d['recipients'])}"
    if action in ("submitted", "submission_failed"):
        return f"{'sent' if action == 'submitted' else 'NOT sent'}: {d['reply']}"
    if action == "downloaded":
        return f"downloaded “{d['subject']}” ({d['size']} bytes) — a copy now lives on this device"
    if action == "cached":
        return f"cached “{d['subject']}” ({d['size']} bytes) for offline reading"
    if action == "synced":
        n = len(d["messages"])
        return f"message list synced from {d['mailbox']}: {n} message{'s' if n != 1 else ''}"
    if action == "deleted":
        n = len(d["uids"])
        return f"deleted {n} message{'s' if n != 1 else ''} from mailbox {d['mailbox']} ({d['protocol']})"
    if action == "flags_changed":
        return f"flags of uid {d['uid']} in {d['mailbox']} now {' '.join(d['flags']) or '(none)'}"
    if action == "read":
        where = {"local": "from this device", "cache": "from the local cache",
                 "server": "from the server"}.get(d["source"], d["source"])
        return f"the user reads “{d['subject']}” {where}"
    if action == "read_failed":
        return f"cannot open the message: {d['reason']}"
    if action == "local_deleted":
        return f"deleted the local copy of {d['message_id']}"
    if action == "check_failed":
        return f"checking mail ({d['protocol']}) failed: {d['reason']}"
    if action == "over_quota":
        quota = d["quota"]
        return f"mailbox {d['mailbox']} is full: {d['used']} + {d['size']} bytes > quota {quota}"
    if action in ("offline", "online"):
        return "the device goes offline" if action == "offline" else "the device is back online"
    if action == "server_copy_expired":
        return f"server copy {d['uid']} is old enough to delete"
    if action == "retry":
        return f"retry {d['queue_id']}: attempt {d['attempt']} for {', '.join(d['recipients'])}"
    if action == "retry_scheduled":
        return f"{d['queue_id']} waits in the queue; next attempt at {format_time(d['at'])}"
    if action in ("bounced", "delay_notice"):
        what = "bounced" if action == "bounced" else "delay notice for"
        return f"{what} {d['message_id']} to its sender ({d['notice_id']}): {d['reply']}"
    if action == "expired":
        return f"{d['queue_id']} is too old: giving up on {', '.join(d['recipients'])}"
    if action == "discarded":
        return f"discarded {d['message_id']}: {d['reason']}"
    if action == "fault_reply":
        return f"scenario fault: answers {d['command']} with {d['reply']}"
    if action == "login_unavailable":
        return f"cannot check the login of {d['user']}: no answer from the authentication server"
    if action in ("dns_timeout", "dns_no_answer"):
        return f"no DNS answer for {d['name']} {d['qtype']}"
    if action == "connection_failed":
        return f"could not connect to {d['host']}: {d['reason']}"
    details = ", ".join(f"{k}={v}" for k, v in sorted(d.items()))
    return f"{action} {details}".strip()


def event_text(event: TraceEvent) -> str:
    if isinstance(event, MessageEvent):
        return message_text(event)
    return state_text(event)
