"""POP3 versus IMAP for notebooks: the comparison as an HTML table, in en or ja.

The rows are the ones ``mailsim compare`` prints (:mod:`mailsim.views.storage`,
which also draws the figure); this is their HTML form.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from mailsim.trace import Trace
from mailsim.views.captions import ui
from mailsim.views.storage import comparison_rows, strategy_label

_STYLE = ("<style>.mailsim-compare td,.mailsim-compare th{text-align:left;padding:2px 10px;"
          "vertical-align:top;font-size:12px}.mailsim-compare td.n{text-align:right}</style>")


def comparison_html(traces: Mapping[str, Trace], lang: str = "en",
                    labels: Mapping[str, str] | None = None) -> str:
    """One row per strategy (traces keyed by strategy key): bytes on the server and each
    device, readable mails, traffic. ``labels`` name keys the catalogue does not know."""
    head = "".join(f"<th>{escape(ui(f'ui.compare.{column}', lang))}</th>" for column in
                   ("strategy", "server", "devices", "readable", "lines", "bytes_read",
                    "sent_visible", "new_mail_delay"))
    from mailsim.views.folder_compare import folder_cells, folder_rows  # helper A2: folders, IDLE

    folders = folder_rows(traces)
    rows = []
    for row in comparison_rows(traces):
        sent, delays = (escape(cell).replace("\n", "<br>")
                        for cell in folder_cells(folders[row.key], lang))
        devices = "<br>".join(f"{escape(n)}: {b:,} B" for n, b in row.device_bytes.items())
        readable_text = "<br>".join(f"{escape(n)}: {on} / {off}"
                                    for n, (on, off) in row.readable.items())
        rows.append(
            f"<tr><td><b>{escape(strategy_label(row.key, lang, labels))}</b></td>"
            f'<td class="n">{row.server_bytes:,} B</td><td>{devices}</td>'
            f'<td>{readable_text}</td><td class="n">{row.lines}</td>'
            f'<td class="n">{row.bytes_read:,}</td><td>{sent}</td><td>{delays}</td></tr>')
    caption = f"<caption style='text-align:left'><b>{escape(ui('ui.compare.title', lang))}</b></caption>"
    return (f'{_STYLE}<table class="mailsim-compare">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
