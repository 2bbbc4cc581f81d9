"""The conservation check's verdict as ``run`` and ``serve`` print it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mailsim.commands import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from rich.console import Console

    from mailsim.trace import Trace
    from mailsim.trace.promises import Conservation


def print_verdict(trace: Trace | Conservation, console: Console, *, command: str,
                  lifetime: float | None = None, list_queued: bool = True, lang: str = "en") -> int:
    """Print the independent conservation check of ``trace``; EXIT_FAILURE when it fails.

    ``trace`` is a whole trace, or the check fed record by record as a run streamed
    its trace. ``lifetime`` is the longest queue lifetime of the run: mail still
    queued after it is a failure. ``list_queued`` names each message still queued
    (``serve`` lists its own, from the queues, at the stop).
    """
    from mailsim.locales import catalog
    from mailsim.trace.promises import Conservation, check

    verdict = (trace.verdict(lifetime=lifetime) if isinstance(trace, Conservation)
               else check(trace, lifetime=lifetime))
    text = catalog(lang)
    if list_queued:
        for promise in verdict.still_queued:
            console.print(text["summary.still_queued"].format(
                name=f"{promise.server} {promise.queue_id} <{promise.sender}> -> <{promise.recipient}>"),
                markup=False)
    if verdict.ok:
        console.print(text["summary.conservation_ok"].format(
            told=verdict.told, delivered=verdict.delivered, relayed=verdict.relayed,
            bounced=verdict.bounced, queued=len(verdict.still_queued)), markup=False)
        return EXIT_OK
    for problem in verdict.problems:
        print(f"mailsim {command}: {problem}", file=sys.stderr)
    print(text["summary.conservation_failed"].format(count=len(verdict.problems)), file=sys.stderr)
    return EXIT_FAILURE

