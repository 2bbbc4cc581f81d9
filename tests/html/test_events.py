"""The page's event list in Chromium: a row per shown event, the current one highlighted
and kept in view, a click that steps, encrypted words hidden, and a virtualised list whose
DOM stays small on a 20,000-event trace."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
ROWS = "#ms-events-list .ms-ev-row"
# Whether the current row is drawn, marked, and inside the list's visible box.
CURRENT_IN_VIEW = """() => {
  const list = document.getElementById('ms-events-list').getBoundingClientRect();
  const rows = document.querySelectorAll('#ms-events-list .ms-ev-current');
  if (rows.length !== 1 || +rows[0].dataset.i !== MS.index) return false;
  const r = rows[0].getBoundingClientRect();
  return r.height > 0 && r.top >= list.top - 1 && r.bottom <= list.bottom + 1;
}"""


def test_rows_say_who_what_and_the_current_one_follows(open_page) -> None:
    opened = open_page(hash="step=6")
    opened.js("MS.showTab('events')")
    assert opened.js(CURRENT_IN_VIEW)
    current = opened.page.inner_text("#ms-events-list .ms-ev-current")
    assert "#6 " in current and "mail → alice-pc" in current and "SMTP:587" in current
    assert "250-mail.example.com" in current and "PIPELINING" not in current  # the first line only
    opened.key("End")
    assert opened.index == 128 and opened.js(CURRENT_IN_VIEW)
    state = opened.page.inner_text("#ms-events-list .ms-ev-current")
    assert "bob-pc" in state and "read" in state
    opened.key("Home")
    assert opened.js(CURRENT_IN_VIEW)
    assert opened.errors == []


def test_clicking_a_row_goes_there(open_page) -> None:
    opened = open_page()
    opened.js("MS.showTab('events')")
    opened.page.click(f"{ROWS}[data-i='4']")
    assert opened.index == 4
    assert opened.page.url.endswith("#step=4")
    assert opened.js("document.querySelector('#ms-events-list .ms-ev-current').dataset.i") == "4"
    opened.page.mouse.wheel(0, 600)  # scroll, then click a row further down
    opened.page.wait_for_function("() => document.getElementById('ms-events-list').scrollTop > 0",
                                  timeout=5000)
    far = opened.js(f"Math.max(...Array.from(document.querySelectorAll('{ROWS}'))"
                    ".filter(r => r.getBoundingClientRect().bottom < "
                    "document.getElementById('ms-events-list').getBoundingClientRect().bottom)"
                    ".map(r => +r.dataset.i))")
    assert far > 10
    opened.page.click(f"{ROWS}[data-i='{far}']")
    assert opened.index == far
    assert opened.errors == []


def test_encrypted_words_only_with_show_encrypted(open_page) -> None:
    opened = open_page(hash="step=14")  # AUTH PLAIN, inside TLS
    opened.js("MS.showTab('events')")
    row = f"{ROWS}[data-i='14']"
    assert "AUTH" not in opened.page.inner_text(row)
    assert "🔒" in opened.page.inner_text(row)
    opened.key("e")
    assert "AUTH PLAIN" in opened.page.inner_text(row)
    opened.key("l")  # Japanese: the state rows' one-liners change language
    opened.key("Home")
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"
               for ch in opened.page.inner_text(f"{ROWS}[data-i='0']"))
    assert opened.errors == []


def test_the_list_is_virtualised_on_a_big_trace(open_page) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from big_trace import big_trace
    finally:
        sys.path.remove(str(BENCHMARKS))
    opened = open_page(big_trace(20_000))
    opened.js("MS.showTab('events')")
    opened.js("MS.go(15000)")
    rows = opened.page.locator(ROWS).count()
    assert 3 <= rows <= 80  # what fits in view and a few more, not 20,000
    assert opened.js(CURRENT_IN_VIEW)
    height = opened.js("document.querySelector('#ms-events-list .ms-ev-spacer').offsetHeight")
    row = opened.js("document.querySelector('#ms-events-list .ms-ev-row').offsetHeight")
    assert height == 20_000 * row  # the scroll bar stands for every event
    for _ in range(30):
        opened.key("ArrowRight")
    assert opened.index == 15030 and opened.js(CURRENT_IN_VIEW)
    assert opened.page.locator(ROWS).count() <= 80
    opened.js("MS.setFilter({protocols: ['DNS']})")
    assert opened.page.locator(ROWS).count() <= 80
    assert opened.js(CURRENT_IN_VIEW)
    assert opened.errors == []


def test_projector_rows_are_large(open_page) -> None:
    opened = open_page(hash="step=6")
    opened.js("MS.showTab('events')")
    opened.key("p")
    opened.page.wait_for_function(CURRENT_IN_VIEW, timeout=5000)
    sizes = opened.js("Array.from(document.querySelectorAll('#ms-events-list .ms-ev-current *'))"
                      ".map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert sizes and min(sizes) >= 24
    assert opened.js(CURRENT_IN_VIEW)
    assert opened.errors == []
