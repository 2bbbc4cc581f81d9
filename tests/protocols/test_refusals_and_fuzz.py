"""The SMTP server's refusal at connect and temporary AUTH failure; fuzzing the DNS
zone and the directory, the two server engines that take records instead of lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.dns import NXDOMAIN, Query, Record, Zone
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.ldap import BindRequest, Directory
from mailsim.protocols.smtp import CloseConnection, ServerConfig, SMTPServer
from mailsim.protocols.smtp.codes import reply
from mailsim.protocols.smtp.events import AuthRequested


def test_refuse_answers_421_instead_of_the_greeting_and_closes() -> None:
    server = SMTPServer(ServerConfig("mx.example.jp"))
    busy = reply(421, "4.3.2 Too busy, try later")
    assert server.refuse(busy) == [CloseConnection(busy)]
    assert server.data_to_send() == [b"421 4.3.2 Too busy, try later\r\n"]
    assert server.closed and server.receive_data(b"EHLO x\r\n") == []


def test_refuse_only_takes_a_421_before_the_greeting() -> None:
    server = SMTPServer(ServerConfig("mx.example.jp"))
    with pytest.raises(LocalProtocolError):
        server.refuse(reply(554, "5.7.1 No"))
    server.start()
    with pytest.raises(LocalProtocolError):
        server.refuse(reply(421, "4.3.2 Busy"))


def test_auth_that_cannot_be_checked_is_a_454_and_the_session_goes_on() -> None:
    server = SMTPServer(ServerConfig("mail.example.com", submission=True,
                                     auth_mechanisms=("PLAIN",)))
    server.start()
    server.receive_data(b"EHLO pc\r\n")
    (event,) = server.receive_data(b"AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n")
    assert isinstance(event, AuthRequested)
    assert server.auth_result(False, temporary=True) == []
    assert server.data_to_send()[-1] == b"454 4.7.0 Temporary authentication failure\r\n"
    server.receive_data(b"NOOP\r\n")
    assert server.data_to_send() == [b"250 2.0.0 Ok\r\n"]


ZONE = Zone([Record("example.jp.", "MX", 3600, "mx.example.jp.", 10),
             Record("mx.example.jp.", "A", 3600, "203.0.113.25")])
names = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=300)
@given(names, st.sampled_from(["MX", "A", "AAAA", "TXT", "CNAME", "NS", "BOGUS", ""]))
def test_any_query_gets_an_answer_never_an_exception(name: str, qtype: str) -> None:
    response = ZONE.answer(Query(1, name, qtype))
    assert response.id == 1 and response.rcode in ("NOERROR", NXDOMAIN)
    assert response.to_text() and response.wire_size() > 12


@settings(max_examples=300)
@given(names, st.text(max_size=40))
def test_any_bind_gets_a_result_never_an_exception(dn: str, password: str) -> None:
    directory = Directory({"alice@example.com": "secret"})
    result = directory.handle(BindRequest(1, dn, password))
    assert result.code in (0, 49, 53)
    assert (result.code == 0) == (dn == "uid=alice,ou=people,dc=example,dc=com"
                                  and password == "secret")
