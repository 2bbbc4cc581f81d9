"""The pieces a lesson is made of: Markdown in two languages, and code cells.

A code cell is the same in both languages: the lesson's first code cell sets
``LANG`` and every figure, table and caption takes ``lang=LANG``. Only comments
may differ, through ``ja``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

LANGS = ("en", "ja")


@dataclass(frozen=True, slots=True)
class Text:
    """A Markdown cell: its English and its Japanese text."""

    en: str
    ja: str

    def source(self, lang: str) -> str:
        text = textwrap.dedent(self.en if lang == "en" else self.ja).strip()
        return text if lang == "en" else unwrap(text)


@dataclass(frozen=True, slots=True)
class Code:
    """A code cell; ``ja`` replaces it in the Japanese lesson when set (comments only)."""

    en: str
    ja: str | None = None

    def source(self, lang: str) -> str:
        chosen = self.ja if lang == "ja" and self.ja is not None else self.en
        return textwrap.dedent(chosen).strip()


Cell = Text | Code

_BLOCK_START = re.compile(r"^(#|- |\d+\. |```|\|)")


def unwrap(text: str) -> str:
    """Join the wrapped lines of each paragraph or list item without a space.

    Markdown turns a line break inside a paragraph into a space, which shows as
    a gap in the middle of Japanese text; the source is wrapped for reading.
    """
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        joins = (out and out[-1].strip() and stripped and not _BLOCK_START.match(stripped)
                 and not out[-1].lstrip().startswith("#"))
        if joins:
            out[-1] += stripped
        else:
            out.append(line)
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure the lesson's text states: ``en`` in the English Markdown, ``ja`` in the Japanese;
    what the notebook prints must show ``printed`` (by default the stated text itself).
    tests/test_notebooks.py checks both languages."""

    en: str
    ja: str
    printed: str | None = None

    def said(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja

    def shown(self, lang: str) -> str:
        return self.printed if self.printed is not None else self.said(lang)


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson: ``01-sending-a-mail`` gives ``01-sending-a-mail.ipynb`` and ``.ja.ipynb``."""

    name: str
    cells: tuple[Cell, ...]
    claims: tuple[Claim, ...] = ()

    def filename(self, lang: str) -> str:
        return f"{self.name}.ipynb" if lang == "en" else f"{self.name}.{lang}.ipynb"


def setup() -> Code:
    """The first code cell of every lesson: the one import, and the language."""
    return Code(
        'import mailsim.notebook as ms\n\nLANG = "en"  # "ja": figures and captions in Japanese\n'
        'ms.language(LANG)  # and the tables of traces',
        'import mailsim.notebook as ms\n\nLANG = "ja"  # "en" にすると図と説明が英語になります\n'
        'ms.language(LANG)  # トレースの表もこの言語で表示します',
    )


def player_intro() -> Text:
    return Text(
        """
        ## Step through it yourself

        Press ▶ or drag the slider. On the left: the sequence diagram up to step *k* (the
        current arrow in pink). On the right: what every mail client, mail server and relay
        holds after step *k* — mailboxes, queues, DNS caches, the copies on each device.
        Above: what step *k* means in plain words.
        """,
        """
        ## 自分で1ステップずつ進めてみよう

        ▶ を押すか、スライダーを動かしてください。左はステップ *k* までのシーケンス図
        (今のステップの矢印はピンク色)、右はステップ *k* の後に、メールソフト・メールサーバー・
        中継サーバーがそれぞれ何を持っているか(メールボックス、キュー、DNSキャッシュ、
        端末にあるコピー)です。上には、そのステップの意味がやさしい言葉で表示されます。
        """,
    )
