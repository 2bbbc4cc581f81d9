"""The one source of the notebook lessons: each lesson in English and Japanese, cell by cell."""

from __future__ import annotations

from source.cells import LANGS, Cell, Code, Lesson, Text
from source.lesson01 import LESSON as LESSON01
from source.lesson02 import LESSON as LESSON02
from source.lesson03 import LESSON as LESSON03
from source.lesson04 import LESSON as LESSON04
from source.lesson05 import LESSON as LESSON05

LESSONS: tuple[Lesson, ...] = (LESSON01, LESSON02, LESSON03, LESSON04, LESSON05)

__all__ = ["LANGS", "LESSONS", "Cell", "Code", "Lesson", "Text"]
