"""The challenge mode's questions, in both languages: the same ones ``mailsim quiz`` prints."""

from __future__ import annotations

from typing import Any

from mailsim.trace import Trace
from mailsim.views.quiz import questions

NAME = "questions"


def build(trace: Trace) -> list[dict[str, Any]]:
    """``[{step, kind, phase, prompt, options, answer, reason}]`` in step order (texts by language)."""
    return [question.to_dict() for question in questions(trace)]
