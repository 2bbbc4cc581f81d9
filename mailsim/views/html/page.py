"""One self-contained HTML file: the template, every style sheet and script of
``assets/`` inline, and the page's data as JSON. Nothing is fetched when it opens
(no CDN, no font file, no request at all), so it works from a USB stick.

Scripts: ``core.js`` first (the shared state and the event bus every view uses),
then every other ``*.js`` in name order, then ``start.js``, which starts the views.
Style sheets: ``base.css`` first, then the others in name order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from importlib import resources
from typing import Any

from mailsim.trace import Trace
from mailsim.views.html.payload import build_payload

FIRST_SCRIPT, LAST_SCRIPT, FIRST_STYLE = "core.js", "start.js", "base.css"


def _assets(suffix: str, first: str, last: str | None = None) -> list[str]:
    folder = resources.files("mailsim.views.html").joinpath("assets")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(suffix))
    middle = [n for n in names if n not in (first, last)]
    ordered = [first, *middle, *([last] if last else [])]
    return [folder.joinpath(name).read_text(encoding="utf-8") for name in ordered]


def data_json(payload: Mapping[str, Any]) -> str:
    """The payload as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``... so no text of the trace (a
    message body saying ``</script>``) can end the element; the JSON is unchanged.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_page(trace: Trace, *, lang: str = "en", analogy: bool = False,
                addresses: Mapping[str, str] | None = None,
                lesson: Mapping[str, Any] | None = None) -> str:
    """The whole page as one string (see :func:`build_payload` for the arguments)."""
    payload = build_payload(trace, lang=lang, analogy=analogy, addresses=addresses, lesson=lesson)
    template = resources.files("mailsim.views.html").joinpath("assets", "page.html")
    page = template.read_text(encoding="utf-8")
    title = escape(f"mailsim · {trace.header.scenario}")
    styles = "\n".join(_assets(".css", FIRST_STYLE))
    scripts = "\n;\n".join(_assets(".js", FIRST_SCRIPT, LAST_SCRIPT))
    # replace the data last: the trace's own text must never be read as a placeholder
    parts = {"@@TITLE@@": title, "@@LANG@@": payload["lang"], "@@STYLE@@": styles,
             "@@SCRIPT@@": scripts}
    for mark, value in parts.items():
        page = page.replace(mark, value)
    return page.replace("@@DATA@@", data_json(payload))
