"""The page's frame in Chromium: it opens offline and clean, steps by key, keeps the step
in the URL, switches language, and lists every key in its help overlay."""

from __future__ import annotations

from pathlib import Path

from mailsim.cli import main
from mailsim.views.html.page import data_json


def test_opens_offline_without_errors_or_requests(open_page) -> None:
    opened = open_page()
    assert opened.errors == []
    assert opened.requests == []
    assert opened.index == 0
    assert opened.js("MS.events.length") == 129
    assert "mailsim" in opened.page.title()


def test_arrow_keys_home_end_step_and_the_hash_follows(open_page) -> None:
    opened = open_page()
    opened.key("ArrowRight")
    opened.key("ArrowRight")
    assert opened.index == 2
    assert opened.page.url.endswith("#step=2")
    opened.key("ArrowLeft")
    assert opened.index == 1
    opened.key("End")
    assert opened.index == 128
    opened.key("Home")
    assert opened.index == 0
    assert "#1 " not in opened.page.inner_text("#ms-caption-head")


def test_a_link_to_a_step_opens_there(open_page) -> None:
    opened = open_page(hash="step=56")
    assert opened.index == 56
    assert opened.page.inner_text("#ms-caption-head").startswith("#56 ")


def test_jump_box_takes_a_step_or_a_time(open_page) -> None:
    opened = open_page()
    opened.key(":")
    opened.page.keyboard.type("40")
    opened.key("Enter")
    assert opened.index == 40
    opened.key("g")
    opened.page.keyboard.type("0.5s")
    opened.key("Enter")
    times = opened.js("MS.events.map(e => e.type === 'message' ? e.t_sent : e.t)")
    assert times[opened.index] <= 0.5 < times[opened.index + 1]
    opened.key(":")
    opened.page.keyboard.type("soon")
    opened.key("Enter")
    assert opened.js("document.getElementById('ms-jump').classList.contains('ms-bad')")


def test_language_switch_changes_the_caption_and_the_hash(open_page) -> None:
    opened = open_page()
    first = opened.js("MS.data.captions.findIndex((c, i) => c.plain && !MS.events[i].encrypted)")
    opened.js("i => MS.go(i)", first)
    english = opened.page.inner_text("#ms-caption-plain")
    opened.key("l")
    assert opened.js("MS.lang") == "ja"
    japanese = opened.page.inner_text("#ms-caption-plain")
    assert japanese != english
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in japanese)
    assert "lang=ja" in opened.page.url


def test_help_overlay_lists_every_registered_key(open_page) -> None:
    opened = open_page()
    opened.key("?")
    assert opened.page.is_visible("#ms-help")
    rows = opened.page.locator("#ms-help-keys tr").count()
    assert rows == opened.js("MS.keyList().length") and rows >= 15
    opened.key("Escape")
    assert not opened.page.is_visible("#ms-help")


def test_projector_mode_has_at_least_24px_body_text(open_page) -> None:
    opened = open_page()
    opened.key("p")
    size = opened.js("parseFloat(getComputedStyle(document.getElementById('ms-caption-plain')).fontSize)")
    body = opened.js("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body >= 24 and size >= 24
    assert "projector=1" in opened.page.url


def test_data_cannot_close_its_script_element() -> None:
    text = data_json({"text": "</script><script>alert(1)</script>", "amp": "&"})
    assert "</" not in text and "<" not in text and "&" not in text


def test_cli_writes_one_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "page.html"
    assert main(["html", "article-route", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "http://" not in text.split("ms-data")[0]
    assert str(out) in capsys.readouterr().out
    assert main(["html", "article-route", "-o", str(tmp_path / "page.txt")]) == 2
