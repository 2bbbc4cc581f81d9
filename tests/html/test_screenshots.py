"""Screenshots of the page at a projector's and a laptop's size, in both languages, and the
Japanese text drawn with a font that has its glyphs (no empty boxes)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from tests.html.conftest import SCREENSHOTS, browser_required

SIZES = [(1280, 720), (1920, 1080)]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_screenshot(open_page: Any, lang: str, width: int, height: int) -> None:
    opened = open_page(lang=lang, width=width, height=height, hash="step=56")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"page-{lang}-{width}x{height}.png"
    opened.page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000  # a drawn page, not a blank one
    opened.key("p")
    projector = SCREENSHOTS / f"page-{lang}-{width}x{height}-projector.png"
    opened.page.screenshot(path=str(projector))
    assert projector.stat().st_size > 20_000
    assert opened.errors == []


def _platform_fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium really drew a node's text with (DevTools: CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts: list[dict[str, Any]] = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return fonts


def _has_japanese_font() -> bool:
    """Whether fontconfig knows a font with Japanese glyphs (Debian: fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True,
                           check=False, timeout=60)
    return bool(found.stdout.strip())


def test_japanese_is_drawn_with_a_japanese_font(open_page: Any) -> None:
    if not browser_required() and not _has_japanese_font():
        pytest.skip("no Japanese font for Chromium: apt-get install fonts-noto-cjk (.ci/run does)")
    opened = open_page(lang="ja", hash="step=56")
    text = opened.page.inner_text("#ms-caption-plain")
    japanese = [ch for ch in text if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"]
    assert len(japanese) >= 5
    # The page's own errors, read before DevTools looks: Chromium 150's CSS.enable on a
    # file: page logs "Unsafe attempt to load URL" itself, which is not the page's.
    page_errors = list(opened.errors)
    fonts = _platform_fonts(opened.page, "#ms-caption-plain")
    # A font without Japanese would still "draw" each character as an empty box (.notdef),
    # so count only the glyphs drawn by a Japanese font: every Japanese character must be one.
    japanese_fonts = [f for f in fonts if any(w in f["familyName"] for w in ("CJK", "JP", "Gothic"))]
    assert sum(f["glyphCount"] for f in japanese_fonts) >= len(japanese), fonts
    assert page_errors == []
