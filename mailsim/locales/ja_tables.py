"""Japanese texts of ``compare``'s table on a narrow terminal: short names and their legend."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    "ui.compare.measure": "項目",
    "ui.table.short.pop3-delete": "POP3・削除",
    "ui.table.short.pop3-keep": "POP3・残す",
    "ui.table.short.imap": "IMAPのみ",
    "ui.table.short.imap-cache": "IMAP・キャッシュ",
    "ui.table.legend": "列の見方: {items}",
    "ui.table.legend_item": "{short} は {label}",
    "ui.table.legend_sep": "、",
}
