"""Catalogue texts filled in: what every state text and caption module words its lines with."""

from __future__ import annotations

import re

from mailsim.locales import catalog


def say(key: str, lang: str, **values: object) -> str:
    """The catalogue text ``key`` in ``lang`` (English if missing), filled in."""
    text = catalog(lang).get(key) or catalog("en")[key]
    return text.format(**values)


def count(n: int, thing: str, lang: str) -> str:
    """"1 recipient", "2 messages" (``text.n.<thing>.one``/``.other``)."""
    return say(f"text.n.{thing}.{'one' if n == 1 else 'other'}", lang, n=n)


def reason(why: str, lang: str) -> str:
    """A reason or result a node recorded, in ``lang`` when the catalogue knows its words."""
    key = "text.why." + re.sub(r"\W+", "_", why.lower()).strip("_")
    return catalog(lang).get(key) or why
