"""Japanese texts of ``compare``'s storage figure: counts, offline time, ``delete_after``."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    "ui.chart.mails_one": "{count}通",
    "ui.chart.mails_many": "{count}通",
    "ui.chart.offline": "{device}がオフライン",
    "ui.chart.delete_after": "delete_after でサーバーから削除",
    "ui.chart.removed": "−{count}通",
    "ui.chart.counts_note": "線の右端の数字: そこに保存されているメールの数",
}
