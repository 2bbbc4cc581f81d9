"""POP3 versus IMAP in a notebook: one workload read four ways, shown as a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mailsim.notebook.runs import scenario
from mailsim.scenario import Scenario
from mailsim.scenario.compare import STRATEGIES, run_strategies, strategy_labels
from mailsim.trace import Trace

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class Comparison:
    """One workload read four ways (POP3 delete/keep, IMAP, IMAP with cache); shows as a table."""

    scenario: str
    lang: str
    traces: dict[str, Trace] = field(default_factory=dict)  # by strategy key

    def _repr_html_(self) -> str:
        from mailsim.views.comparison import comparison_html

        return comparison_html(self.traces, self.lang, strategy_labels())

    def figure(self) -> Figure:
        """Storage over simulated time: the server's mailboxes and each device, per strategy."""
        import matplotlib.pyplot as plt

        from mailsim.views.storage import storage_figure

        fig = storage_figure(self.traces, self.lang, strategy_labels())
        plt.close(fig)
        return fig

    def trace(self, key: str) -> Trace:
        """The trace of one strategy: ``pop3-delete``, ``pop3-keep``, ``imap``, ``imap-cache``."""
        if key in self.traces:
            return self.traces[key]
        from mailsim.views.notebook import said

        raise KeyError(said("ui.nb.no_strategy", name=repr(key),
                            choices=", ".join(s.key for s in STRATEGIES)))


def compare(name: str | Scenario = "pop3-vs-imap", lang: str = "en", seed: int | None = None) -> Comparison:
    """Run one workload with each way of reading mail; display it, or call ``.figure()``."""
    s = scenario(name)
    return Comparison(s.name, lang, run_strategies(s, seed=seed))
