"""``ms.tap(trace, "mx,bob")``: what a wiretap on one link reads, as a table in the notebook.

The decision — readable, a password, or protected by TLS — is :mod:`mailsim.views.tap`'s,
as for ``mailsim tap``; here it is only drawn: readable rows in full (the first lines),
the password marked, TLS rows as their size and time.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mailsim.notebook.display import HTML
from mailsim.notebook.runs import run
from mailsim.scenario import Scenario
from mailsim.trace import Trace
from mailsim.views.captions import ui
from mailsim.views.notebook import notebook_language
from mailsim.views.tap import Tapped, Wiretap, resolve_link
from mailsim.views.times import format_time

_STYLE = (
    "<style>.mailsim-tap td,.mailsim-tap th{text-align:left;padding:2px 8px;font-size:12px;"
    "vertical-align:top}.mailsim-tap pre{margin:0;white-space:pre-wrap;font-size:12px}"
    ".mailsim-tap tr.protected td{color:#777}.mailsim-tap tr.secret td{background:#fde4e1}"
    ".mailsim-tap mark{background:#ffd43b;color:#a1001a;font-weight:bold;padding:0 2px}"
    ".mailsim-tap td.kind{font-weight:bold;white-space:nowrap}"
    ".mailsim-tap tr.clear td.kind{color:#b35c00}.mailsim-tap tr.secret td.kind{color:#a1001a}"
    ".mailsim-tap tr.protected td.kind{color:#2f7a3a}</style>"
)


def _reads(seen: Tapped, lines: int, lang: str) -> str:
    """The cell of what the tap reads: the text (the secret marked) or the TLS sentence."""
    if seen.kind == "protected":
        return escape(ui("tap.encrypted", lang, size=seen.event.size))
    before, secret, after = seen.parts()
    shown = before + secret + after
    rows = shown.split("\n")
    cut = "\n".join(rows[:lines])
    more = ("\n" + ui("tap.more_lines", lang, n=len(rows) - lines)) if len(rows) > lines else ""
    if secret and len(before) + len(secret) <= len(cut):
        cut = f"{escape(before)}<mark>{escape(secret)}</mark>{escape(cut[len(before) + len(secret):])}"
    else:
        cut = escape(cut)
    return f"<pre>{cut}{escape(more)}</pre>"


def tap(source: Trace | str | Scenario, link: str | Sequence[str], lang: str | None = None,
        *, lines: int = 6) -> HTML:
    """What a tap on ``link`` (``"mx,bob"`` or ``("mx", "bob")``) reads of a run.

    ``source`` is a trace, or a scenario (a bundled name, a file, a loaded one) to run.
    One row per unit that crosses the link: readable, a password (marked), or protected
    by TLS (its size and time only); ``lines`` lines of each. Without ``lang``, the
    notebook's language (``ms.language``). A wrong link raises ``ValueError`` saying why.
    """
    lang = lang or notebook_language()
    trace = source if isinstance(source, Trace) else run(source)
    a, b = resolve_link(trace, link, lang)
    wiretap = Wiretap(trace, a, b)
    rows = []
    for seen in wiretap.seen.values():
        e = seen.event
        rows.append(
            f'<tr class="{seen.kind}" data-step="{e.seq}"><td>{e.seq}</td>'
            f"<td>{escape(format_time(e.t_sent))}</td><td>{escape(e.src)} → {escape(e.dst)}</td>"
            f"<td>{escape(e.protocol)}:{e.port}</td>"
            f'<td class="kind">{escape(ui(f"tapview.kind.{seen.kind}", lang))}</td>'
            f"<td>{_reads(seen, lines, lang)}</td></tr>")
    columns = [ui(f"tap.column.{key}", lang) for key in ("step", "time", "route", "port")]
    columns += [ui("tapview.column.kind", lang), ui("tap.column.reads", lang)]
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    hidden = sum(1 for s in wiretap.seen.values() if s.kind == "protected")
    summary = ui("tap.summary", lang, readable=len(wiretap.seen) - hidden, hidden=hidden)
    if not rows:
        summary = ui("tapview.nothing", lang, a=a, b=b)
    learnt = "".join(f"<li><b>{escape(ui('tap.secret', lang, step=s.event.seq, secret=''))}</b>"
                     f"<mark>{escape(s.secret or '')}</mark></li>" for s in wiretap.secrets())
    title = escape(ui("tap.title", lang, a=a, b=b))
    return HTML(f'{_STYLE}<div class="mailsim-tap"><table><caption style="text-align:left">'
                f"<b>{title}</b> — {escape(summary)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>"
                + (f'<ul class="secrets">{learnt}</ul>' if learnt else "") + "</div>")
