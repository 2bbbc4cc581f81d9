"""mailsim.protocols.makers: a maker's object is the dataclass's, frozen; other classes are refused."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailsim.protocols.makers import maker
from mailsim.protocols.smtp.commands import Command, parse_command
from mailsim.protocols.smtp.events import CloseConnection, Envelope, MailFrom, make_envelope
from mailsim.protocols.smtp.states import MailTransaction, Session

words = st.text(max_size=12)
params = st.lists(st.tuples(words, words), max_size=3).map(tuple)


@given(words, words, st.tuples(words), st.none() | words, st.booleans(), st.booleans(), params)
def test_an_envelope_made_is_the_dataclass_one(helo: str, sender: str, recipients: tuple[str],
                                               auth_user: str | None, tls: bool, esmtp: bool,
                                               mail_params: tuple[tuple[str, str], ...]) -> None:
    values = (helo, sender, recipients, auth_user, tls, esmtp, mail_params)
    made, plain = make_envelope(*values), Envelope(*values)
    assert made == plain and hash(made) == hash(plain) and type(made) is Envelope
    assert dataclasses.astuple(made) == dataclasses.astuple(plain) and repr(made) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.sender = "mallory@example.net"  # type: ignore[misc]


def test_an_event_made_keeps_its_base_class() -> None:
    made = maker(MailFrom)("alice@example.com", (("SIZE", "10"),))
    assert made == MailFrom("alice@example.com", (("SIZE", "10"),)) and made.param("SIZE") == "10"


def test_the_parser_makes_commands_through_its_maker() -> None:
    assert parse_command("mail FROM:<a@b> ") == Command("MAIL", "FROM:<a@b>")


def test_a_transaction_freezes_into_an_envelope() -> None:
    txn = MailTransaction(sender="a@b", recipients=["c@d"])
    envelope = txn.envelope(Session(helo="client", esmtp=True, tls=True))
    assert envelope == Envelope("client", "a@b", ("c@d",), None, True, True, ())


@pytest.mark.parametrize("cls", [CloseConnection, MailTransaction, int])
def test_what_a_draft_cannot_stand_for_is_refused(cls: type) -> None:
    # CloseConnection's base is frozen itself; MailTransaction is not frozen; int no dataclass.
    with pytest.raises(TypeError):
        maker(cls)
