"""``mailsim html``: the classroom page, one self-contained HTML file made from a trace.

:mod:`payload` turns the trace into the page's data (the records as the JSONL
file has them, the hosts in route order, the protocols' colours, the texts in
English and Japanese, and every section of :mod:`sections`); :mod:`page` puts
that data, the style sheets and the scripts of ``assets/`` into one file that
fetches nothing when it opens.
"""

from mailsim.views.html.page import render_page

__all__ = ["render_page"]
