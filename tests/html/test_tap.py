"""The page's tap tab in Chromium: a link chosen in the select box, by a click in the network
or with w; at each step it shows what Python decided (views/tap.py), word for word, in both
languages, with the password marked — and nothing readable on the same link under TLS."""

from __future__ import annotations

from typing import Any

from mailsim.views.tap import Wiretap
from tests.html.conftest import SCREENSHOTS
from tests.tap_variants import pop3_run

LINK = ("mx.example.jp", "bob-pc")


def pass_step() -> int:
    return next(e.seq for e in pop3_run().messages() if e.text.startswith("PASS "))


def link_index(opened: Any) -> int:
    """The mx–bob link's place in the page's list (a trace lists a link either way round)."""
    return int(opened.js("() => MS.data.tap.links.findIndex(l => l.includes('mx.example.jp')"
                         " && l.includes('bob-pc'))"))


def tab(opened: Any) -> dict[str, Any]:
    return dict(opened.js("""() => {
        const r = document.getElementById('ms-tap');
        const marks = Array.from(r.querySelectorAll('#ms-tap-text mark')).map(m => m.textContent);
        return {says: r.dataset.says, words: document.getElementById('ms-tap-says').textContent,
                text: document.getElementById('ms-tap-text').hidden ? null
                      : document.getElementById('ms-tap-text').textContent,
                marks, learnt: Array.from(r.querySelectorAll('#ms-tap-learnt li')).map(li => li.textContent),
                shown: !r.hidden, all: r.innerText};
    }"""))


def test_the_select_box_taps_the_pop3_link_and_the_password_is_marked(open_page: Any) -> None:
    step = pass_step()
    opened = open_page(pop3_run(), hash=f"step={step}")
    opened.page.click("#ms-tabs button[data-tab='tap']")
    assert "Choose a link here" in opened.page.inner_text("#ms-tap-hint")
    opened.page.select_option("#ms-tap-link", str(link_index(opened)))
    seen = tab(opened)
    assert seen["says"] == "k" and seen["words"].endswith("learns a password: bob-secret")
    assert seen["marks"] == ["bob-secret"] and seen["text"] == "PASS bob-secret"
    assert seen["learnt"] == [f"Step {step}: the tap learns a password: bob-secret"]
    opened.key("ArrowLeft")
    before = tab(opened)
    assert before["learnt"] == [] and before["text"].startswith("+OK") and before["says"] == "c"
    opened.page.select_option("#ms-tap-link", "-1")
    assert not opened.page.is_visible("#ms-tap-says") and opened.page.is_visible("#ms-tap-hint")
    assert opened.errors == []


def test_every_step_says_what_python_says_in_both_languages(open_page: Any) -> None:
    trace = pop3_run()
    wiretap = Wiretap(trace, *LINK)
    opened = open_page(trace)
    opened.js("(i) => MS.tap.choose(i)", link_index(opened))
    for lang in ("en", "ja"):
        opened.js("(lang) => MS.setLang(lang)", lang)
        page = opened.js("""() => MS.events.map((_, i) => { MS.go(i);
            return document.getElementById('ms-tap-says').textContent; })""")
        assert page == [wiretap.words(event, lang) for event in trace]
    assert opened.errors == []


def test_the_same_link_under_tls_shows_only_sizes(open_page: Any) -> None:
    trace = pop3_run(tls=True)
    tls_pass = next(e for e in trace.messages() if e.text.startswith("PASS "))
    opened = open_page(trace, lang="ja", hash=f"step={tls_pass.seq}")
    opened.js("(i) => MS.tap.choose(i)", link_index(opened))
    opened.page.click("#ms-tabs button[data-tab='tap']")
    seen = tab(opened)
    assert seen["says"] == "p" and seen["text"] is None and seen["marks"] == []
    assert f"TLSの {tls_pass.size} オクテット" in seen["words"]
    codes = opened.js("() => MS.data.tap.says")
    crossing = {e.seq for e in trace.messages() if (e.src, e.dst) in {LINK, LINK[::-1]}}
    assert "k" not in codes and {codes[i] for i in crossing} <= {"p", "g", "c"}
    texts = opened.js("() => MS.data.tap.texts")
    assert all("bob-secret" not in "".join(parts) for parts in texts.values())
    assert opened.errors == []


def test_a_click_on_a_link_in_the_network_taps_it_and_w_moves_on(open_page: Any) -> None:
    opened = open_page(pop3_run(), hash=f"step={pass_step()}")
    # A real click 2 px off the drawn line (2.5 px wide), away from the token in the middle:
    # the wide invisible line over it takes it (a horizontal line's box has no height, so
    # Playwright's locator.click calls it hidden).
    box = opened.js("""() => { const r = document.querySelector(
        ".ms-tap-hit[data-a='mx.example.jp'][data-b='bob-pc']").getBoundingClientRect();
        return [r.left + r.width * 0.3, r.top + r.height * 0.3]; }""")
    opened.page.mouse.click(box[0], box[1] + 2)
    opened.page.wait_for_function("() => MS.tap.chosen() >= 0", timeout=5_000)
    assert opened.js("() => MS.tap.chosen()") == link_index(opened)
    assert opened.page.is_visible("#ms-tap") and tab(opened)["says"] == "k"
    on = opened.js("() => Array.from(document.querySelectorAll('.ms-net-link.ms-tap-on'))"
                   ".map(l => [l.dataset.a, l.dataset.b])")
    assert [set(pair) for pair in on] == [set(LINK)]
    links = opened.js("() => MS.data.tap.links.length")
    opened.js("() => MS.tap.choose(0)")
    opened.key("w")
    assert opened.js("() => MS.tap.chosen()") == 1
    opened.js("(n) => MS.tap.choose(n)", links - 1)
    opened.key("w")
    assert opened.js("() => MS.tap.chosen()") == -1
    assert opened.js("() => document.querySelectorAll('.ms-net-link.ms-tap-on').length") == 0
    assert opened.errors == []


def test_a_rebuilt_network_keeps_its_click_targets_and_the_mark(open_page: Any) -> None:
    opened = open_page(pop3_run())
    opened.js("(i) => MS.tap.choose(i)", link_index(opened))
    opened.key("p")  # projector mode rebuilds the network's drawing
    opened.page.wait_for_function(
        "() => document.querySelector('#ms-net-svg').dataset.tapHits === '1'"
        " && document.querySelectorAll('.ms-net-link.ms-tap-on').length === 1", timeout=5_000)
    hits = opened.js("() => document.querySelectorAll('.ms-tap-hit').length")
    assert hits == opened.js("() => document.querySelectorAll('.ms-net-link').length")
    assert opened.errors == []


def test_screenshots_of_the_tap_tab(open_page: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ja"):
        opened = open_page(pop3_run(), lang=lang, hash=f"step={pass_step()}")
        opened.js("(i) => MS.tap.choose(i)", link_index(opened))
        opened.page.click("#ms-tabs button[data-tab='tap']")
        path = SCREENSHOTS / f"tap-page-{lang}.png"
        opened.page.screenshot(path=str(path))
        assert path.stat().st_size > 20_000
        opened.key("p")
        opened.page.wait_for_function("() => document.body.classList.contains('ms-projector')", timeout=5_000)
        size = opened.js("() => parseFloat(getComputedStyle("
                         "document.getElementById('ms-tap-says')).fontSize)")
        assert size >= 24
        opened.page.screenshot(path=str(SCREENSHOTS / f"tap-page-{lang}-projector.png"))
        assert opened.errors == []
    tls = pop3_run(tls=True)
    step = next(e.seq for e in tls.messages() if e.text.startswith("PASS "))
    opened = open_page(tls, hash=f"step={step}")
    opened.js("(i) => MS.tap.choose(i)", link_index(opened))
    opened.page.click("#ms-tabs button[data-tab='tap']")
    opened.page.screenshot(path=str(SCREENSHOTS / "tap-page-tls.png"))
    assert tab(opened)["says"] == "p" and opened.errors == []
