"""Bad scenario files: one clear message naming the file, the key path and what
was expected; ``mailsim validate`` and ``mailsim run`` exit with 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mailsim.cli import main
from mailsim.scenario import ScenarioError, load_scenario
from mailsim.scenario.loader import bundled_dir

BASE = yaml.safe_load((bundled_dir() / "article-route.yaml").read_text(encoding="utf-8"))


def edited(change: callable) -> str:  # type: ignore[valid-type]
    data = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path: list[object], value: object) -> callable:  # type: ignore[valid-type]
    def change(data: dict) -> None:  # type: ignore[type-arg]
        node = data
        for key in path[:-1]:
            node = node[key]  # type: ignore[index]
        node[path[-1]] = value  # type: ignore[index]

    return change


def _delete(path: list[object]) -> callable:  # type: ignore[valid-type]
    def change(data: dict) -> None:  # type: ignore[type-arg]
        node = data
        for key in path[:-1]:
            node = node[key]  # type: ignore[index]
        del node[path[-1]]  # type: ignore[arg-type]

    return change


CASES = [
    # (id, file text, expected key path, expected words)
    ("yaml-syntax", "name: x\nhosts: [a, b\n", "line 2, column 8", "a [ or { opened here is not closed"),
    ("not-a-mapping", "- just\n- a list\n", "", "expected a mapping"),
    ("missing-hosts", edited(_delete(["hosts"])), "hosts", "required key is missing"),
    ("unknown-top-key", edited(_set(["colour"], "blue")), "colour", "unknown key"),
    ("unknown-host-key", edited(_set(["hosts", "mx.example.jp", "colour"], 1)),
     'hosts["mx.example.jp"].colour', "unknown key"),
    ("bad-role", edited(_set(["hosts", "alice-pc", "role"], "printer")),
     'hosts["alice-pc"].role', "expected one of"),
    ("negative-latency", edited(_set(["links", 0, "latency"], "-5ms")),
     "links[0].latency", "expected a duration"),
    ("latency-wrong-type", edited(_set(["links", 0, "latency"], [1, 2])),
     "links[0].latency", "expected a duration"),
    ("zero-bandwidth", edited(_set(["links", 1, "bandwidth"], 0)),
     "links[1].bandwidth", "greater than zero"),
    ("link-unknown-host", edited(_set(["links", 2, "between"], ["mail.example.com", "nowhere"])),
     "links[2].between[1]", "no host named 'nowhere'"),
    ("link-to-itself", edited(_set(["links", 2, "between"], ["alice-pc", "alice-pc"])),
     "links[2].between", "two different hosts"),
    ("bad-address", edited(_set(["hosts", "alice-pc", "user"], "alice-at-example.com")),
     'hosts["alice-pc"].user', "e-mail address"),
    ("client-unknown-user", edited(_set(["hosts", "alice-pc", "user"], "carol@example.com")),
     'hosts["alice-pc"].user', "no user 'carol@example.com'"),
    ("smarthost-wrong-role", edited(_set(["hosts", "mail.example.com", "smarthost"], "dns.example.net")),
     'hosts["mail.example.com"].smarthost', "expected a relay or mail_server host"),
    ("mx-unknown-host", edited(_set(["dns", "example.jp", "mx", 0, "host"], "mx9.example.jp")),
     'dns["example.jp"].mx[0].host', "no host named 'mx9.example.jp'"),
    ("step-unknown-user", edited(_set(["steps", 0, "send", "from"], "mallory@example.com")),
     "steps[0].send.from", "no user 'mallory@example.com'"),
    ("step-no-action", edited(_set(["steps", 0], {"at": "1s"})), "steps[0]", "exactly one action"),
    ("step-bad-time", edited(_set(["steps", 0, "at"], "soon")), "steps[0].at", "expected a duration"),
    ("step-empty-to", edited(_set(["steps", 0, "send", "to"], [])), "steps[0].send.to", "at least 1"),
    ("step-wrong-device", edited(_set(["steps", 0, "send", "device"], "mx.example.jp")),
     "steps[0].send.device", "expected a client host of alice@example.com"),
    ("user-domain-unserved", edited(_set(["users", "carol@example.org"], {"password": "x"})),
     'users["carol@example.org"]', "no mail_server lists 'example.org'"),
    ("duplicate-ip", edited(_set(["hosts", "mx.example.jp", "ip"], "192.0.2.10")),
     'hosts["mx.example.jp"].ip', "already used by 'alice-pc'"),
    ("duplicate-domain", edited(_set(["hosts", "mx.example.jp", "domains"], ["example.com"])),
     'hosts["mx.example.jp"].domains[0]', "already served by 'mail.example.com'"),
    ("isolated-host", edited(_set(["links"], BASE["links"][:-1])), "links", "not connected"),
    ("bad-port", edited(_set(["hosts", "auth.example.com", "port"], 70000)),
     'hosts["auth.example.com"].port', "less than or equal to 65535"),
    ("submission-without-auth", edited(_delete(["hosts", "mail.example.com", "auth_server"])),
     'hosts["mail.example.com"].auth_server', "needs an auth_server to check logins"),
    ("bad-name", edited(_set(["name"], "Article Route!")), "name", "should match pattern"),
    ("password-not-string", edited(_set(["users", "bob@example.jp", "password"], ["x"])),
     'users["bob@example.jp"].password', "valid string"),
    ("unknown-fault", edited(_set(["faults"], [{"earthquake": {"host": "dns.example.net"}}])),
     "faults[0]", "expected exactly one fault"),
    ("fault-unknown-host", edited(_set(["faults"], [{"host_down": {"host": "nowhere"}}])),
     "faults[0].host_down.host", "no host named 'nowhere'"),
    ("fault-until-before-from", edited(_set(["faults"], [
        {"host_down": {"host": "dns.example.net", "from": "2h", "until": "1h"}}])),
     "faults[0].host_down.until", "expected a time after 'from'"),
    ("fault-no-such-link", edited(_set(["faults"], [
        {"packet_loss": {"between": ["alice-pc", "dns.example.net"], "rate": 0.1}}])),
     "faults[0].packet_loss.between", "no link between"),
    ("fault-bad-reply", edited(_set(["faults"], [
        {"smtp_reply": {"host": "mx.example.jp", "reply": "250 ok"}}])),
     "faults[0].smtp_reply.reply", "should match pattern"),
    ("fault-connect-not-421", edited(_set(["faults"], [
        {"smtp_reply": {"host": "mx.example.jp", "command": "connect", "reply": "554 5.7.1 No"}}])),
     "faults[0].smtp_reply.reply", "must be 421"),
    ("loss-rate-too-high", edited(_set(["faults"], [
        {"packet_loss": {"between": ["alice-pc", "mail.example.com"], "rate": 2}}])),
     "faults[0].packet_loss.rate", "less than or equal to 0.9"),
    ("bad-quota", edited(_set(["users", "bob@example.jp", "quota"], "lots")),
     'users["bob@example.jp"].quota', "expected a size"),
    ("duplicate-yaml-key", "name: x\ntitle: t\nhosts:\n  a: {role: dns}\n  a: {role: auth}\n",
     "line 5, column 3", "the key 'a' appears twice"),
    ("host-names-differ-in-case", edited(_set(["hosts", "Alice-PC"], {"role": "dns"})),
     'hosts["Alice-PC"]', "the same host as 'alice-pc'"),
    ("smarthost-is-itself", edited(_set(["hosts", "mail.example.com", "smarthost"], "mail.example.com")),
     'hosts["mail.example.com"].smarthost', "cannot relay through itself"),
    ("repeated-check-without-end", edited(_set(["steps", 1], {"at": "2s", "check_mail": {
        "device": "bob-pc", "every": "5m"}})),
     "steps[1].check_mail.until", "needs an end"),
    ("subject-with-line-break", edited(_set(["steps", 0, "send", "subject"], "Hi\nBcc: x@y")),
     "steps[0].send.subject", "no line breaks"),
    ("device-not-a-client", edited(_set(["steps", 1], {"at": "2s", "check_mail": "mx.example.jp"})),
     "steps[1].check_mail.device", "is not a device"),
]


@pytest.mark.parametrize(("text", "path", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_file_names_file_path_and_expectation(tmp_path: Path, text: str, path: str, words: str) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(file)
    message = caught.value.message
    first = message.splitlines()[0]
    assert first.startswith(f"{file}: ")
    assert f": {path}: " in message if path else True
    assert words in message


@pytest.mark.parametrize("command", ["run", "validate"])
def test_cli_exits_2_without_traceback(tmp_path: Path, command: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text(edited(_set(["links", 0, "latency"], "-5ms")), encoding="utf-8")
    assert main([command, str(file)]) == 2
    err = capsys.readouterr().err
    assert f"{file}: links[0].latency: expected a duration" in err
    assert "Traceback" not in err


def test_unknown_scenario_name_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no-such-scenario"]) == 2
    assert "no bundled scenario of that name" in capsys.readouterr().err


def test_base_file_is_valid() -> None:
    from mailsim.scenario import parse_scenario

    assert parse_scenario(edited(lambda data: None)).name == "article-route"
