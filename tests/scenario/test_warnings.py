"""Authoring warnings: a valid file that will surprise its author is told so, in both
languages, before the run; ``--strict`` makes the warnings errors (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailsim.cli import main
from mailsim.locales import catalog
from mailsim.scenario.loader import bundled_dir, parse_scenario
from mailsim.scenario.warnings import KEY_RULES, AuthoringWarning, duration_text

BASE = yaml.safe_load((bundled_dir() / "article-route.yaml").read_text(encoding="utf-8"))


def warnings_of(change: Callable[[dict[str, Any]], None]) -> list[AuthoringWarning]:
    data = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True))
    change(data)
    found: list[AuthoringWarning] = []
    parse_scenario(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "t.yaml",
                   warnings=found)
    return found


def only(change: Callable[[dict[str, Any]], None]) -> AuthoringWarning:
    (warning,) = warnings_of(change)
    return warning


def test_a_bare_number_for_a_duration_says_seconds_are_assumed() -> None:
    warning = only(lambda d: d["links"][0].update(latency=2))
    assert warning.line("t.yaml") == "t.yaml: links[0].latency: warning: 2 s assumed; write 2s or 2ms"
    assert warning.line("t.yaml", "ja") == ("t.yaml: links[0].latency: 注意: 単位がないので 2 秒と"
                                            "みなしました。2s や 2ms のように単位を付けてください")


@pytest.mark.parametrize(("change", "path", "words"), [
    (lambda d: d["links"][1].update(bandwidth=100), "links[1].bandwidth", "100 bit/s assumed"),
    (lambda d: d["users"]["bob@example.jp"].update(quota=50), 'users["bob@example.jp"].quota',
     "50 bytes assumed"),
    (lambda d: d["steps"][0].update(at=1.5), "steps[0].at", "1.5 s assumed; write 1.5s or 1.5ms"),
    (lambda d: d["hosts"]["mx.example.jp"].update(queue={"first_retry": 300}),
     'hosts["mx.example.jp"].queue.first_retry', "300 s assumed"),
])
def test_a_bare_number_anywhere_a_unit_is_expected(change: Callable[[dict[str, Any]], None],
                                                   path: str, words: str) -> None:
    warning = only(change)
    assert (warning.code, warning.path) == ("bare-number", path)
    assert words in warning.text()


def test_no_warning_for_units_zero_or_a_dns_ttl() -> None:
    assert warnings_of(lambda d: d["links"][0].update(latency="2ms")) == []
    assert warnings_of(lambda d: d["steps"][0].update(at=0)) == []
    # A TTL is seconds by definition (RFC 1035 §3.2.1).
    assert warnings_of(lambda d: d["dns"]["example.jp"].update(ttl=300)) == []


def test_a_domain_with_no_mx_nor_a_record_will_bounce() -> None:
    warning = only(lambda d: d["steps"][0]["send"].update(to=["bob@example.jq"]))
    assert (warning.code, warning.path) == ("no-route", "steps[0].send.to[0]")
    assert warning.text() == ("example.jq has neither an MX nor an A record under dns, and "
                              "mail.example.com does not serve it: the mail to bob@example.jq will bounce")
    assert "差し戻されます" in warning.text("ja")


def test_an_a_record_or_a_named_host_is_a_route() -> None:
    def a_record(d: dict[str, Any]) -> None:
        d["dns"]["example.org"] = {"a": ["203.0.113.25"]}
        d["steps"][0]["send"]["to"] = ["bob@example.org"]

    assert warnings_of(a_record) == []
    assert warnings_of(lambda d: d["steps"][0]["send"].update(to=["bob@mx.example.jp"])) == []


def test_a_recipient_not_under_users_names_the_close_user() -> None:
    warning = only(lambda d: d["steps"][0]["send"].update(to=["bobb@example.jp"]))
    assert (warning.code, warning.path) == ("unknown-recipient", "steps[0].send.to[0]")
    assert warning.text().endswith("will be refused (did you mean bob@example.jp?)")
    assert warning.text("ja").endswith("(bob@example.jp のまちがいではありませんか?)")


@pytest.mark.parametrize(("incoming", "key", "words"), [
    ({"protocol": "imap", "leave_on_server": True}, "leave_on_server",
     "leave_on_server is for POP3 and this device reads mail with IMAP: it does nothing here"),
    ({"protocol": "imap", "delete_after": "1h"}, "delete_after", "delete_after is for POP3"),
    ({"protocol": "pop3", "cache": True}, "cache",
     "cache is for IMAP and this device reads mail with POP3"),
    ({"protocol": "pop3", "delete_after": "1h"}, "delete_after",
     "delete_after does nothing without leave_on_server: true"),
])
def test_a_key_that_does_nothing_for_the_device(incoming: dict[str, Any], key: str,
                                                words: str) -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.jp"].update(pop3=True, imap=True)
        d["hosts"]["bob-pc"]["incoming"] = incoming

    warning = only(change)
    assert (warning.code, warning.path) == ("unused-key", f'hosts["bob-pc"].incoming.{key}')
    assert words in warning.text()


def test_keys_that_do_nothing_for_a_server() -> None:
    def no_logins(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.jp"].pop("pop3", None)
        d["hosts"]["mx.example.jp"].pop("imap", None)
        d["steps"] = [s for s in d["steps"] if "send" in s]

    warning = only(no_logins)
    assert warning.path == 'hosts["mx.example.jp"].auth_server'
    assert warning.text().startswith("auth_server does nothing here")
    warning = only(lambda d: d["hosts"]["mx.example.jp"].update(over_quota="permanent"))
    assert warning.text().startswith("over_quota does nothing here")
    assert warnings_of(lambda d: (d["hosts"]["mx.example.jp"].update(over_quota="permanent"),
                                  d["users"]["bob@example.jp"].update(quota="50KB"))) == []


def test_the_key_table_names_real_keys() -> None:
    from mailsim.scenario.keys import model_at

    for rule in KEY_RULES:
        host = {"client": "bob-pc", "mail_server": "mx.example.jp"}[rule.role]
        model = model_at(["hosts", host, *rule.path[:-1]], BASE)
        assert model is not None and rule.path[-1] in model.model_fields, rule


def test_a_step_or_fault_after_the_end_never_happens() -> None:
    def late(d: dict[str, Any]) -> None:
        d["until"] = "1h"
        d["steps"].append({"at": "2h", "check_mail": "bob-pc"})
        d["faults"] = [{"host_down": {"host": "relay.example.net", "from": "1h"}}]

    step, fault = warnings_of(late)
    assert (step.code, step.path) == ("after-end", f"steps[{len(BASE['steps'])}].at")
    assert step.text() == "at 2h is not before the run ends (until: 1h): this step never happens"
    assert fault.path == "faults[0].host_down.from"
    assert fault.text("ja").startswith("from 1h はシミュレーションの終わり(until: 1h)")


def test_intended_warnings_are_not_shown() -> None:
    def intended(d: dict[str, Any]) -> None:
        d["steps"][0]["send"]["to"] = ["bob@example.jq"]
        d["intended_warnings"] = ["no-route"]

    assert warnings_of(intended) == []


def test_a_warning_intended_at_one_key_still_fires_at_another() -> None:
    def two_unused(d: dict[str, Any]) -> None:
        (name,) = [n for n, host in d["hosts"].items() if "incoming" in host]
        d["hosts"][name]["incoming"] = {"protocol": "imap", "delete_after": "1h", "leave_on_server": True}
        d["intended_warnings"] = [{"warning": "unused-key", "key": f"hosts.{name}.incoming.delete_after"}]

    (warning,) = warnings_of(two_unused)
    assert (warning.code, warning.path.rsplit(".", 1)[-1]) == ("unused-key", "leave_on_server")


def test_duration_text_writes_times_as_a_file_does() -> None:
    assert [duration_text(s) for s in (0.25, 90, 3600, 4800, 86400 + 61, 1.5)] == [
        "250ms", "1m30s", "1h", "1h20m", "1d1m1s", "1.5s"]


def test_every_warning_text_exists_in_both_languages() -> None:
    keys = [k for k in catalog("en") if k.startswith("warn.")]
    assert len(keys) >= 12 and all(catalog("ja")[k] != catalog("en")[k] for k in keys)


def _file(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> str:
    data = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True))
    change(data)
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def test_validate_prints_warnings_and_strict_makes_them_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, lambda d: d["links"][0].update(latency=2))
    assert main(["validate", path]) == 0
    out, err = capsys.readouterr()
    assert err == f"{path}: links[0].latency: warning: 2 s assumed; write 2s or 2ms\n"
    assert f"{path}: ok" in out
    assert main(["validate", path, "--strict", "--lang", "ja"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}: links[0].latency: 注意: 単位がないので 2 秒とみなしました。"
        "2s や 2ms のように単位を付けてください",
        f"{path}: 注意が 1 件あります。--strict のためエラーとして扱います"]


def test_run_warns_before_the_run_and_strict_does_not_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, lambda d: d["steps"][0]["send"].update(to=["bobb@example.jp"]))
    assert main(["run", path, "-q"]) == 0
    out, err = capsys.readouterr()
    assert "steps[0].send.to[0]: warning: bobb@example.jp is not under users" in err
    assert "Delivered: " in out
    trace = tmp_path / "t.jsonl"
    assert main(["run", path, "-q", "--strict", "--trace", str(trace)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "--strict makes them errors" in err and not trace.exists()
