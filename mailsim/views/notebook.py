"""A trace that shows itself in a notebook: an HTML table, and a rich renderable.

:func:`register` makes ``Trace._repr_html_`` return :func:`trace_html` and
``Trace.__rich__`` :func:`trace_rich`; both show the first ``limit`` events
and say how many more. A trace shows itself with no argument, so the language
of its table is the notebook's (:func:`use_language`, ``ms.language("ja")``).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from mailsim.trace import DISPLAY_HOOKS, MessageEvent, Trace
from mailsim.views.captions import ui
from mailsim.views.protocols import colour
from mailsim.views.sequence_style import message_label
from mailsim.views.state_texts import state_text
from mailsim.views.times import format_time

if TYPE_CHECKING:
    from rich.console import RenderableType

_STYLE = (
    "<style>.mailsim-trace td,.mailsim-trace th{text-align:left;padding:1px 8px;"
    "font-size:12px;vertical-align:top}.mailsim-trace td.n{text-align:right;color:#888}"
    ".mailsim-trace tr.state td{font-style:italic;color:#6b5a00}</style>"
)


_NOTEBOOK = {"lang": "en"}


def use_language(lang: str) -> None:
    """The language of the tables a trace shows itself as (``en`` or ``ja``)."""
    _NOTEBOOK["lang"] = lang


def notebook_language() -> str:
    """The language :func:`use_language` set (``en`` until it is called)."""
    return _NOTEBOOK["lang"]


def said(key: str, **values: object) -> str:
    """A notebook message (an error a student may meet) in the notebook's language."""
    return ui(key, _NOTEBOOK["lang"], **values)


def register() -> None:
    """Let every Trace show itself as these tables in notebooks and rich consoles."""
    DISPLAY_HOOKS["html"] = trace_html
    DISPLAY_HOOKS["rich"] = trace_rich


def trace_html(trace: Trace, limit: int = 200, lang: str | None = None) -> str:
    """The trace as an HTML table (first ``limit`` events), for ``_repr_html_``."""
    lang = lang or _NOTEBOOK["lang"]
    header = trace.header
    rows = []
    for event in list(trace)[:limit]:
        if isinstance(event, MessageEvent):
            tint = colour(event.protocol)
            lock = "🔒 " if event.encrypted else ""
            text = lock + message_label(event, lang=lang, show_encrypted=True, max_label=100)
            rows.append(
                f'<tr><td class="n">{event.seq}</td><td>{escape(format_time(event.t_sent))}</td>'
                f"<td>{escape(event.src)} → {escape(event.dst)}</td>"
                f'<td style="color:{tint};font-weight:bold">{escape(event.protocol)}:{event.port}</td>'
                f"<td><code>{escape(text)}</code></td></tr>")
        else:
            rows.append(
                f'<tr class="state"><td class="n">{event.seq}</td><td>{escape(format_time(event.t))}</td>'
                f"<td>● {escape(event.node)}</td><td>{escape(ui('ui.state', lang))}</td>"
                f"<td>{escape(state_text(event, lang))}</td></tr>")
    more = len(trace) - limit
    tail = (f'<tr><td colspan="5" style="color:#888">{escape(_more(more, lang))}'
            "</td></tr>") if more > 0 else ""
    title = ui("ui.nbtrace.title", lang, scenario=header.scenario)
    counts = ui("ui.nbtrace.counts", lang, count=len(trace), seed=header.seed)
    caption = (f"<caption style='text-align:left'><b>{escape(title)}</b> — "
               f"{escape(counts)}</caption>")
    columns = ("ui.nbtrace.step", "ui.nbtrace.time", "ui.nbtrace.route", "ui.nbtrace.port", "ui.nbtrace.line")
    head = "<tr>" + "".join(f"<th>{escape(ui(key, lang))}</th>" for key in columns) + "</tr>"
    return (f'{_STYLE}<table class="mailsim-trace">{caption}<thead>{head}</thead>'
            f"<tbody>{''.join(rows)}{tail}</tbody></table>")


def trace_rich(trace: Trace, limit: int = 200) -> RenderableType:
    """The trace as a rich table (first ``limit`` events), for ``__rich__``."""
    from rich.console import Group
    from rich.text import Text

    from mailsim.views.table import trace_table

    table = trace_table(trace[:limit], full_names=False)
    more = len(trace) - limit
    if more <= 0:
        return table
    return Group(table, Text(_more(more, _NOTEBOOK["lang"]), style="dim"))


def _more(count: int, lang: str) -> str:
    """"… 3 more events" below a table cut at its limit."""
    return ui("ui.nbtrace.more_one" if count == 1 else "ui.nbtrace.more", lang, count=count)
