"""``ms.tap``: the wiretap as an HTML table in a notebook (tested on the HTML it returns)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import mailsim.notebook as ms
from mailsim.views.notebook import notebook_language
from tests.tap_variants import pop3_run


@pytest.fixture(autouse=True)
def english_notebook() -> Iterator[None]:
    before = notebook_language()
    ms.language("en")
    yield
    ms.language(before)


def rows(html: str) -> list[tuple[str, str, str]]:
    """``(class, step, last cell)`` of each table row."""
    return re.findall(r'<tr class="(\w+)" data-step="(\d+)">.*?<td>(<pre>.*?</pre>|[^<]*)</td></tr>',
                      html, flags=re.S)


def test_a_plain_pop3_link_shows_the_password_marked() -> None:
    html = ms.tap(pop3_run(), "mx,bob").html
    secret = [r for r in rows(html) if r[0] == "secret"]
    assert len(secret) == 1
    assert secret[0][2] == "<pre>PASS <mark>bob-secret</mark></pre>"
    assert "USER bob@example.jp" in html and "Return-Path: &lt;alice@example.com&gt;" in html  # the mail
    assert not [r for r in rows(html) if r[0] == "protected"]
    assert '<ul class="secrets"><li>' in html and "What a tap on the link mx.example.jp ↔ bob-pc" in html


def test_the_same_link_under_tls_reads_nothing_but_the_handshake() -> None:
    html = ms.tap(pop3_run(tls=True), ("mx.example.jp", "bob-pc")).html
    found = rows(html)
    protected = [r for r in found if r[0] == "protected"]
    assert protected and all("octets of TLS" in r[2] for r in protected)
    assert "bob-secret" not in html and "<mark>" not in html and "secrets" not in html
    assert {r[0] for r in found} == {"clear", "protected"}  # SYN, ClientHello... stay readable


def test_it_follows_the_notebooks_language_unless_told() -> None:
    ms.language("ja")
    html = ms.tap(pop3_run(), "mx,bob").html
    assert "盗聴" in html and "パスワード" in html and "What a tap" not in html
    assert "What a tap" in ms.tap(pop3_run(), "mx,bob", lang="en").html


def test_a_body_longer_than_the_lines_asked_for_says_how_many_more() -> None:
    retr = next(r for r in rows(ms.tap(pop3_run(), "mx,bob", lines=2).html) if "octets\nReturn-Path" in r[2])
    assert re.search(r"… \d+ more lines</pre>$", retr[2])


def test_a_scenario_by_name_runs_and_a_link_elsewhere_reads_only_what_crosses_it() -> None:
    html = ms.tap("pop3-one-device", "relay,dns").html
    found = re.findall(r"<tr class=.*?</tr>", html)
    assert found and all(":53<" in row for row in found)


@pytest.mark.parametrize(("link", "said"), [("mx", "expected two hosts"),
                                            (("alice", "relay"), "no link between"),
                                            ("alice,nobody", "unknown host")])
def test_a_wrong_link_is_a_value_error_saying_why(link: str | tuple[str, str], said: str) -> None:
    with pytest.raises(ValueError, match=said):
        ms.tap(pop3_run(), link)
