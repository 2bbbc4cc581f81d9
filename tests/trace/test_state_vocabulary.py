"""Every state action is defined once and known everywhere: class, fold, text, both captions."""

from __future__ import annotations

import re
import unicodedata

import pytest

import mailsim.trace.states as states_package
from mailsim.locales import LANGUAGES, catalog
from mailsim.trace.folds import FOLDS, UNTRACKED
from mailsim.trace.states import STATES, StateChange
from mailsim.views.state_texts import STATE_TEXTS

ACTIONS = sorted(STATES)


def test_the_vocabulary_is_the_one_the_nodes_speak() -> None:
    # 41, the 6 folder actions (A1), sent_kept, idling, idle_ended (A2), and issue 16's
    # spf_checked, dkim_signed, dkim_checked, dmarc_checked, message_modified
    # and the routers' port_blocked (OP25B), POP before SMTP's relay_window_opened and _used
    assert len(ACTIONS) == 58
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", a) for a in ACTIONS)
    assert {"queued", "stored", "relayed", "bounced", "synced", "dns_cache_store"} <= set(STATES)


def test_every_concrete_class_is_registered_under_its_own_name_and_no_base_is() -> None:
    classes = {value for value in vars(states_package).values()
               if isinstance(value, type) and issubclass(value, StateChange) and value is not StateChange}
    registered = set(STATES.values())
    assert registered <= classes
    for cls in classes - registered:  # the shared bases (AttemptOutcome, Notice...)
        assert not hasattr(cls, "action"), cls
        assert any(issubclass(r, cls) for r in registered), f"{cls.__name__} is the base of nothing"
    assert all(STATES[a].action == a for a in ACTIONS)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_is_folded_or_declared_untracked(action: str) -> None:
    cls = STATES[action]
    assert (cls in FOLDS) != (cls in UNTRACKED), f"{action}: needs a fold or an UNTRACKED entry, not both"


def test_folds_and_texts_name_only_registered_classes() -> None:
    registered = set(STATES.values())
    assert set(FOLDS) | UNTRACKED <= registered
    assert set(STATE_TEXTS) <= registered


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_a_state_text(action: str) -> None:
    assert STATES[action] in STATE_TEXTS, f"add a text for {action} in mailsim/views/state_texts.py"


def _has_japanese(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA")) for ch in text)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_a_caption_in_english_and_japanese(action: str) -> None:
    key = f"state.{action}"
    for lang in LANGUAGES:
        assert catalog(lang).get(key, "").strip(), f"{key} is missing in mailsim/locales/{lang}.py"
    assert _has_japanese(catalog("ja")[key]), f"{key} in ja.py is not Japanese"
    assert not _has_japanese(catalog("en")[key])


def test_no_caption_is_left_for_an_action_that_does_not_exist() -> None:
    for lang in LANGUAGES:
        stale = {k for k in catalog(lang) if k.startswith("state.")} - {f"state.{a}" for a in ACTIONS}
        assert stale == set(), lang


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_a_diagram_note_in_both_languages(action: str) -> None:
    """The sequence diagrams' short notes (``note.<action>``) come from the same catalogues."""
    for lang in LANGUAGES:
        assert catalog(lang).get(f"note.{action}", "").strip(), f"note.{action} missing in {lang}.py"
