"""Node sessions pass each failed login on (issue 11): the hook ``mailsim serve`` uses to delay."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols.smtp import Reply, ServerConfig, codes


class Policy:
    """Every password is wrong."""

    def check_sender(self, session: Any, sender: str) -> Reply:
        return codes.OK_MAIL

    def check_recipient(self, session: Any, recipient: str) -> Reply:
        return codes.OK_RCPT

    def receive_message(self, session: Any, envelope: Any, content: bytes) -> Reply:
        return codes.queued("Q1")

    def check_credentials(self, session: Any, username: str, password: str,
                          done: Callable[[bool | None], None]) -> None:
        done(False)

    def check_connect(self, session: Any) -> Reply | None:
        return None


def test_each_failed_smtp_login_reaches_the_hook_before_its_reply_is_sent() -> None:
    session = SMTPServerSession(Policy(), ServerConfig("mx", auth_mechanisms=("PLAIN",)))
    session.engine.start()
    session.engine.data_to_send()
    heard: list[tuple[int, list[bytes]]] = []
    # The reply (535) is still the engine's when the hook hears of the failure.
    session.on_login_refused = lambda n: heard.append((n, session.engine.data_to_send()))
    token = base64.b64encode(b"\0alice\0wrong")
    session.on_data(None, b"EHLO c\r\n")  # type: ignore[arg-type]
    for _ in range(2):
        session.on_data(None, b"AUTH PLAIN " + token + b"\r\n")  # type: ignore[arg-type]
    assert [n for n, _ in heard] == [1, 2] and session.failed_logins == 2
    assert all(any(r.startswith(b"535") for r in replies) for _, replies in heard)
