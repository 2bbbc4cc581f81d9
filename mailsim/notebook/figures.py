"""Figures and widgets for the notebooks: the sequence diagram, the network, state, the player."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from mailsim.notebook.display import HTML, figure, html
from mailsim.notebook.runs import run
from mailsim.scenario import Scenario
from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.trace.replay import replay
from mailsim.views.captions import event_caption, ui
from mailsim.views.select import Selection
from mailsim.views.state_texts import state_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from mailsim.views.timeline import AxisKind
    from mailsim.views.widgets import StepPlayer


def sequence(trace: Trace, lang: str = "en", *, analogy: bool = False,
             protocols: Collection[str] = (), nodes: Collection[str] = (),
             first: int | None = None, last: int | None = None, start: float | None = None,
             end: float | None = None, tcp: bool = True, axis: AxisKind = "proportional",
             show_encrypted: bool = False, title: str | None = None) -> Figure:
    """The sequence diagram of ``trace``, narrowed by the filters, as a matplotlib Figure.

    ``analogy=True`` adds the postal analogy under each host and a column of plain words.
    ``show_encrypted=True`` prints the lines sent after STARTTLS instead of "encrypted SMTP".
    """
    from mailsim.views.sequence import plot_sequence

    selection = Selection.of(protocols=protocols, nodes=nodes, first=first, last=last,
                             start=start, end=end, tcp=tcp)
    return figure(plot_sequence(trace, selection=selection, axis=axis, lang=lang, analogy=analogy,
                                 show_encrypted=show_encrypted, title=title))


def topology(name: str | Scenario, lang: str = "en") -> Figure:
    """The network of a scenario: hosts with their roles and ports, links with latency."""
    from mailsim.views.topology import plot_topology

    return figure(plot_topology(run(name), lang=lang))


def state_at(trace: Trace, k: int, lang: str = "en") -> HTML:
    """Every mailbox, queue, device store and DNS cache just after step ``k``."""
    from mailsim.views.state_html import state_html

    if not 0 <= k < len(trace):
        raise IndexError(ui("ui.nb.no_step", lang, step=k, last=len(trace) - 1))
    event = trace[k]
    who = f"{event.src} → {event.dst}" if isinstance(event, MessageEvent) else event.node
    title = f"{ui('ui.player.state_title', lang, step=k)} ({who})"
    return html(state_html(trace, replay(trace, upto=k + 1), lang, title=title))


def caption(trace: Trace, k: int, lang: str = "en") -> str:
    """What step ``k`` means, in plain words."""
    event = trace[k]
    words = event_caption(event, lang) or ""
    line = state_text(event, lang) if isinstance(event, StateEvent) else event.text.split("\n", 1)[0]
    return f"#{k} {line} — {words}" if words else f"#{k} {line}"


def language(lang: str) -> None:
    """Show traces (``trace[:45]``, what ``ms.select`` returns) as tables in ``lang``, "en" or "ja"."""
    from mailsim.views.notebook import use_language

    use_language(lang)


def player(trace: Trace, lang: str = "en", *, analogy: bool = False, start: int = 0) -> StepPlayer:
    """The step player: Play and a slider; the diagram up to step k beside the state at step k."""
    from mailsim.views.widgets import step_player

    return step_player(trace, lang=lang, analogy=analogy, start=start)
