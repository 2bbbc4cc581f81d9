""""Did you mean …": a misspelt key, step kind, host or user is named with the close spelling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from mailsim.scenario import ScenarioError
from mailsim.scenario.errors import did_you_mean
from mailsim.scenario.loader import bundled_dir, parse_scenario

BASE = yaml.safe_load((bundled_dir() / "article-route.yaml").read_text(encoding="utf-8"))


def problem_of(change: Callable[[dict[str, Any]], None]) -> str:
    data = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True))
    change(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "t.yaml")
    return caught.value.message


def rename(node: dict[str, Any], old: str, new: str) -> None:
    node[new] = node.pop(old)


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("top-level key", lambda d: rename(d, "seed", "sede"), "t.yaml: sede: unknown key (check its "
     "spelling); did you mean 'seed'?"),
    ("link key", lambda d: rename(d["links"][0], "latency", "latncy"),
     "links[0].latncy: unknown key (check its spelling); did you mean 'latency'?"),
    ("host key", lambda d: rename(d["hosts"]["alice-pc"], "mail_server", "mail_sever"),
     "did you mean 'mail_server'?"),
    ("nested key", lambda d: d["hosts"]["mx.example.jp"].update(queue={"first_rety": "1m"}),
     'hosts["mx.example.jp"].queue.first_rety: unknown key (check its spelling); '
     "did you mean 'first_retry'?"),
    ("step action key", lambda d: rename(d["steps"][0]["send"], "subject", "subjet"),
     "steps[0].send.subjet: unknown key (check its spelling); did you mean 'subject'?"),
    ("step kind", lambda d: rename(d["steps"][0], "send", "sned"),
     "expected 'at' and exactly one action: send, "),
    ("role", lambda d: d["hosts"]["auth.example.com"].update(role="auht"),
     "hosts[\"auth.example.com\"].role: expected one of 'client', 'auth', 'mail_server', 'relay', "
     "'dns', 'router'; did you mean 'auth'?"),
    ("choice", lambda d: d["hosts"]["bob-pc"].update(incoming={"protocol": "imapp"}),
     "input should be 'pop3' or 'imap' (got 'imapp'); did you mean 'imap'?"),
    ("host", lambda d: d["links"][0].update(between=["alice-pc", "mail.exmaple.com"]),
     "no host named 'mail.exmaple.com' (hosts: "),
    ("client's user", lambda d: d["hosts"]["alice-pc"].update(user="alice@exmple.com"),
     "no user 'alice@exmple.com' under users; did you mean 'alice@example.com'?"),
    ("sender", lambda d: d["steps"][0]["send"].update({"from": "alcie@example.com"}),
     "no user 'alcie@example.com' under users; did you mean 'alice@example.com'?"),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_misspelling_gets_the_close_name(change: Callable[[dict[str, Any]], None],
                                           expected: str) -> None:
    assert expected in problem_of(change)


def test_a_misspelt_step_kind_and_host_name_their_match() -> None:
    assert problem_of(lambda d: rename(d["steps"][0], "send", "sned")).endswith(
        "; did you mean 'send'?")
    first = problem_of(lambda d: d["links"][0].update(
        between=["alice-pc", "mail.exmaple.com"])).splitlines()[0]
    assert first.endswith("; did you mean 'mail.example.com'?")


def test_a_key_of_another_role_says_where_it_belongs() -> None:
    message = problem_of(lambda d: d["hosts"]["alice-pc"].update(domains=["example.com"]))
    assert message == ('t.yaml: hosts["alice-pc"].domains: unknown key; '
                       "it is a key of mail_server hosts, not of client hosts")


def test_a_key_like_nothing_gets_no_guess() -> None:
    message = problem_of(lambda d: d["links"][0].update(colour="blue"))
    assert message == "t.yaml: links[0].colour: unknown key (check its spelling)"


def test_did_you_mean_picks_only_close_names() -> None:
    assert did_you_mean("latncy", ["latency", "bandwidth"]) == "; did you mean 'latency'?"
    assert did_you_mean("BOB-PC", ["bob-pc", "alice-pc"]) == "; did you mean 'bob-pc'?"
    assert did_you_mean("zzz", ["latency", "bandwidth"]) == ""
    assert did_you_mean("latency", ["latency"]) == ""


def test_a_misspelt_bundled_scenario_name_gets_the_close_name(
        capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    assert main(["run", "artcle-route", "-q"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("; did you mean 'article-route'?")
