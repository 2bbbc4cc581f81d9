"""Sans-IO POP3 (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH RFC 5034): server and client.

Usage (server side)::

    server = POP3Server(POP3ServerConfig("mx.example.jp", "<1896.697170952@mx.example.jp>"))
    server.start()
    for event in server.receive_data(data):
        if isinstance(event, LoginRequested):      # answer every pending login
            server.auth_result(check(event), mailbox)
    for chunk in server.data_to_send():
        send(chunk)                                # one response per chunk

Deletions take effect only when the client QUITs from TRANSACTION (RFC 1939 §6).
"""

from mailsim.protocols.pop3 import codes
from mailsim.protocols.pop3.client import POP3Client
from mailsim.protocols.pop3.codes import Reply
from mailsim.protocols.pop3.commands import (
    apop_digest,
    parse_list_lines,
    parse_stat,
    parse_uidl_lines,
)
from mailsim.protocols.pop3.events import (
    CloseConnection,
    Event,
    Greeting,
    LoginRefused,
    LoginRequested,
    MessageRetrieved,
    MessagesDeleted,
    Response,
    StartTLS,
)
from mailsim.protocols.pop3.server import POP3Server, POP3ServerConfig
from mailsim.protocols.pop3.states import ClientState, ClientTrigger, ServerState, ServerTrigger

__all__ = [
    "ClientState",
    "ClientTrigger",
    "CloseConnection",
    "Event",
    "Greeting",
    "LoginRefused",
    "LoginRequested",
    "MessageRetrieved",
    "MessagesDeleted",
    "POP3Client",
    "POP3Server",
    "POP3ServerConfig",
    "Reply",
    "Response",
    "ServerState",
    "ServerTrigger",
    "StartTLS",
    "apop_digest",
    "codes",
    "parse_list_lines",
    "parse_stat",
    "parse_uidl_lines",
]
