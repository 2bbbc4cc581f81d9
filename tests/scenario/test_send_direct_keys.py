"""A client with send_direct: true sends as a spam bot does (nodes/direct_send.py: the MX on
port 25, no STARTTLS, no AUTH), so the keys of sending through its own server are refused on it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailsim.cli import main
from mailsim.scenario.errors import ScenarioError
from mailsim.scenario.loader import bundled_dir, bundled_names, load_scenario, parse_scenario
from mailsim.scenario.model import ClientHost

BUNDLED: dict[str, Any] = yaml.safe_load(
    (bundled_dir() / "why-port-587.yaml").read_text(encoding="utf-8"))


def _with_bot(**keys: Any) -> str:
    """why-port-587 with ``keys`` written on its bot (send_direct: true)."""
    data = copy.deepcopy(BUNDLED)
    data["hosts"]["bot-pc"].update(keys)
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(("keys", "expected"), [
    ({"outgoing": {"server": "mail.isp.example", "port": 25, "auth": False}},
     'hosts["bot-pc"].outgoing: a client with send_direct: true sends straight to the '
     "recipient's MX on port 25, through no server: leave out outgoing"),
    ({"outgoing": {}},  # written, even empty: the file says something the bot never reads
     'hosts["bot-pc"].outgoing: a client with send_direct: true'),
    ({"tls": "none"},
     'hosts["bot-pc"].tls: a client with send_direct: true speaks SMTP to the MX without '
     "STARTTLS: leave out tls"),
    ({"auth_mechanism": "LOGIN"},
     'hosts["bot-pc"].auth_mechanism: a client with send_direct: true sends without logging in '
     "(no SMTP AUTH): leave out auth_mechanism"),
])
def test_a_sending_key_on_a_send_direct_client_is_refused(keys: dict[str, Any],
                                                          expected: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        parse_scenario(_with_bot(**keys), "bot.yaml")
    assert expected in str(raised.value)


def test_every_ignored_key_is_named_at_once() -> None:
    with pytest.raises(ScenarioError) as raised:
        parse_scenario(_with_bot(outgoing={"port": 25}, tls="starttls", auth_mechanism="PLAIN"),
                       "bot.yaml")
    paths = [path for path, _ in raised.value.problems]
    assert paths == ['hosts["bot-pc"].outgoing', 'hosts["bot-pc"].tls',
                     'hosts["bot-pc"].auth_mechanism']


def test_validate_prints_file_key_path_and_exits_2(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bot.yaml"
    path.write_text(_with_bot(outgoing={"port": 25, "auth": False}), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (f'{path}: hosts["bot-pc"].outgoing: a client with send_direct: true sends '
                   "straight to the recipient's MX on port 25, through no server: leave out "
                   "outgoing\n")


def test_the_same_keys_stay_allowed_where_they_are_read() -> None:
    # The bot's password: it still logs in to read its own mail (POP3 PASS, IMAP LOGIN).
    parse_scenario(_with_bot(password="secret"), "bot.yaml")
    data = copy.deepcopy(BUNDLED)  # a client that submits through its server reads all three
    data["hosts"]["taro-pc"].update(outgoing={"port": 587}, tls="starttls", auth_mechanism="LOGIN")
    taro = parse_scenario(yaml.safe_dump(data, allow_unicode=True), "taro.yaml").hosts["taro-pc"]
    assert isinstance(taro, ClientHost) and taro.auth_mechanism == "LOGIN"


def test_the_bundled_scenarios_still_load() -> None:
    senders = [name for name in bundled_names() for host in load_scenario(name).hosts.values()
               if isinstance(host, ClientHost) and host.send_direct]
    assert senders == ["why-port-587"]
