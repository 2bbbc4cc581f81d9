"""Challenge mode in Chromium: the question comes before its step, the answer reveals the
step with the verdict and the reason, the score counts, the overlay keeps its keys to itself,
playing stops at a question, and the end shows the scenario's own questions."""

from __future__ import annotations

from typing import Any

OVERLAY = "#ms-challenge"


def ask(opened: Any, n: int) -> dict[str, Any]:
    """Stand just before question ``n``'s step and step forward onto it."""
    q: dict[str, Any] = opened.js("n => MS.data.questions[n]", n)
    opened.js("s => MS.go(s - 1)", q["step"])
    opened.key("ArrowRight")
    return q


def test_the_question_comes_first_and_the_answers_score(open_page) -> None:
    opened = open_page()
    kinds = opened.js("[...new Set(MS.data.questions.map(q => q.kind))]")
    assert len(kinds) >= 5
    opened.key("c")
    assert opened.page.get_attribute("#ms-challenge-toggle", "aria-pressed") == "true"
    q = ask(opened, 0)
    assert opened.page.is_visible(OVERLAY)
    assert opened.index == q["step"] - 1  # not shown yet
    assert opened.page.inner_text("#ms-challenge-prompt") == q["prompt"]["en"]
    assert opened.page.locator("#ms-challenge-options button").count() == len(q["options"])
    opened.key(str(q["answer"] + 1))
    assert opened.index == q["step"]  # revealed once answered
    assert "ms-right" in opened.page.get_attribute("#ms-challenge-verdict", "class")
    assert opened.page.inner_text("#ms-challenge-score").endswith("1/1")
    opened.key("Enter")
    assert not opened.page.is_visible(OVERLAY)

    q = ask(opened, 1)
    assert opened.index == q["step"] - 1
    tab = opened.js("document.querySelector('#ms-tabs [aria-selected=true]').dataset.tab")
    wrong = (q["answer"] + 1) % len(q["options"])
    opened.key(str(wrong + 1))  # 1, 2, 3 answer: they switch no tab while the overlay is open
    assert opened.js("document.querySelector('#ms-tabs [aria-selected=true]').dataset.tab") == tab
    assert opened.index == q["step"]
    assert "ms-wrong" in opened.page.get_attribute("#ms-challenge-verdict", "class")
    assert opened.page.inner_text("#ms-challenge-reason") == q["reason"]["en"]
    assert opened.page.locator("#ms-challenge-options .ms-right").inner_text().endswith(
        q["options"][q["answer"]]["en"])
    assert opened.page.inner_text("#ms-challenge-score").endswith("1/2")
    assert "1/2" in opened.page.inner_text("#ms-challenge-toggle")

    # stepping back and forward again does not ask an answered question twice
    opened.key("Enter")
    opened.key("ArrowLeft")
    opened.key("ArrowRight")
    assert opened.index == q["step"] and not opened.page.is_visible(OVERLAY)
    assert opened.errors == []


def test_letters_answer_escape_skips_and_off_asks_nothing(open_page) -> None:
    opened = open_page()
    q = ask(opened, 2)  # challenge off: the step comes at once
    assert opened.index == q["step"] and not opened.page.is_visible(OVERLAY)
    opened.key("c")
    q = ask(opened, 2)
    assert opened.index == q["step"] - 1 and opened.page.is_visible(OVERLAY)
    opened.key("Escape")  # skipped: nothing revealed, nothing scored
    assert opened.index == q["step"] - 1 and not opened.page.is_visible(OVERLAY)
    opened.key("ArrowRight")  # asked again
    assert opened.page.is_visible(OVERLAY)
    opened.key("abcd"[q["answer"]])
    assert opened.index == q["step"]
    assert opened.page.inner_text("#ms-challenge-score").endswith("1/1")
    assert opened.errors == []


def test_playing_stops_at_a_question_and_goes_on_after_it(open_page) -> None:
    opened = open_page()
    opened.js("MS.setOption('speed', 16)")
    q: dict[str, Any] = opened.js("MS.data.questions[0]")
    opened.js("s => MS.go(s - 3)", q["step"])
    opened.key("c")
    opened.key(" ")
    opened.page.wait_for_selector(f"{OVERLAY}:not([hidden])", timeout=10_000)
    assert opened.index == q["step"] - 1
    assert opened.js("MS.playing") is False
    opened.key(str(q["answer"] + 1))
    opened.key("Enter")
    assert opened.js("MS.playing") is True
    opened.key(" ")
    assert opened.errors == []


def test_the_end_shows_the_scenarios_own_questions(open_page) -> None:
    opened = open_page()
    own = opened.js("MS.data.lesson.questions.map(q => q.en)")
    assert own
    opened.key("c")
    opened.key("End")
    assert opened.page.is_visible("#ms-challenge-end")
    assert opened.page.locator("#ms-challenge-lesson li").all_inner_texts() == own
    opened.key("Enter")
    assert not opened.page.is_visible(OVERLAY)
    assert opened.errors == []


def test_japanese_and_projector_size(open_page) -> None:
    opened = open_page(lang="ja")
    opened.key("p")
    opened.key("c")
    q = ask(opened, 0)
    assert opened.page.inner_text("#ms-challenge-prompt") == q["prompt"]["ja"]
    sizes = opened.js("""() => [...document.querySelectorAll('#ms-challenge *, #ms-challenge-toggle')]
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 24
    box = opened.js("(() => { const r = document.getElementById('ms-challenge-box')"
                    ".getBoundingClientRect(); return [r.top, r.bottom]; })()")
    assert box[0] >= 0 and box[1] <= 720
    opened.key(str(q["answer"] + 1))
    assert opened.page.inner_text("#ms-challenge-verdict") == "正解！"
    assert opened.errors == []
