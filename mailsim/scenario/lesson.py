"""What a scenario teaches, in every language: title, description, goals, questions."""

from __future__ import annotations

from typing import Any

from mailsim.locales import LANGUAGES
from mailsim.scenario.model import Scenario, localized
from mailsim.scenario.model_base import LocalText


def lesson_texts(scenario: Scenario) -> dict[str, Any]:
    """The scenario's title, description, goals and questions as ``{lang: text}`` mappings."""

    def both(text: LocalText) -> dict[str, str]:
        return {lang: localized(text, lang) for lang in LANGUAGES}

    return {"title": both(scenario.title), "description": both(scenario.description),
            "goals": [both(g) for g in scenario.goals],
            "questions": [both(q) for q in scenario.questions]}
