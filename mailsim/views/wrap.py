"""Line breaking for figure texts: at spaces in English, between phrases in Japanese.

Japanese has no spaces; breaking anywhere splits words (郵便 / 局). BudouX
(Google's phrase segmenter, pure Python, no dependencies) cuts a sentence into
phrases such as これ以降、/ 途中で / 盗み見られても, and a line breaks only
between two of them. Widths are counted in half-width cells
(:func:`~mailsim.views.sequence_style.display_width`): a kana or kanji counts two.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from mailsim.views.sequence_style import display_width

if TYPE_CHECKING:
    from budoux import Parser

_SPACES = re.compile(r"(\s+)")


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def has_wide(text: str) -> bool:
    """Whether ``text`` holds kana, kanji or other full-width characters."""
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def pieces(text: str) -> list[str]:
    """The units a line may break between: BudouX phrases, or words with their spaces."""
    if has_wide(text):
        return [part for phrase in _parser().parse(text) for part in _SPACES.split(phrase)
                if part]
    return [part for part in _SPACES.split(text) if part]


def wrap(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken only between pieces.

    A piece wider than a line is cut by characters (a long address has no
    better place). With ``max_lines``, the last line kept ends in "…" if text
    was left over.
    """
    width = max(width, 4)
    lines: list[str] = []
    line = ""
    for piece in pieces(text):
        if piece.isspace():
            if line:
                line += " "
            continue
        if display_width(line + piece) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        while display_width(piece) > width:
            head = _head(piece, width)
            lines.append(head)
            piece = piece[len(head):]
        line = piece
    if line.strip():
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and display_width(last) > width - 1:
            last = last[:-1]
        kept[-1] = last.rstrip() + "…"
        return kept
    return lines


def _head(piece: str, width: int) -> str:
    out = ""
    for ch in piece:
        if display_width(out + ch) > width:
            break
        out += ch
    return out or piece[:1]
