"""Catalogues of user-facing text, one module per language (``en``, ``ja``).

Keys are shared; every English key has a Japanese text (a test checks it).
Placeholders use ``str.format`` names and must match across languages.
"""

from __future__ import annotations

from importlib import import_module

LANGUAGES = ("en", "ja")


def catalog(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` (English for an unknown language)."""
    name = lang if lang in LANGUAGES else "en"
    module = import_module(f"mailsim.locales.{name}")
    table: dict[str, str] = module.CATALOG
    return table
