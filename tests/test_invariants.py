"""The conservation check: it holds for every bundled scenario, and it can fail."""

from __future__ import annotations

import pytest

from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import StateEvent, Trace, TraceHeader
from mailsim.trace.invariants import conservation
from mailsim.trace.states import StateDataError


@pytest.mark.parametrize("name", bundled_names())
def test_no_mail_is_lost_or_duplicated_in_any_bundled_scenario(name: str) -> None:
    assert conservation(run_scenario(load_scenario(name))) == []


def synthetic(*events: tuple[str, str, dict[str, object]]) -> Trace:
    header = TraceHeader("synthetic", 1, "")
    return Trace(header, [StateEvent(i, float(i), node, action, data)
                          for i, (node, action, data) in enumerate(events)])


QUEUED = ("mx", "queued", {"queue_id": "Q1", "message_id": "<m>", "sender": "a@x",
                           "recipients": ["b@y"], "size": 1, "subject": "s", "from_host": "a"})
STORED = ("mx", "stored", {"mailbox": "b@y", "queue_id": "Q1", "message_id": "<m>", "uid": 1,
                           "size": 1, "subject": "s", "sender": "a@x"})
REMOVED = ("mx", "removed", {"queue_id": "Q1", "message_id": "<m>"})


def test_a_delivered_message_is_fine() -> None:
    assert conservation(synthetic(QUEUED, STORED, REMOVED)) == []


def test_a_message_still_queued_is_fine() -> None:
    assert conservation(synthetic(QUEUED)) == []


def test_a_lost_message_is_found() -> None:
    (violation,) = conservation(synthetic(QUEUED, REMOVED))
    assert violation.problem.startswith("lost")


def test_a_duplicate_is_found() -> None:
    (violation,) = conservation(synthetic(QUEUED, STORED, STORED, REMOVED))
    assert "more than one end: stored, stored" in str(violation)


def test_delivered_and_bounced_is_found() -> None:
    bounced = ("mx", "bounced", {"queue_id": "Q1", "message_id": "<m>", "recipients": ["b@y"],
                                 "notice_id": "<n>", "reply": "550"})
    (violation,) = conservation(synthetic(QUEUED, STORED, bounced, REMOVED))
    assert "stored, bounced" in violation.problem


def test_a_state_record_that_does_not_fit_its_class_is_an_error() -> None:
    """A queued record without its sender cannot be checked: it fails loudly, naming the field."""
    node, action, data = QUEUED
    broken = (node, action, {k: v for k, v in data.items() if k != "sender"})
    with pytest.raises(StateDataError, match="sender"):
        conservation(synthetic(broken))
