"""The classroom page in a real browser: Debian's Chromium, headless, driven by Playwright.

The browser is the system's (``/usr/bin/chromium``, installed by ``.ci/run``; set
``MAILSIM_CHROMIUM`` to use another): Playwright's own browser downloads cannot
reach this network. Without it the tests skip, unless ``MAILSIM_CHROMIUM`` is set (as
``.ci/run`` sets it): then they fail. Every request the page makes that is not the file itself is
refused and recorded, so a test sees at once if the page tries to fetch anything.
Screenshots go to ``MAILSIM_SCREENSHOTS`` (default ``.artifacts/screenshots``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mailsim.scenario import load_scenario
from mailsim.scenario.build import host_addresses, run_scenario
from mailsim.scenario.lesson import lesson_texts
from mailsim.study.sample import sample_scenario
from mailsim.trace import Trace
from mailsim.views.html import render_page

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--font-render-hinting=none"]
SCREENSHOTS = Path(os.environ.get("MAILSIM_SCREENSHOTS", ".artifacts/screenshots"))


def browser_required() -> bool:
    """Whether a missing browser (or Japanese font) fails the page's tests instead of
    skipping them: CI names its Chromium (``.ci/run`` sets ``MAILSIM_CHROMIUM``), a fresh
    machine with only Python and pip skips what it cannot run."""
    return bool(os.environ.get("MAILSIM_CHROMIUM"))


def chromium_path() -> str:
    found = os.environ.get("MAILSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        message = ("Chromium is needed for the page's tests: apt-get install chromium "
                   "(.ci/run does), or set MAILSIM_CHROMIUM")
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module. Not per session: Playwright's sync API keeps an asyncio
    loop running while it is open, and the player's tests (Textual) in the same xdist worker
    need asyncio.run(), which refuses to start inside a running loop."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                     args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class OpenPage:
    """A page opened from a file, with what it logged and what it tried to fetch."""

    page: Any
    path: Path
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def key(self, key: str) -> None:
        self.page.keyboard.press(key)

    @property
    def index(self) -> int:
        return int(self.js("MS.index"))


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """``open_page(trace_or_scenario, lang=..., width=..., height=..., hash=...)``."""
    contexts: list[Any] = []

    def opener(source: Trace | str = "article-route", *, lang: str = "en", analogy: bool = False,
               width: int = 1280, height: int = 720, hash: str = "") -> OpenPage:
        trace, addresses, lesson = _trace_of(source)
        path = tmp_path / f"page-{len(contexts)}.html"
        path.write_text(render_page(trace, lang=lang, analogy=analogy, addresses=addresses,
                                    lesson=lesson), encoding="utf-8")
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        opened = OpenPage(page, path)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))

        def refuse(route: Any) -> None:
            if route.request.url.split("#")[0] != path.as_uri():
                opened.requests.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        page.route("**/*", refuse)
        page.goto(path.as_uri() + (f"#{hash}" if hash else ""))
        page.wait_for_selector("body[data-ready='1']", timeout=20_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


_RUNS: dict[str, tuple[Trace, dict[str, str], dict[str, Any] | None]] = {}


def _trace_of(source: Trace | str) -> tuple[Trace, dict[str, str], dict[str, Any] | None]:
    """A trace as it is, or a bundled scenario's run with its addresses and lesson (cached)."""
    if isinstance(source, Trace):
        return source, {}, None
    if source not in _RUNS:
        scenario = sample_scenario(load_scenario(source))
        _RUNS[source] = (run_scenario(scenario), host_addresses(scenario), lesson_texts(scenario))
    return _RUNS[source]
