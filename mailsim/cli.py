"""The ``mailsim`` command: argument parsing and error handling.

The subcommands live in :mod:`mailsim.commands`; heavy modules are imported
inside each handler so that ``mailsim --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from mailsim.commands import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from mailsim import __version__
    from mailsim.commands import compare, diagram, player, run, serve, sweep

    parser = argparse.ArgumentParser(
        prog="mailsim",
        description="Watch an e-mail travel: SMTP, AUTH, DNS MX, POP3 and IMAP in simulated time.",
    )
    parser.add_argument("--version", action="version", version=f"mailsim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (run, compare, diagram, player, serve, sweep):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
        print(f"mailsim: {exc}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
