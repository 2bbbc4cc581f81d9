"""``python -m mailsim.live serve ...``: the serve command on its own."""

from __future__ import annotations

import argparse
import sys

from mailsim.live.command import register


def main(argv: list[str] | None = None) -> int:
    from mailsim.scenario.errors import ScenarioError

    parser = argparse.ArgumentParser(prog="python -m mailsim.live")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ScenarioError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"mailsim: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
