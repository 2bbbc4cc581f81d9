"""The README's pictures: page 1 of the default scenario's sequence diagram, in English and
Japanese, and the classroom page at one step.

``.venv/bin/python docs/make_screenshots.py`` runs the article's route (the default
scenario) and writes ``docs/images/sequence-en.png`` and ``docs/images/sequence-ja.png``,
what ``mailsim diagram --page 1 [--lang ja]`` draws, 1920 px wide (projector style), and
``docs/images/page-en.png``: ``mailsim html``'s page at step 56 in headless Chromium
(``/usr/bin/chromium``, as the tests use it), 1280×720.
"""

from __future__ import annotations

from pathlib import Path

from mailsim.commands.sources import load_trace
from mailsim.views.sequence_files import save_sequence

IMAGES = Path(__file__).resolve().parent / "images"


def main() -> None:
    trace = load_trace(None, None)  # the default scenario, as `mailsim diagram` runs it
    IMAGES.mkdir(exist_ok=True)
    for lang in ("en", "ja"):
        (path,) = save_sequence(trace, IMAGES / f"sequence-{lang}.png", page=1,
                                style="projector", lang=lang)
        print(f"{path} ({path.stat().st_size:,} bytes)")
    page_screenshot(IMAGES / "page-en.png")


def page_screenshot(path: Path) -> None:
    import tempfile

    from playwright.sync_api import sync_playwright

    from mailsim.commands.html import page_source
    from mailsim.views.html import render_page

    trace, addresses, lesson = page_source(None, None)
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "page.html"
        page_file.write_text(render_page(trace, addresses=addresses, lesson=lesson), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(page_file.as_uri() + "#step=56")
            page.wait_for_selector("body[data-ready='1']")
            page.wait_for_timeout(1500)  # the token has arrived
            page.screenshot(path=str(path))
            browser.close()
    print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
