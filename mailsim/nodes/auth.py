"""The authentication server, and the mail server's side of asking it.

The article's login step: the mail server asks the authentication server
whether the ID and password are right. Here that is an LDAP simple bind
(RFC 4511 §4.2) on its own port, followed by an unbind.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from mailsim.nodes.base import Node
from mailsim.protocols.ldap import BindRequest, BindResponse, Directory, UnbindRequest, user_dn
from mailsim.sim.connection import Endpoint
from mailsim.sim.network import Network
from mailsim.trace.states import CredentialsChecked


class AuthServer(Node):
    role = "auth"

    def __init__(self, name: str, network: Network, rng: random.Random, *, port: int,
                 users: Mapping[str, str]) -> None:
        super().__init__(name, network, rng)
        self.port = port
        self.directory = Directory(users)
        network.listen(name, port, "LDAP", lambda: _DirectorySession(self))


class _DirectorySession:
    def __init__(self, server: AuthServer) -> None:
        self.server = server

    def on_open(self, endpoint: Endpoint) -> None:
        pass

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        if isinstance(data, BindRequest):
            response = self.server.directory.handle(data)
            self.server.record(CredentialsChecked(dn=data.dn, result=response.result))
            endpoint.send_unit(response, response.to_text(), response.wire_size())

    def on_close(self, endpoint: Endpoint) -> None:
        pass


class AuthClient:
    """Ask ``server`` whether ``address`` / ``password`` are right; call ``done``
    with True or False, or None when the server could not be asked."""

    def __init__(self, node: Node, server: str, port: int, address: str, password: str,
                 done: Callable[[bool | None], None]) -> None:
        self.node = node
        self.request = BindRequest(1, user_dn(address), password)
        self.done = done
        self.finished = False
        node.network.connect(node.name, server, port, self)

    def on_open(self, endpoint: Endpoint) -> None:
        endpoint.send_unit(self.request, self.request.to_text(), self.request.wire_size())

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        if isinstance(data, BindResponse) and not self.finished:
            unbind = UnbindRequest(self.request.message_id + 1)
            endpoint.send_unit(unbind, unbind.to_text(), unbind.wire_size())
            endpoint.close()
            self._finish(data.code == 0)

    def on_close(self, endpoint: Endpoint) -> None:
        self._finish(None)

    def on_refused(self, reason: str) -> None:
        self._finish(None)

    def _finish(self, ok: bool | None) -> None:
        if not self.finished:
            self.finished = True
            self.done(ok)
