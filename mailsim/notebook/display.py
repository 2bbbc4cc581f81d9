"""What the notebook functions return: HTML and Markdown that Jupyter renders, and figures."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_TABLE_STYLE = ("<style>.mailsim-nb td,.mailsim-nb th{text-align:left;padding:1px 8px;"
                "font-size:12px;vertical-align:top}</style>")


@dataclass(frozen=True, slots=True)
class HTML:
    """HTML that a notebook renders (``.html`` holds the text)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


@dataclass(frozen=True, slots=True)
class Markdown:
    """Markdown that a notebook renders (``.markdown`` holds the text)."""

    markdown: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


def html(text: str) -> HTML:
    return HTML(text)


def markdown(text: str) -> Markdown:
    return Markdown(text)


def table(headers: list[str], rows: list[list[str]]) -> HTML:
    """An HTML table; cells are escaped here."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return html(f'{_TABLE_STYLE}<table class="mailsim-nb"><thead><tr>{head}</tr></thead>'
                 f"<tbody>{body}</tbody></table>")


def figure(ax: Any) -> Figure:
    """The Axes' figure, closed in pyplot so that a notebook shows it once (as the cell's value)."""
    import matplotlib.pyplot as plt

    figure = ax.get_figure(root=True)
    plt.close(figure)
    return figure  # type: ignore[no-any-return]
