"""The notebook step player: a Play button and a slider over the steps of a trace.

Moving to step ``k`` shows, side by side, the sequence diagram of the page that
holds ``k`` drawn up to ``k`` (the current arrow or note highlighted) and every
node's state after ``k`` (folded from the nearest snapshot by
:class:`mailsim.trace.replay.Checkpoints`, so a move costs the same at step 10
as at step 200,000), with the plain-words
caption of event ``k`` above them. The Play button drives the slider in the
browser (``jslink``), so playing needs no kernel round trip of its own.

Redraws stay cheap: only one page (at most ``per_page`` events) is drawn, at a
modest resolution, and each step's picture is kept once drawn.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from html import escape
from typing import Any

from mailsim.trace import MessageEvent, Trace
from mailsim.trace.replay import Checkpoints
from mailsim.views.captions import event_caption, ui
from mailsim.views.select import Selection
from mailsim.views.sequence import paginate, plot_sequence, sequence_artists
from mailsim.views.state_html import state_html
from mailsim.views.state_texts import state_text
from mailsim.views.timeline import lifeline_order
from mailsim.views.times import format_time

HIGHLIGHT = "#d81b60"
CACHE_SIZE = 96


class StepPlayer:
    """The widgets of the player; ``widget`` is what a notebook displays."""

    def __init__(self, trace: Trace, *, lang: str = "en", analogy: bool = False,
                 per_page: int = 40, dpi: int = 60, interval: int = 900, start: int = 0) -> None:
        import ipywidgets as widgets

        if not len(trace):
            raise ValueError(ui("ui.nb.empty_trace", lang))
        self.trace, self.lang, self.analogy, self.dpi = trace, lang, analogy, dpi
        self.pages = paginate(trace, per_page)
        self._page_of = {event.seq: n for n, page in enumerate(self.pages) for event in page}
        self._pictures: OrderedDict[int, bytes] = OrderedDict()
        self._states = Checkpoints(trace)
        last = len(trace) - 1
        self.play = widgets.Play(value=start, min=0, max=last, step=1, interval=interval,
                                 description=ui("ui.player.key.play", lang))
        self.slider = widgets.IntSlider(value=start, min=0, max=last, step=1,
                                        description=ui("ui.step", lang), continuous_update=False,
                                        layout=widgets.Layout(width="60%"))
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.caption = widgets.HTML()
        self.diagram = widgets.Image(format="png", layout=widgets.Layout(width="auto",
                                                                         max_width="100%"))
        self.state = widgets.HTML(layout=widgets.Layout(width="auto"))
        self.widget = widgets.VBox([
            widgets.HBox([self.play, self.slider]),
            self.caption,
            widgets.HBox([widgets.Box([self.diagram], layout=widgets.Layout(flex="3 1 0%")),
                          widgets.Box([self.state], layout=widgets.Layout(flex="2 1 0%"))]),
        ])
        self.slider.observe(self._on_step, names="value")
        self.show(start)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the player's widget."""
        return self.widget._repr_mimebundle_(**kwargs)

    @property
    def step(self) -> int:
        return int(self.slider.value)

    def _on_step(self, change: dict[str, Any]) -> None:
        self.show(int(change["new"]))

    def show(self, k: int) -> None:
        """Show step ``k``: its caption, the diagram up to it, the state after it."""
        k = max(0, min(k, len(self.trace) - 1))
        if self.slider.value != k:
            self.slider.value = k  # observers call back into show(k)
            return
        self.caption.value = self.caption_html(k)
        self.diagram.value = self.picture(k)
        state = self._states.after(k + 1)
        title = ui("ui.player.state_title", self.lang, step=k)
        self.state.value = state_html(self.trace, state, self.lang, title=title)

    def caption_html(self, k: int) -> str:
        """The headline of event ``k``: step, time, who, the line, and the plain words."""
        event = self.trace[k]
        if isinstance(event, MessageEvent):
            first = event.text.split("\n", 1)[0]
            what = (f"{escape(event.src)} → {escape(event.dst)} <b>{escape(event.protocol)}:"
                    f"{event.port}</b> <code>{'🔒 ' if event.encrypted else ''}{escape(first)}</code>")
        else:
            what = f"● {escape(event.node)}: {escape(state_text(event, self.lang))}"
        words = event_caption(event, self.lang)
        plain = f"<div style='color:#2e7d32'><i>» {escape(words)}</i></div>" if words else ""
        page = self._page_of.get(event.seq, 0)
        where = ui("ui.page", self.lang, page=page + 1, pages=len(self.pages))
        title = ui("ui.player.event_title", self.lang, step=k)
        return (f"<div style='font-size:13px'><b>{escape(title)}</b> · {format_time(event.time)} · "
                f"<span style='color:#888'>{escape(where)}</span><br>{what}{plain}</div>")

    def picture(self, k: int) -> bytes:
        """The PNG of the page holding step ``k``, drawn up to ``k``, kept once drawn."""
        cached = self._pictures.get(k)
        if cached is not None:
            self._pictures.move_to_end(k)
            return cached
        png = render_page(self.trace, self.pages[self._page_of.get(k, 0)], k, lang=self.lang,
                          analogy=self.analogy, dpi=self.dpi)
        self._pictures[k] = png
        if len(self._pictures) > CACHE_SIZE:
            self._pictures.popitem(last=False)
        return png


def render_page(trace: Trace, page: Trace, k: int, *, lang: str = "en", analogy: bool = False,
                dpi: int = 60) -> bytes:
    """A PNG of ``page`` up to event ``k``, with event ``k`` in the highlight colour."""
    import matplotlib.pyplot as plt

    from mailsim.views.fonts import use_fonts

    heading = ui("ui.sequence_title", lang, scenario=trace.header.scenario)
    ax = plot_sequence(page, selection=Selection.of(last=k), lifelines=lifeline_order(page),
                       lang=lang, analogy=analogy, context=trace, title=heading)
    artists = sequence_artists(ax)
    if k in artists.arrows:
        artists.arrows[k].set_color(HIGHLIGHT)
        artists.arrows[k].set_linewidth(2.6)
    for text in (artists.labels.get(k), artists.notes.get(k)):
        if text is not None:
            text.set_color(HIGHLIGHT)
            text.set_fontweight("bold")
    figure = ax.get_figure(root=True)
    assert figure is not None
    buffer = io.BytesIO()
    with plt.rc_context(use_fonts(lang)):
        figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


def step_player(trace: Trace, *, lang: str = "en", analogy: bool = False, per_page: int = 40,
                start: int = 0) -> StepPlayer:
    """A :class:`StepPlayer` over ``trace``; display its ``widget``."""
    return StepPlayer(trace, lang=lang, analogy=analogy, per_page=per_page, start=start)
