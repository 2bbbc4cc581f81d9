"""The scenario keys of the way mail was sent before SMTP AUTH: POP before SMTP.

Before SMTP AUTH (RFC 4954) was common, a provider's server could not ask its users
for a password when they sent mail on port 25. Many let an address relay for a while
after a user of that address had logged in with POP3 ("POP before SMTP"): the server
trusted the IP address, not the person.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from mailsim.scenario.model_base import Port, Strict
from mailsim.scenario.units import Duration
from mailsim.scenario.validators import HostName

MIN_WINDOW = 1.0  # seconds


class PopBeforeSMTPConfig(Strict):
    """A mail server that relays port 25 mail from an address its POP3 users logged in from."""

    window: Duration = Field(
        default=600, description="how long after a POP3 login the address may relay (10m)")

    @field_validator("window")
    @classmethod
    def _a_real_window(cls, window: float) -> float:
        if window < MIN_WINDOW:
            raise ValueError("expected a window of at least 1s, such as 10m")
        return window


class OutgoingConfig(Strict):
    """How a device's mail client sends: where, on which port, and whether it logs in."""

    server: HostName | None = Field(
        default=None, description="the server it sends through (default: its mail_server)")
    port: Port | None = Field(
        default=None, description="25, or the server's submission port (the default)")
    auth: bool = Field(
        default=True, description="log in with SMTP AUTH (RFC 4954); false: send without a "
                                  "password, as before AUTH existed (POP before SMTP)")
