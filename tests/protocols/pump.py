"""The one pump loop of the engine tests: bytes between a client and a server engine.

Each ``*_pair`` module adds its protocol's fake node (the server's decisions) and
what a TLS upgrade looks like from the client's events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

Decide = Callable[[Any], list[Any]]  # answer one server event; return what answering caused


class Peer(Protocol):
    """Either end: bytes in, events out, writes queued."""

    def receive_data(self, data: bytes) -> list[Any]: ...
    def data_to_send(self) -> list[bytes]: ...


def answer_all(events: Iterable[Any], decide: Decide, record: list[Any] | None = None) -> None:
    """Answer server events in order, and the events the answers cause, until none is left."""
    queue = list(events)
    while queue:
        event = queue.pop(0)
        if record is not None:
            record.append(event)
        queue += decide(event)


def feed(server: Peer, data: bytes, decide: Decide, record: list[Any] | None = None) -> list[bytes]:
    """Feed raw bytes to a server, answer its pending events, return what it wrote."""
    answer_all(server.receive_data(data), decide, record)
    return server.data_to_send()


class Pump:
    """Mixin for a pair: ``client``, ``server``, a transcript and both ends' events."""

    client: Any
    server: Any
    transcript: list[tuple[str, bytes]]
    client_events: list[Any]
    server_events: list[Any]

    def decide(self, event: Any) -> list[Any]:
        """The server node's answer to one event; events it causes in turn."""
        return []

    def on_client_event(self, event: Any) -> None:
        """React to a client event, e.g. run the TLS handshake on both ends."""

    def server_handle(self, events: Iterable[Any]) -> None:
        """Record server events and answer them."""
        answer_all(events, self.decide, self.server_events)

    def exchange(self) -> bool:
        """One round: the server's writes to the client, then the client's to the server."""
        moved = False
        for chunk in self.server.data_to_send():
            moved = True
            self.transcript.append(("S", chunk))
            for event in self.client.receive_data(chunk):
                self.client_events.append(event)
                self.on_client_event(event)
        for chunk in self.client.data_to_send():
            moved = True
            self.transcript.append(("C", chunk))
            self.server_handle(self.server.receive_data(chunk))
        return moved

    def pump(self, max_rounds: int = 100, *, until: Callable[[], bool] = lambda: True) -> None:
        """Exchange bytes until nothing moves (and ``until()`` holds)."""
        for _ in range(max_rounds):
            if not self.exchange() and until():
                return
        raise AssertionError("conversation did not settle")
