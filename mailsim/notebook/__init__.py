"""One import for the notebook lessons: ``import mailsim.notebook as ms``.

Importing it lets every trace show itself as a table in Jupyter. Then::

    ms.language("ja")                            # traces shown as tables in Japanese
    trace = ms.run("article-route")              # a Trace (shown as a table)
    ms.sequence(trace, lang="ja", protocols=["SMTP"])   # a matplotlib Figure
    ms.topology("article-route", lang="ja")      # the network
    ms.state_at(trace, 82, lang="ja")            # every mailbox, queue, cache after step 82
    ms.player(trace, lang="ja")                  # Play button + slider: diagram beside state
    ms.html(trace, lang="ja")                    # the classroom page, inline (and in an export)
    ms.tap(trace, "mx,bob")                      # what a wiretap on that link reads
    ms.compare("pop3-vs-imap", lang="ja")        # POP3 versus IMAP: table, .figure()

Everything is read from the trace of a run; nothing here changes the simulation.
The functions live in :mod:`~mailsim.notebook.runs` (scenarios and runs),
:mod:`~mailsim.notebook.looking` (into a trace), :mod:`~mailsim.notebook.figures`
(figures and widgets), :mod:`~mailsim.notebook.page` (the classroom page),
:mod:`~mailsim.notebook.tap` (a wiretap) and :mod:`~mailsim.notebook.comparison`.
"""

from __future__ import annotations

from mailsim.notebook.comparison import Comparison, compare
from mailsim.notebook.display import HTML, Markdown
from mailsim.notebook.figures import caption, language, player, sequence, state_at, topology
from mailsim.notebook.looking import (
    changes,
    connections,
    conservation,
    message,
    raw_message,
    select,
    step_of,
)
from mailsim.notebook.page import html
from mailsim.notebook.runs import about, questions, run, scenario, zone
from mailsim.notebook.tap import tap
from mailsim.notebook.variants import vary
from mailsim.views import notebook as _display

__all__ = [
    "HTML", "Comparison", "Markdown", "about", "caption", "changes", "compare",
    "connections", "conservation", "html", "language", "message", "player", "questions", "raw_message", "run",
    "scenario", "select", "sequence", "state_at", "step_of", "tap", "topology", "vary", "zone",
]

_display.register()
