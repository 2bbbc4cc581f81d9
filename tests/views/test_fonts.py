"""Japanese text must render: the font ships in a package and no glyph may be missing."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mailsim.views.fonts import JAPANESE_FAMILY, font_families, japanese_font_path, use_fonts


def _draw(text: str, rc: dict[str, object]) -> None:
    with plt.rc_context(rc):
        figure = plt.figure(figsize=(3, 1))
        figure.text(0.1, 0.5, text, fontweight="bold")
        figure.text(0.1, 0.2, text)
        figure.savefig(io.BytesIO(), format="png")
        plt.close(figure)


def test_the_japanese_font_comes_from_a_package() -> None:
    path = japanese_font_path()
    assert path is not None and path.is_file()
    assert font_families("ja")[-1] == JAPANESE_FAMILY


def test_japanese_draws_without_missing_glyph_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw("あなたのメールサーバー「認証」≈ 15分後 ✓", use_fonts("ja"))


def test_a_missing_glyph_would_be_caught() -> None:
    """The check above is real: without the fallback, kana raise the warning."""
    with pytest.raises(UserWarning, match="missing from font"), warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw("メール", {"font.family": ["DejaVu Sans"]})
