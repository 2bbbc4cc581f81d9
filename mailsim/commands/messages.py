"""What ``mailsim`` itself says before a command runs, in the chosen language.

argparse words its errors in English ("argument --seed: invalid int value: 'x'");
:func:`argparse_error` puts the common ones into the language of ``--lang``
(``cli.argparse.*`` texts), pattern by pattern; one no pattern knows is printed
as it is. The options' own checks (``expected a positive number``) are texts too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mailsim.locales import catalog

# argparse's wording (Python 3.11) -> catalogue key; named groups fill the placeholders.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"^argument (?P<option>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)$",
     "cli.argparse.choice"),
    (r"^argument (?P<option>\S+): invalid \w+ value: (?P<value>.+)$", "cli.argparse.type"),
    (r"^argument (?P<option>\S+): expected one argument$", "cli.argparse.one"),
    (r"^argument (?P<option>\S+): expected at least one argument$", "cli.argparse.some"),
    (r"^argument (?P<option>\S+): not allowed with argument (?P<other>\S+)$",
     "cli.argparse.not_with"),
    (r"^the following arguments are required: (?P<names>.+)$", "cli.argparse.required"),
    (r"^unrecognized arguments: (?P<names>.+)$", "cli.argparse.unknown"),
    (r"^argument (?P<option>\S+): (?P<value>'[^']*'): expected a positive number$",
     "cli.argparse.positive"),
    (r"^argument (?P<option>\S+): (?P<value>'[^']*'): expected a positive whole number$",
     "cli.argparse.whole"),
    (r"^argument (?P<option>\S+): expected a positive whole number of processes "
     r"\(got (?P<value>'[^']*')\)$", "cli.argparse.processes"),
))


def chosen_language(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line (``--lang ja`` or ``--lang=ja``), before it is parsed."""
    lang = "en"
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            lang = argv[index + 1]
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    return lang


def argparse_error(message: str, lang: str) -> str:
    """argparse's error ``message`` in ``lang`` (as it is, when no pattern knows it)."""
    if lang == "en":
        return message
    texts = catalog(lang)
    for pattern, key in _PATTERNS:
        if match := pattern.match(message):
            return texts[key].format(**match.groupdict())
    return message


def usage_line(usage: str, lang: str) -> str:
    """argparse's ``usage: mailsim ...`` with its first word in ``lang``."""
    prefix = "usage: "
    if lang == "en" or not usage.startswith(prefix):
        return usage
    return catalog(lang)["cli.argparse.usage"] + usage[len(prefix):]


def error_line(prog: str, message: str, lang: str) -> str:
    """``mailsim run: error: ...`` as argparse ends it, in ``lang``."""
    return catalog(lang)["cli.argparse.error"].format(prog=prog,
                                                      message=argparse_error(message, lang))


def file_error(error: OSError, lang: str) -> str:
    """A file that cannot be read or written (the system's own words inside)."""
    return catalog(lang)["cli.file_error"].format(error=error)
