"""The README's pictures: page 1 of the default scenario's sequence diagram, in English and Japanese.

``.venv/bin/python docs/make_screenshots.py`` runs the article's route (the default
scenario) and writes ``docs/images/sequence-en.png`` and ``docs/images/sequence-ja.png``,
what ``mailsim diagram --page 1 [--lang ja]`` draws, 1920 px wide (projector style).
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


if __name__ == "__main__":
    main()
