"""Sans-IO SMTP: a server engine and a client engine, plus their replies and events.

Usage (server side)::

    server = SMTPServer(ServerConfig(hostname="mx.example"))
    server.start()
    for event in server.receive_data(data):
        if isinstance(event, RcptTo):
            server.respond(codes.OK_RCPT)   # answer every pending event
    for chunk in server.data_to_send():
        send(chunk)                         # one reply per chunk
"""

from mailsim.protocols.smtp import codes
from mailsim.protocols.smtp.client import SMTPClient
from mailsim.protocols.smtp.codes import Reply, ReplyParser, reply
from mailsim.protocols.smtp.config import ClientConfig, ServerConfig
from mailsim.protocols.smtp.events import (
    AuthRequested,
    ClientStartTLS,
    CloseConnection,
    Envelope,
    Event,
    LoginRefused,
    MailFrom,
    MessageReceived,
    RcptTo,
    SessionEnded,
    SessionFailed,
    StartTLS,
    Transaction,
    TransactionResult,
)
from mailsim.protocols.smtp.server import SMTPServer
from mailsim.protocols.smtp.states import ClientState, ClientTrigger, ServerState, ServerTrigger

__all__ = [
    "AuthRequested",
    "ClientConfig",
    "ClientStartTLS",
    "ClientState",
    "ClientTrigger",
    "CloseConnection",
    "Envelope",
    "Event",
    "LoginRefused",
    "MailFrom",
    "MessageReceived",
    "RcptTo",
    "Reply",
    "ReplyParser",
    "SMTPClient",
    "SMTPServer",
    "ServerConfig",
    "ServerState",
    "ServerTrigger",
    "SessionEnded",
    "SessionFailed",
    "StartTLS",
    "Transaction",
    "TransactionResult",
    "codes",
    "reply",
]
