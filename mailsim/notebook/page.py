"""``ms.html(trace)``: the classroom page inside a notebook.

The page goes into an ``<iframe srcdoc=...>``: its styles and keys stay inside
the frame, and a notebook exported to HTML (``jupyter nbconvert --to html``)
keeps a working player, because the whole page is in the output cell.
"""

from __future__ import annotations

from html import escape

from mailsim.notebook.display import HTML
from mailsim.notebook.runs import scenario
from mailsim.scenario import Scenario
from mailsim.scenario.build import host_addresses, run_scenario
from mailsim.scenario.lesson import lesson_texts
from mailsim.trace import Trace


def html(source: Trace | str | Scenario, lang: str = "en", *, analogy: bool = False,
         height: int = 720) -> HTML:
    """The classroom page of a trace (or of a scenario's run), shown in the notebook.

    A scenario (a bundled name, a file or a loaded one) also gives the page its
    hosts' addresses and its own questions; a trace alone has neither.
    """
    from mailsim.study.sample import sample_scenario
    from mailsim.views.html import render_page

    if isinstance(source, Trace):
        page = render_page(source, lang=lang, analogy=analogy)
    else:
        loaded = sample_scenario(scenario(source))
        page = render_page(run_scenario(loaded), lang=lang, analogy=analogy,
                           addresses=host_addresses(loaded), lesson=lesson_texts(loaded))
    return HTML(f'<iframe class="mailsim-page" srcdoc="{escape(page, quote=True)}" '
                f'sandbox="allow-scripts" allow="fullscreen" '
                f'style="width:100%;height:{int(height)}px;border:1px solid #ccc"></iframe>')
