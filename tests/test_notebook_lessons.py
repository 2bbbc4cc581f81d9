"""What the lessons say, without running them: the figures they state, the route, conservation().

The executed notebooks are checked against the same claims in tests/test_notebooks.py.
"""

from __future__ import annotations

import re

import nbformat
import pytest

import mailsim.notebook as ms
from mailsim.notebook import looking
from mailsim.trace.promises import Verdict
from tests.test_notebooks import check_claims, lessons_module


def _markdown(lesson_name: str, lang: str) -> str:
    make = lessons_module()
    lesson = next(one for one in make.LESSONS if one.name == lesson_name)
    notebook = make.build(lesson, lang)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_lesson_states_figures_that_are_checked(lang: str) -> None:
    for lesson in lessons_module().LESSONS:
        assert lesson.claims, f"{lesson.name} states no checked figure"
        said = _markdown(lesson.name, lang)
        for claim in lesson.claims:
            assert claim.said(lang) in said, (lesson.name, lang, claim)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_route_of_lesson_1_names_only_hosts_of_the_run(lang: str) -> None:
    """Each numbered step of the route names hosts (in backticks) that the run has."""
    hosts = {host for host, _ in ms.run("article-route").header.hosts}
    domains = set(ms.scenario("article-route").dns)
    intro = _markdown("01-sending-a-mail", lang).split("\n\n")
    route = next(part for part in intro if re.match(r"1\. ", part))
    steps = re.split(r"\n(?=\d\. )", route)
    assert len(steps) == 5
    named: set[str] = set()
    for step in steps:
        found = set(re.findall(r"`([^`]+)`", step)) - domains
        assert found and found <= hosts, (lang, step)
        named |= found
    assert named == hosts  # and every host of the run is on the route


def test_the_retry_gaps_are_explained_with_the_connect_timeout() -> None:
    for lang, words in (("en", "connect timeout"), ("ja", "接続タイムアウト")):
        text = _markdown("04-when-things-go-wrong", lang)
        assert words in text and "5.5" in text and "4000" in text


def test_dns_finds_the_responsible_post_office_not_the_nearest() -> None:
    from mailsim.locales import catalog

    assert "responsible" in catalog("en")["analogy.dns"]
    assert "受け持つ" in catalog("ja")["analogy.dns"]
    for name in ("01-sending-a-mail", "02-dns-and-mx"):
        english = " ".join(_markdown(name, "en").split())
        assert "responsible for the address" in english and "nearest post office" not in english
        japanese = _markdown(name, "ja")
        assert "宛先を受け持つ郵便局" in japanese and "近い郵便局" not in japanese


def test_a_claim_the_outputs_do_not_show_fails() -> None:
    """The check itself: a lesson 4 whose retry cell printed other gaps is caught."""
    make = lessons_module()
    lesson = next(one for one in make.LESSONS if one.name == "04-when-things-go-wrong")
    notebook = make.build(lesson, "en")
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="try 2: 5.0 min\n")]
    with pytest.raises(AssertionError, match=r"5\.5 min"):
        check_claims(notebook)


def test_conservation_says_a_sentence_and_is_still_the_list_of_problems() -> None:
    trace = ms.run("article-route")
    kept = ms.conservation(trace)
    assert kept == [] and not kept
    assert str(kept) == repr(kept) == (
        "every promise kept: 3 × “250 queued” → 1 stored, 2 passed on, 0 bounced, 0 still queued")
    assert str(ms.conservation(trace, "ja")).startswith("約束はすべて守られた")


def test_conservation_lists_broken_promises(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Verdict(told=1, problems=["mx Q1 <b@y>: lost"])
    monkeypatch.setattr(looking, "check", lambda trace: broken)
    found = ms.conservation(ms.run("wrong-password"))
    assert found == ["mx Q1 <b@y>: lost"]
    assert str(found) == "1 broken promise(s): mx Q1 <b@y>: lost"


def test_a_notebook_says_what_it_cannot_find_in_the_notebooks_language() -> None:
    trace = ms.run("article-route")
    with pytest.raises(LookupError, match="no 'nothing' event in the trace of 'article-route'"):
        ms.step_of(trace, "nothing")
    ms.language("ja")
    try:
        with pytest.raises(LookupError, match="のトレースに 'nothing' のイベントはありません"):
            ms.step_of(trace, "nothing")
        with pytest.raises(LookupError, match="件名に 'nope' を含むメール"):
            ms.raw_message(trace, "nope")
    finally:
        ms.language("en")
    with pytest.raises(IndexError, match="ステップ 999 はトレースにありません"):
        ms.state_at(trace, 999, lang="ja")
