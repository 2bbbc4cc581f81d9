"""Fonts for the figures: DejaVu Sans for Latin text, IPAexGothic for Japanese.

The Japanese font ships in the ``matplotlib-fontja`` package. Importing that
package would switch every figure to the Japanese font (its ``__init__`` calls
``japanize()``), so the font file is located without importing it and added to
matplotlib's font manager only when a figure is drawn. The families are then
given as a fallback list — DejaVu Sans first, so English output is unchanged,
and any character DejaVu lacks (kana, kanji) comes from IPAexGothic.

IPAexGothic has no italic: an italic text mixes slanted Latin letters (DejaVu
Sans Oblique) with upright kana, so the figures draw no italic text at all and
tell texts apart by colour instead.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

LATIN_FAMILY = "DejaVu Sans"
JAPANESE_FAMILY = "IPAexGothic"
_FONT_PACKAGE = "matplotlib_fontja"
_FONT_FILE = Path("fonts") / "ipaexg.ttf"


def japanese_font_path() -> Path | None:
    """The IPAexGothic file shipped by ``matplotlib-fontja``, if it is installed."""
    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / _FONT_FILE
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def _register_japanese() -> bool:
    """Add the Japanese font to matplotlib's font manager (once)."""
    path = japanese_font_path()
    if path is None:
        return False
    from matplotlib import font_manager

    manager = font_manager.fontManager
    manager.addfont(str(path))
    # IPAexGothic has one weight. Entered once more as bold, bold titles find it
    # without matplotlib logging "Failed to find font weight bold" at each draw.
    regular = next(e for e in reversed(manager.ttflist) if e.fname == str(path))
    manager.ttflist.append(dataclasses.replace(regular, weight=700))
    return True


def font_families(lang: str = "en") -> list[str]:
    """The family list to draw with; registers the Japanese font when it is available.

    The Japanese fallback is added for every language: host names and message
    subjects may hold Japanese text even in an English figure.
    """
    families = [LATIN_FAMILY]
    if _register_japanese():
        families.append(JAPANESE_FAMILY)
    return families


def use_fonts(lang: str = "en") -> dict[Any, Any]:
    """rcParams for :func:`matplotlib.pyplot.rc_context` that draw ``lang`` correctly.

    Text is drawn as written: a ``$`` in a scenario name, a host or a subject is
    not mathtext (a trace's header is anyone's text, and ``$\\foo{$`` raised).
    """
    return {"font.family": font_families(lang), "axes.unicode_minus": False,
            "text.parse_math": False}
