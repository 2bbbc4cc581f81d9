"""English texts of ``compare``'s table on a narrow terminal: short names and their legend."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    "ui.compare.measure": "measure",
    "ui.table.short.pop3-delete": "POP3 delete",
    "ui.table.short.pop3-keep": "POP3 keep",
    "ui.table.short.imap": "IMAP",
    "ui.table.short.imap-cache": "IMAP cache",
    "ui.table.legend": "Columns: {items}.",
    "ui.table.legend_item": "{short} = {label}",
    "ui.table.legend_sep": "; ",
}
