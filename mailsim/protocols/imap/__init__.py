"""Sans-IO IMAP4rev1 (RFC 3501): a server engine on a user's shared folders and a client engine.

Usage (server side)::

    server = IMAPServer(IMAPServerConfig(hostname="imap.example.org"),
                        clock=now, on_push=flush)      # on_push: IDLE has something to send
    server.start()
    for event in server.receive_data(data):
        if isinstance(event, LoginRequested):
            server.auth_result(check(event.user, event.password), account)
    for chunk in server.data_to_send():
        send(chunk)            # one command's responses per chunk

Several servers may share one :class:`~mailsim.protocols.mailstore.Account` (one
per device): a flag set in one session shows in the others, and a session in
IDLE (RFC 2177) is told at once.
"""

from mailsim.protocols.imap import codes
from mailsim.protocols.imap.client import IMAPClient
from mailsim.protocols.imap.events import (
    Appended,
    CloseConnection,
    Completed,
    Continuation,
    Copied,
    Event,
    Expunged,
    Fetched,
    FlagsChanged,
    FolderCreated,
    FolderDeleted,
    FolderRenamed,
    Greeting,
    LoginRefused,
    LoginRequested,
    Malformed,
    Moved,
    StartTLS,
    Untagged,
)
from mailsim.protocols.imap.responses import (
    parse_exists,
    parse_fetch,
    parse_numbered,
    parse_search,
    response_code,
)
from mailsim.protocols.imap.server import IMAPServer, IMAPServerConfig
from mailsim.protocols.imap.states import ClientState, ClientTrigger, ServerState, ServerTrigger

__all__ = [
    "Appended",
    "ClientState",
    "ClientTrigger",
    "CloseConnection",
    "Completed",
    "Continuation",
    "Copied",
    "Event",
    "Expunged",
    "Fetched",
    "FlagsChanged",
    "FolderCreated",
    "FolderDeleted",
    "FolderRenamed",
    "Greeting",
    "IMAPClient",
    "IMAPServer",
    "IMAPServerConfig",
    "LoginRefused",
    "LoginRequested",
    "Malformed",
    "Moved",
    "ServerState",
    "ServerTrigger",
    "StartTLS",
    "Untagged",
    "codes",
    "parse_exists",
    "parse_fetch",
    "parse_numbered",
    "parse_search",
    "response_code",
]
