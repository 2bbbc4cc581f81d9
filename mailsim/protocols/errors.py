"""The one error an engine raises for an illegal move by its caller."""


class LocalProtocolError(Exception):
    """The caller drove an engine in a way its state does not allow.

    Remote misbehaviour never raises: it becomes a protocol reply. This error is
    for bugs in the code that drives the engine, and names the state it was in.
    """

    def __init__(self, message: str, state: object) -> None:
        super().__init__(f"{message} (state: {state})")
        self.state = state
