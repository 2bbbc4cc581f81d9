"""Write the notebook lessons, in English and Japanese, from the one source in ``source/``.

    python notebooks/make_lessons.py          # (re)write notebooks/*.ipynb
    python notebooks/make_lessons.py --check  # exit 1 if a notebook differs from its source

The notebooks are stored without outputs and with fixed cell ids, so the same
source always gives the same bytes and the two languages cannot drift apart.
Edit ``source/lessonNN.py``, never the ``.ipynb`` files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from source import LANGS, LESSONS, Code, Lesson

HERE = Path(__file__).resolve().parent
# nbformat has no type hints: name the two functions used with their real types.
_writes: Callable[[NotebookNode], str] = nbformat.writes
_validate: Callable[[NotebookNode], None] = nbformat.validate
_v4: Any = nbformat.v4
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def build(lesson: Lesson, lang: str) -> NotebookNode:
    """The notebook of ``lesson`` in ``lang``: clean, no outputs, stable cell ids."""
    cells = []
    for number, cell in enumerate(lesson.cells):
        source = cell.source(lang)
        made: NotebookNode = (_v4.new_code_cell(source) if isinstance(cell, Code)
                              else _v4.new_markdown_cell(source))
        made["id"] = f"cell-{number:02d}"
        cells.append(made)
    notebook: NotebookNode = _v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNEL,
        "language_info": {"name": "python"},
        "mailsim": {"lesson": lesson.name, "lang": lang,
                    "generated_by": "notebooks/make_lessons.py — edit the source, not this file"},
    })
    _validate(notebook)
    return notebook


def render(lesson: Lesson, lang: str) -> str:
    """The file text of one lesson notebook."""
    return _writes(build(lesson, lang)) + "\n"


def expected() -> dict[Path, str]:
    """Every notebook file the source makes, with its text."""
    return {HERE / lesson.filename(lang): render(lesson, lang) for lesson in LESSONS for lang in LANGS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"{len(stale)} notebook(s) {'differ' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
