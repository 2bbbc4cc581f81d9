"""Catalogues of user-facing text, one module per language (``en``, ``ja``).

Keys are shared; every English key has a Japanese text (a test checks it).
Placeholders use ``str.format`` names and must match across languages.
"""

from __future__ import annotations

import pkgutil
from functools import cache
from importlib import import_module

LANGUAGES = ("en", "ja")


def _parts(name: str) -> list[str]:
    """The modules holding ``name``'s texts: ``en`` itself and every ``en_<topic>``.

    The caption layer (roles, the analogy, steps, states, notes) is ``en``; the
    commands' screens are ``en_ui``; a topic may bring its own part (``en_imap``...).
    """
    found = [info.name for info in pkgutil.iter_modules(__path__)]
    return sorted(part for part in found if part == name or part.startswith(f"{name}_"))


@cache
def catalog(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` (English for an unknown language)."""
    name = lang if lang in LANGUAGES else "en"
    table: dict[str, str] = {}
    for part in _parts(name):
        texts: dict[str, str] = import_module(f"mailsim.locales.{part}").CATALOG
        if table.keys() & texts.keys():
            raise ValueError(f"{part}: keys defined twice: {sorted(table.keys() & texts.keys())}")
        table.update(texts)
    return table
