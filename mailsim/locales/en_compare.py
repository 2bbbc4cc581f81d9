"""English texts of ``compare``'s storage figure: counts, offline time, ``delete_after``."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    "ui.chart.mails_one": "{count} mail",
    "ui.chart.mails_many": "{count} mails",
    "ui.chart.offline": "{device} offline",
    "ui.chart.delete_after": "delete_after removes mail from the server",
    "ui.chart.removed": "−{count}",
    "ui.chart.counts_note": "At each line's end: the mails it holds.",
}
