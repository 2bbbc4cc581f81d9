"""The ``mailsim`` command: argument parsing and error handling.

The subcommands live in :mod:`mailsim.commands`; heavy modules are imported
inside each handler so that ``mailsim --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from mailsim.commands import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse's errors in the language of the command line's ``--lang``."""

    lang = "en"

    def error(self, message: str) -> NoReturn:
        from mailsim.commands.messages import error_line, usage_line

        sys.stderr.write(usage_line(self.format_usage(), _Parser.lang))
        self.exit(2, error_line(self.prog, message, _Parser.lang) + "\n")


def build_parser() -> argparse.ArgumentParser:
    from mailsim import __version__
    from mailsim.commands import compare, diagram, html, player, quiz, run, serve, sweep, tap

    parser = _Parser(
        prog="mailsim",
        description="Watch an e-mail travel: SMTP, AUTH, DNS MX, POP3 and IMAP in simulated time.",
    )
    parser.add_argument("--version", action="version", version=f"mailsim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (run, compare, diagram, html, quiz, tap, player, serve, sweep):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from mailsim.commands.messages import chosen_language

    parser = build_parser()
    _Parser.lang = chosen_language(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_OK
    from mailsim.scenario.error_texts import localized_error
    from mailsim.scenario.errors import ScenarioError
    from mailsim.scenario.parallel import TaskFailed

    try:
        return handler(args)
    except ScenarioError as exc:  # in the command's --lang: every command's bad input alike
        print(localized_error(exc, getattr(args, "lang", "en")).message, file=sys.stderr)
        return EXIT_BAD_INPUT
    except TaskFailed as exc:  # a run in a worker process failed: say which, not a traceback
        print(exc, file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        from mailsim.commands.messages import file_error

        print(file_error(exc, getattr(args, "lang", "en")), file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
