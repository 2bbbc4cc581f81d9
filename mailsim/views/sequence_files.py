"""Sequence diagrams as files: the pages, their titles and names, and writing them.

A long trace makes hundreds of pages and each costs matplotlib about a third of a
second (text drawing and PNG encoding), so past a few pages they are drawn by
several processes at once; every page is the same file either way.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mailsim.trace import Trace
from mailsim.views.phases import Page, pages_by_phase
from mailsim.views.select import Selection
from mailsim.views.sequence import plot_sequence
from mailsim.views.sequence_style import local_text
from mailsim.views.sequence_styles import SequenceStyle, sequence_style
from mailsim.views.timeline import lifeline_order

PAGES_PER_WORKER = 6  # fewer pages than this per process do not pay for its start


class PageError(ValueError):
    """A ``page`` asked for that the drawing does not have."""

    def __init__(self, page: int, pages: int) -> None:
        self.page, self.pages = page, pages
        super().__init__(f"page {page} does not exist: there are {pages} page(s)")


def page_paths(path: Path, pages: int) -> list[Path]:
    """``out.png`` for one page; ``out-1.png``, ``out-2.png``... for more."""
    if pages == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, pages + 1)]


def plan_pages(trace: Trace, *, selection: Selection | None = None, per_page: int | None = None,
               style: str | SequenceStyle | None = None) -> list[Page]:
    """The pages :func:`save_sequence` draws (``per_page``: the style's when None)."""
    shown = selection.apply(trace) if selection is not None else trace
    return pages_by_phase(shown, per_page or sequence_style(style).per_page)


def page_title(trace: Trace, page: Page, number: int, pages: int, lang: str) -> str:
    """``Sequence of “x” — Submission — page 1 of 4``: the phases a page shows, in ``lang``."""
    heading = local_text("ui.sequence_title", lang, scenario=trace.header.scenario)
    if page.phases:
        heading += " — " + local_text("figure.phase_join", lang).join(
            local_text(f"figure.phase.{phase}", lang) for phase in page.phases)
    if pages > 1:
        heading += " — " + local_text("ui.page", lang, page=number, pages=pages)
    return heading


def save_sequence(trace: Trace, path: str | Path, *, selection: Selection | None = None,
                  per_page: int | None = None, page: int | None = None,
                  style: str | SequenceStyle | None = None, workers: int | None = 1,
                  **options: Any) -> list[Path]:
    """Write the diagram to ``path`` (PNG, SVG or PDF by suffix); returns the files written.

    ``page`` (1-based) writes only that page, to ``path`` itself; a PDF holds every
    page in one file; PNG and SVG pages go to ``out-1.png``, ``out-2.png``... (one
    page: ``path`` itself). Raises :class:`PageError` for a page that does not exist.
    ``workers``: processes drawing PNG/SVG pages (None: one per core when there are
    enough pages to share; a script that asks for more than one needs the
    ``if __name__ == "__main__":`` guard that spawned processes require).
    """
    look = sequence_style(style)
    pages = plan_pages(trace, selection=selection, per_page=per_page, style=look)
    shown = selection.apply(trace) if selection is not None else trace
    speaking = set(lifeline_order(shown))  # once: it reads the whole trace
    hosts = [h for h in lifeline_order(trace) if h in speaking]
    target = Path(path)
    if page is not None:
        if not 1 <= page <= len(pages):
            raise PageError(page, len(pages))
        chosen, paths = [(page, pages[page - 1])], [target]
    else:
        chosen = list(enumerate(pages, start=1))
        paths = ([target] * len(pages) if target.suffix.lower() == ".pdf"
                 else page_paths(target, len(pages)))
    jobs = [(number, part.trace, page_title(trace, part, number, len(pages), str(
        options.get("lang", "en"))), out) for (number, part), out in zip(chosen, paths, strict=True)]
    drawing = _Drawing(trace, hosts, look, options)
    if target.suffix.lower() == ".pdf" and len(jobs) > 1:
        drawing.write_pdf(jobs, target)
        return [target]
    count = _workers(workers, len(jobs))
    if count <= 1:
        drawing.write(jobs)
    else:
        _write_in_processes(drawing, jobs, count)
    return list(dict.fromkeys(paths))


Job = tuple[int, Trace, str, Path]  # page number, its events, its title, its file


class _Drawing:
    """What every page of one diagram shares; picklable, so a process can draw pages too."""

    def __init__(self, trace: Trace, hosts: list[str], look: SequenceStyle,
                 options: dict[str, Any]) -> None:
        from mailsim.views.sequence_connections import listeners

        self.trace, self.hosts, self.look, self.options = trace, hosts, look, options
        self.servers = listeners(trace)

    def _figures(self, jobs: Sequence[Job]) -> Any:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from mailsim.views.fonts import use_fonts

        lang = str(self.options.get("lang", "en"))
        for _number, events, title, out in jobs:
            ax = plot_sequence(events, lifelines=self.hosts, title=title, context=self.trace,
                               style=self.look, servers=self.servers, **self.options)
            figure = ax.get_figure(root=True)
            assert figure is not None
            with plt.rc_context(use_fonts(lang)):
                yield figure, out
            plt.close(figure)

    def write(self, jobs: Sequence[Job]) -> None:
        for figure, out in self._figures(jobs):
            if out.suffix.lower() == ".png":  # zlib level 2: a fifth of a page's time
                figure.savefig(out, dpi=self.look.dpi, pil_kwargs={"compress_level": 2})
            else:
                figure.savefig(out, dpi=self.look.dpi)

    def write_pdf(self, jobs: Sequence[Job], target: Path) -> None:
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(target) as pdf:
            for figure, _out in self._figures(jobs):
                pdf.savefig(figure)


def _workers(asked: int | None, jobs: int) -> int:
    if asked is not None:
        return max(1, min(asked, jobs))
    return max(1, min(os.cpu_count() or 1, jobs // PAGES_PER_WORKER))


def _write_in_processes(drawing: _Drawing, jobs: list[Job], count: int) -> None:
    """Pages dealt out round-robin to ``count`` processes (spawned: no forked state)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    shares = [jobs[k::count] for k in range(count)]
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        for done in [pool.submit(drawing.write, share) for share in shares]:
            done.result()  # a page that failed fails the whole run, as it would in one process
