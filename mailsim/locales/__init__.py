"""Catalogues of user-facing text, one module per language (``en``, ``ja``).

Keys are shared; every English key has a Japanese text (a test checks it).
Placeholders use ``str.format`` names and must match across languages.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

LANGUAGES = ("en", "ja")

# Each language's texts come in two modules: the caption layer (``en``: roles, the
# analogy, steps, states, notes) and the commands' screens (``en_ui``: the player,
# sweeps, studies, notebooks, summaries).
_PARTS = ("", "_ui")


@cache
def catalog(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` (English for an unknown language)."""
    name = lang if lang in LANGUAGES else "en"
    table: dict[str, str] = {}
    for part in _PARTS:
        texts: dict[str, str] = import_module(f"mailsim.locales.{name}{part}").CATALOG
        if table.keys() & texts.keys():
            raise ValueError(f"{name}{part}: keys defined twice: {sorted(table.keys() & texts.keys())}")
        table.update(texts)
    return table
