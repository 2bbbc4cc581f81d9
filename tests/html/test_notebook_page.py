"""``ms.html``: the classroom page inside a notebook's output, as an exported notebook has it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mailsim.notebook as ms


def test_the_page_works_inside_an_exported_notebook(browser: Any, tmp_path: Path) -> None:
    cell = ms.html("article-route", lang="ja")._repr_html_()
    assert cell.startswith("<iframe") and "<script" not in cell  # all of it inside srcdoc
    exported = tmp_path / "lesson.html"
    exported.write_text(f"<!DOCTYPE html><html><body><h1>Lesson</h1>{cell}</body></html>",
                        encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(exported.as_uri())
        frame = page.frame_locator("iframe.mailsim-page")
        frame.locator("body[data-ready='1']").wait_for(timeout=20_000)
        inner = next(f for f in page.frames if f != page.main_frame)
        assert inner.evaluate("MS.lang") == "ja"
        assert inner.evaluate("MS.data.lesson.questions.length") == 2
        frame.locator("#ms-next").click()
        frame.locator("#ms-next").click()
        assert inner.evaluate("MS.index") == 2
        page.locator("iframe.mailsim-page").focus()
        inner.locator("body").press("End")
        assert inner.evaluate("MS.index") == inner.evaluate("MS.events.length - 1")
        assert errors == []
    finally:
        context.close()


def test_a_trace_alone_has_no_addresses_or_lesson() -> None:
    trace = ms.run("article-route")
    cell = ms.html(trace)._repr_html_()
    assert "&quot;lesson&quot;:null" in cell
    assert "&quot;ip&quot;:null" in cell
