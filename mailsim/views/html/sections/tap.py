"""The page's tap tab: what a wiretap on each link reads, decided here by
:mod:`mailsim.views.tap` (the page's script only draws it, never judges a line).

Compact for a 20,000-event trace: ``says`` is one letter per event (the sentence the
tab shows: ``s`` a state change, ``p`` under TLS, ``k`` a password read, ``g`` a bare
TCP segment, ``c`` a line in clear), ``cross`` names for each link the ``"src>dst"``
pairs whose units cross it (a unit of any other pair is ``elsewhere``), and ``texts``
holds only what differs from a line's own text: AUTH's base64 decoded, and a password
split out as ``[before, password, after]`` for the page to mark.
"""

from __future__ import annotations

from typing import Any

from mailsim.locales import LANGUAGES, catalog
from mailsim.trace import MessageEvent, Trace
from mailsim.views.tap import SAYINGS, Saying, crossing_pairs, links, readings, saying

NAME = "tap"
CODES: dict[Saying, str] = {"state": "s", "protected": "p", "secret": "k", "segment": "g", "clear": "c"}
UI_PREFIXES = ("tap.", "tapview.")  # the shared sentences, besides the page's html.tap.* keys


def build(trace: Trace) -> dict[str, Any]:
    """``links``, ``cross``, ``says``, ``texts``, ``keys`` (code -> catalogue key) and ``ui``."""
    says = ["s"] * len(trace)
    texts: dict[str, list[str]] = {}
    positions = [n for n, event in enumerate(trace) if isinstance(event, MessageEvent)]
    for position, seen in zip(positions, readings(trace), strict=True):
        says[position] = CODES[saying(seen.event, seen)]
        if seen.readable is None:
            continue
        before, secret, after = seen.parts()
        if secret:
            texts[str(position)] = [before, secret, after]
        elif seen.readable != seen.event.text:
            texts[str(position)] = [seen.readable]
    pairs = [sorted(f"{src}>{dst}" for src, dst in crossing_pairs(trace, a, b))
             for a, b in links(trace)]
    return {
        "links": [list(pair) for pair in links(trace)],
        "cross": pairs,
        "says": "".join(says),
        "texts": texts,
        "keys": {code: SAYINGS[name] for name, code in CODES.items()}
        | {"e": SAYINGS["elsewhere"]},
        "ui": {lg: {k: v for k, v in catalog(lg).items() if k.startswith(UI_PREFIXES)}
               for lg in LANGUAGES},
    }
