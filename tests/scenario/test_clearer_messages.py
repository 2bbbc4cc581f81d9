"""Broken scenario files found by the new-user trial: each message says what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.locales import catalog
from mailsim.scenario.error_texts import problem_text
from mailsim.scenario.errors import ScenarioError
from mailsim.scenario.loader import bundled_dir, parse_scenario
from mailsim.scenario.loader_hints import key_index
from mailsim.trace.reader import _constant_key
from mailsim.units import parse_bandwidth

ROUTE = (bundled_dir() / "article-route.yaml").read_text(encoding="utf-8")
EN, JA = catalog("en"), catalog("ja")


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "s.yaml")
    return caught.value.problems


def edited(old: str, new: str) -> str:
    assert old in ROUTE
    return ROUTE.replace(old, new, 1)


def cli(tmp_path: Path, content: str | bytes, capsys: pytest.CaptureFixture[str],
        *extra: str) -> str:
    """validate's one line on stderr, after checking exit status 2 and no traceback."""
    path = tmp_path / "bad.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert main(["validate", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{path}: ")
    return err.removeprefix(f"{path}: ").rstrip("\n")


# --- 1, 2: a mapping expected -------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "path", "example", "got"), [
    ("    pop3: true", "    pop3: yes please", 'hosts["mx.example.jp"].pop3', "{port: 110}",
     "'yes please'"),
    ("    submission: true", '    submission: "on"', 'hosts["mail.example.com"].submission',
     "{port: 587}", "'on'"),
    ("    imap: true", "    imap: 1", 'hosts["mx.example.jp"].imap', "{port: 143}", "1"),
])
def test_a_key_taking_true_or_a_mapping_says_so(old: str, new: str, path: str, example: str,
                                                 got: str) -> None:
    assert problems(edited(old, new)) == [
        (path, f"expected true, false or a mapping such as {example} (got {got})")]


def test_a_word_where_a_mapping_is_expected_suggests_the_field_it_fits() -> None:
    assert problems(edited("incoming: {protocol: pop3}", "incoming: imap")) == [
        ('hosts["bob-pc"].incoming', "expected a mapping such as {protocol: imap} (got 'imap')")]


def test_a_word_no_field_takes_keeps_pydantics_words() -> None:
    [(path, what)] = problems(edited("incoming: {protocol: pop3}", "incoming: carrier-pigeon"))
    assert (path, what) == ('hosts["bob-pc"].incoming',
                            "input should be a valid dictionary (got 'carrier-pigeon')")


def test_through_the_cli_in_both_languages(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    text = edited("    submission: true", '    submission: "on"')
    assert cli(tmp_path, text, capsys) == ('hosts["mail.example.com"].submission: expected true, '
                                           "false or a mapping such as {port: 587} (got 'on')")
    assert cli(tmp_path, text, capsys, "--lang", "ja") == (
        'hosts["mail.example.com"].submission: true、false、または {port: 587} '
        "のようなマッピングを指定してください(指定された値: 'on')")


# --- 3: a key of another place ------------------------------------------------------------

def test_a_key_of_a_clients_incoming_on_a_mail_server_says_where_it_belongs() -> None:
    [(path, what)] = problems(edited("    pop3: true", "    pop3: true\n    leave_on_server: true"))
    assert path == 'hosts["mx.example.jp"].leave_on_server'
    assert what.startswith("unknown key; leave_on_server belongs under a client's incoming "
                           "(hosts.<client>.incoming)")
    assert "auth_server" not in what


def test_the_index_of_keys_is_read_from_the_models() -> None:
    index = key_index()
    assert ("hosts", "<client>", "incoming") in index["leave_on_server"]
    assert ("hosts", "<mail_server>", "pop3") in index["tls_port"]
    assert ("a send step",) in index["send"] or any(p[:1] == ("a send step",) for p in index["from"])
    assert "colour" not in index


def test_a_misspelt_key_still_gets_did_you_mean() -> None:
    [(_, what)] = problems(edited("incoming: {protocol: pop3}",
                                  "incoming: {protocol: pop3, leave_on_servr: true}"))
    assert what == "unknown key (check its spelling); did you mean 'leave_on_server'?"


def test_a_key_of_another_role_keeps_its_message() -> None:
    [(_, what)] = problems(edited("    pop3: true", "    pop3: true\n    mail_server: mx.example.jp"))
    assert what == "unknown key; it is a key of client hosts, not of mail_server hosts"


# --- 4, 6: not a scenario's text ----------------------------------------------------------

def test_a_binary_file_is_not_utf8_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, b"\x89PNG\r\n\x1a\n", capsys) == EN["error.not_utf8"].format(byte=1)
    assert cli(tmp_path, b"name: caf\xe9\n", capsys) == (
        "not UTF-8 text (byte 10); expected a scenario written as YAML text")
    assert cli(tmp_path, b"\x89PNG", capsys, "--lang", "ja") == JA["error.not_utf8"].format(byte=1)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_said_to_be_empty(text: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, text, capsys) == EN["error.empty"]
    assert cli(tmp_path, text, capsys, "--lang", "ja") == JA["error.empty"]


def test_a_list_is_not_called_empty() -> None:
    assert problems("- a\n- b\n") == [("", EN["error.not_mapping"])]


# --- 5: YAML syntax -----------------------------------------------------------------------

def _shifted(line: int, by: int) -> str:
    lines = ROUTE.splitlines(keepends=True)
    lines[line - 1] = " " * by + lines[line - 1] if by > 0 else lines[line - 1][-by:]
    return "".join(lines)


@pytest.mark.parametrize("line", [22, 41, 74, 95, 105])
@pytest.mark.parametrize("by", [1, -1])
def test_a_bad_indent_is_reported_on_its_own_line(line: int, by: int) -> None:
    # PyYAML stops on the next line after 74 and 95 (its "did not find expected key").
    [(where, what)] = problems(_shifted(line, by))
    assert where.startswith(f"line {line}, column ")
    assert what.endswith("; check the indentation: the keys of one mapping start in the same column")


def test_a_tab_an_unclosed_quote_and_bracket_are_named() -> None:
    [(where, what)] = problems(edited("    role: auth\n    ip: 192.0.2.20",
                                      "    role: auth\n\tip: 192.0.2.20"))
    assert (where, what.split("; ")[-1]) == ("line 41, column 1",
                                             "indent with spaces: YAML does not allow a tab there")
    [(where, what)] = problems(edited("seed: 2026", 'seed: "2026'))
    assert where == "line 31, column 7"  # where the quote opened, not the end of the file
    assert what.endswith("; a quote opened here is never closed")
    [(where, what)] = problems(edited("domains: [example.com]", "domains: [example.com"))
    assert where == "line 45, column 14"
    assert what.endswith("; a [ or { opened here is not closed, or a comma is missing between its items")


# --- 7, 9: units --------------------------------------------------------------------------

def test_a_duration_of_the_wrong_type_shows_what_was_written() -> None:
    assert problems(edited("latency: 5ms", "latency: true")) == [
        ("links[0].latency", "expected a duration such as 20ms, 5s, 2h, 3d or 1h20m (got true)")]


@pytest.mark.parametrize("written", ["100Mbit/s", "100 Mbit/s", "100Mbps", "100000kbit/s", "0.1Gbps"])
def test_the_documented_bandwidth_spellings_are_accepted(written: str) -> None:
    assert parse_bandwidth(written) == pytest.approx(1e8)


def test_readme_documents_the_bandwidth_units() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for unit in ("bit/s", "kbit/s", "Mbit/s", "Gbit/s", "bps", "kbps", "Mbps", "Gbps", "100mbit/s"):
        assert f"`{unit}`" in readme, unit


@pytest.mark.parametrize("written", ["100mbit/s", "100MBit/s", "100mbps", "1gbit/s"])
def test_a_bandwidth_in_the_wrong_case_is_refused_with_the_spellings(written: str) -> None:
    [(path, what)] = problems(edited("bandwidth: 100Mbit/s", f"bandwidth: {written}"))
    assert (path, what) == ("links[0].bandwidth", f"{EN['error.bandwidth']} (got {written!r})")
    assert "Mbit/s, Gbit/s, or bps, kbps, Mbps, Gbps; M and G are capitals" in what


# --- 8: a trace's NaN -------------------------------------------------------------------------

def test_a_nan_in_a_trace_is_named_by_its_field() -> None:
    assert _constant_key('{"t_sent": NaN}') == "t_sent"
    assert _constant_key('{"type": "state", "data": {"rows": [1, -Infinity]}}') == "data.rows[1]"


# --- both languages ---------------------------------------------------------------------

NEW_KEYS = {
    "error.bool_or_mapping": {"example": "{port: 110}"},
    "error.mapping_such_as": {"example": "{protocol: pop3}"},
    "error.belongs_under": {"key": "leave_on_server", "places": "hosts.<client>.incoming"},
    "error.not_utf8": {"byte": "1"},
    "error.empty": {},
    "error.not_mapping": {},
    "error.bandwidth": {},
    "error.yaml_tab": {"problem": "found a tab character"},
    "error.yaml_indent": {"problem": "did not find expected key"},
    "error.yaml_quote": {"problem": "found unexpected end of stream"},
    "error.yaml_bracket": {"problem": "did not find expected ']'"},
}


@pytest.mark.parametrize("key", sorted(NEW_KEYS))
def test_each_new_text_reads_in_japanese(key: str) -> None:
    english = EN[key].format(**NEW_KEYS[key])
    assert problem_text(english, "ja") == JA[key].format(**NEW_KEYS[key]) != english


def test_the_places_of_a_key_read_in_japanese_as_paths() -> None:
    english = ("unknown key; leave_on_server belongs under a client's incoming "
               "(hosts.<client>.incoming) or workload.devices")
    assert problem_text(english, "ja") == JA["error.belongs_under"].format(
        key="leave_on_server", places="hosts.<client>.incoming、workload.devices")
