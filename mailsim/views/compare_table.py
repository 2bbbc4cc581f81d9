"""``mailsim compare``'s table sized for the terminal it is printed on (a projector's too).

The strategies are the columns and the measures the rows, one row per device under a
measure that differs by device: four strategies side by side fit where eight measures
would not. The texts are wrapped here, between words (and between BudouX phrases in
Japanese, :mod:`mailsim.views.wrap`), never inside one; of the ways to wrap, the first
whose widest line fits the terminal is printed: full names on one line, then wrapped
narrower, then the strategies' short names from the catalogue with a legend under the
table. Widths count East Asian characters as two columns (rich measures them so).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from mailsim.trace import Trace
from mailsim.views.captions import ui
from mailsim.views.sequence_style import display_width
from mailsim.views.storage import comparison_rows, strategy_label
from mailsim.views.wrap import pieces, wrap

# (measure column, strategy column) wrap widths in cells, widest first; None: unwrapped
WIDTHS: tuple[tuple[int | None, int | None], ...] = ((None, None), (30, 22), (24, 16),
                                                     (18, 12), (14, 10))
Entry = tuple[str, bool, list[str]]  # a row's label, whether it is a device's, its cells


def entries(traces: Mapping[str, Trace], lang: str = "en") -> list[Entry]:
    """The rows of the table: a measure, or a measure's heading and a row per device."""
    from mailsim.views.folder_compare import folder_rows, wait_text

    rows = comparison_rows(traces)
    folders = folder_rows(traces)
    devices = list(dict.fromkeys(d for row in rows for d in row.device_bytes))
    missing = "—"

    def per_device(key: str, cell: dict[str, dict[str, str]]) -> list[Entry]:
        return [(ui(f"ui.compare.{key}", lang), False, []),
                *((d, True, [cell[r.key].get(d, missing) for r in rows]) for d in devices)]

    sent = [ui("ui.compare.sent_of", lang, visible=folders[r.key].visible,
               sent=folders[r.key].sent) if folders[r.key].sent
            else ui("ui.compare.none_sent", lang) for r in rows]
    return [
        (ui("ui.compare.server", lang), False, [f"{r.server_bytes:,} B" for r in rows]),
        *per_device("devices", {r.key: {d: f"{b:,} B" for d, b in r.device_bytes.items()}
                                for r in rows}),
        *per_device("readable", {r.key: {d: f"{on} / {off}" for d, (on, off)
                                         in r.readable.items()} for r in rows}),
        (ui("ui.compare.lines", lang), False, [str(r.lines) for r in rows]),
        (ui("ui.compare.bytes_read", lang), False, [f"{r.bytes_read:,}" for r in rows]),
        (ui("ui.compare.sent_visible", lang), False, sent),
        *per_device("new_mail_delay", {r.key: {d: wait_text(v, lang) for d, v
                                               in folders[r.key].delays.items()} for r in rows}),
    ]


def _wrapped(text: str, width: int | None) -> str:
    """``text`` on lines of ``width`` cells, widened to its widest word: no word is cut."""
    if width is None:
        return text
    widest = max((display_width(p) for p in pieces(text) if not p.isspace()), default=1)
    return "\n".join(wrap(text, max(width, widest)))


def short_label(key: str, lang: str, labels: Mapping[str, str] | None) -> str:
    """A strategy's short name for a narrow table ("POP3 keep"), else its label."""
    short = ui(f"ui.table.short.{key}", lang)
    return strategy_label(key, lang, labels) if short.startswith("ui.") else short


def _table(traces: Mapping[str, Trace], rows: list[Entry], lang: str,
           labels: Mapping[str, str] | None, widths: tuple[int | None, int | None],
           short: bool) -> Table:
    measure_width, strategy_width = widths
    table = Table(title=ui("ui.compare.title", lang), header_style="bold")
    table.add_column(_wrapped(ui("ui.compare.measure", lang), measure_width), no_wrap=True)
    for key in traces:
        name = short_label(key, lang, labels) if short else strategy_label(key, lang, labels)
        table.add_column(_wrapped(name, strategy_width), justify="right", no_wrap=True)
    for label, device, cells in rows:
        head = Text("  " + label) if device else Text(_wrapped(label, measure_width), "bold")
        table.add_row(head, *cells, end_section=False)
    return table


def compare_table(traces: Mapping[str, Trace], lang: str = "en",
                  labels: Mapping[str, str] | None = None, width: int = 120) -> RenderableType:
    """The table for a terminal ``width`` columns wide: the first layout that fits."""
    rows = entries(traces, lang)
    console = Console(width=width)
    unbounded = console.options.update_width(1_000_000)  # the table's own widest line
    table = None
    for short in (False, True):
        for widths in WIDTHS:
            table = _table(traces, rows, lang, labels, widths, short)
            if Measurement.get(console, unbounded, table).maximum <= width:
                return table if not short else Group(table, _legend(traces, lang, labels))
    assert table is not None
    return Group(table, _legend(traces, lang, labels))


def _legend(traces: Mapping[str, Trace], lang: str, labels: Mapping[str, str] | None) -> Text:
    items = [ui("ui.table.legend_item", lang, short=short_label(key, lang, labels),
                label=strategy_label(key, lang, labels)) for key in traces]
    return Text(ui("ui.table.legend", lang, items=ui("ui.table.legend_sep", lang).join(items)))
