"""A bad scenario's message in the user's language.

Problems are worded in English where they are found (the loader, the checks, the
step kinds); this module puts the common ones into another language as they are
printed, pattern by pattern (``error.*`` texts of the catalogue). A problem no
pattern knows is printed as it is.
"""

from __future__ import annotations

import re

from mailsim.locales import catalog
from mailsim.scenario.errors import ScenarioError

# English wording -> catalogue key; the named groups fill the key's placeholders.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"^unknown key \(check its spelling\)$", "error.unknown_key"),
    (r"^unknown key; it is a key of (?P<roles>.+) hosts, not of (?P<role>\S+) hosts$",
     "error.key_of_other_role"),
    (r"^unknown key$", "error.unknown_key_bare"),
    (r"^required key is missing$", "error.missing"),
    (r"^expected one of (?P<choices>.+)$", "error.one_of"),
    (r"^input should be (?P<choices>.+)$", "error.one_of"),
    (r"^no host named (?P<name>'[^']*') \((?:hosts|devices): (?P<hosts>.*)\)$", "error.no_host"),
    (r"^no user (?P<name>'[^']*') under users$", "error.no_user"),
    (r"^expected a duration such as 20ms, 5s, 2h, 3d or 1h20m$", "error.duration"),
    (r"^expected a size such as 50KB, 2MB or 1GiB$", "error.size"),
    (r"^expected a bandwidth such as 100Mbit/s or 1Gbit/s \(units: .*\)$", "error.bandwidth"),
    (r"^expected an e-mail address such as alice@example\.com$", "error.address"),
    (r"^expected a host name such as mail\.example\.com .*$", "error.hostname"),
    (r"^the key (?P<key>'[^']*') appears twice \(first on line (?P<line>\d+)\)$", "error.twice"),
    (r"^YAML syntax error: (?P<problem>.*); indent with spaces: .*$", "error.yaml_tab"),
    (r"^YAML syntax error: (?P<problem>.*); check the indentation: .*$", "error.yaml_indent"),
    (r"^YAML syntax error: (?P<problem>.*); a quote opened here .*$", "error.yaml_quote"),
    (r"^YAML syntax error: (?P<problem>.*); a \[ or \{ opened here .*$", "error.yaml_bracket"),
    (r"^YAML syntax error: (?P<problem>.*)$", "error.yaml"),
    (r"^expected true, false or a mapping such as (?P<example>\{.*\})$", "error.bool_or_mapping"),
    (r"^expected a mapping such as (?P<example>\{.*\})$", "error.mapping_such_as"),
    (r"^unknown key; (?P<key>\S+) belongs under (?P<places>.+)$", "error.belongs_under"),
    (r"^not UTF-8 text \(byte (?P<byte>\d+)\); expected a scenario .*$", "error.not_utf8"),
    (r"^the file is empty; expected a mapping .*$", "error.empty"),
    (r"^control character (?P<code>U\+[0-9A-F]{4}) at position (?P<position>\d+): .*$",
     "error.control_character"),
    (r"^a client with send_direct: true .*: leave out (?P<key>\S+)$", "error.send_direct_key"),
    (r"^expected a mapping with keys such as name, hosts, links, steps$", "error.not_mapping"),
    (r"^no such file, and no bundled scenario of that name \(bundled: (?P<known>.*)\)$",
     "error.no_scenario"),
))
_DID_YOU_MEAN = re.compile(r"; did you mean (?P<name>'[^']*')\?$")
_GOT = re.compile(r" \(got (?P<value>.+)\)$")
# "a client's incoming (hosts.<client>.incoming)": another language keeps only the path.
_PLACE_WORDS = re.compile(r"a [\w ]+'s \S+ \((?P<path>[^)]*)\)")


def problem_text(what: str, lang: str) -> str:
    """One problem's text in ``lang`` (as it is, when no pattern knows it)."""
    if lang == "en":
        return what
    texts, written = catalog(lang), what
    suffix = ""
    if match := _DID_YOU_MEAN.search(what):
        suffix = texts["error.did_you_mean"].format(**match.groupdict())
        what = what[:match.start()]
    if match := _GOT.search(what):
        suffix = texts["error.got"].format(**match.groupdict()) + suffix
        what = what[:match.start()]
    for pattern, key in _PATTERNS:
        if match := pattern.match(what):
            values = {name: _PLACE_WORDS.sub(r"\g<path>", value).replace(" or ", texts["run.summary.join"])
                      for name, value in match.groupdict().items()}  # 'pop3' or 'imap'
            return texts[key].format(**values) + suffix
    return written


def localized_error(error: ScenarioError, lang: str) -> ScenarioError:
    """``error`` with each problem in ``lang``; its :attr:`~ScenarioError.message` is printed."""
    if lang == "en":
        return error
    return ScenarioError(error.source, [(path, problem_text(what, lang))
                                        for path, what in error.problems])
