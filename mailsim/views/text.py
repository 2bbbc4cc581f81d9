"""Short, readable forms of trace events, shared by every view."""

from __future__ import annotations

from mailsim.trace import MessageEvent, TraceEvent
from mailsim.views.say import say
from mailsim.views.state_texts import state_text


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


def shorten_lines(text: str, max_lines: int = 6, width: int = 100, lang: str = "en") -> str:
    """At most ``max_lines`` lines of ``text``, each cut at ``width``."""
    lines = text.split("\n")
    shown = [line if len(line) <= width else line[: width - 1] + "…" for line in lines[:max_lines]]
    if len(lines) > max_lines:
        shown.append(say("text.more_lines", lang, n=len(lines) - max_lines))
    return "\n".join(shown)


def is_message_content(event: MessageEvent) -> bool:
    """The body of a DATA command: many lines ending with the lone dot."""
    return event.protocol == "SMTP" and event.text.endswith("\n.") and "\n" in event.text


def message_text(event: MessageEvent, max_lines: int = 6, lang: str = "en") -> str:
    """A protocol line as the tables show it: a mail's content summed up after its first lines."""
    if is_message_content(event):
        lines = event.text.split("\n")
        head = [line for line in lines[:3]]
        return "\n".join(head) + "\n" + say("text.message_content", lang, lines=len(lines) - 1,
                                             size=event.size)
    return shorten_lines(event.text, max_lines, lang=lang)


def event_text(event: TraceEvent, lang: str = "en") -> str:
    if isinstance(event, MessageEvent):
        return message_text(event, lang=lang)
    return state_text(event, lang)
