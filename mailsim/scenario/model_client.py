"""The scenario keys of a device: the mail client (MUA) of one user, how it reads and sends.

The folder names it keeps sent mail and trash in are checked here too; a mail server's
``folders`` use the same check (:mod:`mailsim.scenario.model` imports it from here).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from mailsim.scenario.model_base import HostBase, Strict
from mailsim.scenario.model_legacy import OutgoingConfig
from mailsim.scenario.units import Duration
from mailsim.scenario.validators import Address, HostName


def check_folder_name(value: str) -> str:
    """An IMAP folder name: one line, any script (sent as modified UTF-7, RFC 3501 §5.1.3),
    levels joined by "/"; "*" and "%" are LIST wildcards (§6.3.8)."""
    bad = any(ch in "*%\"\\" or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value)
    if bad or not value or len(value) > 200 or "" in value.split("/"):
        raise ValueError("expected a folder name such as Sent, Trash or Archive/2026 "
                         "(one line, no *, %, \" or \\, levels joined by /)")
    return value


FolderName = Annotated[str, AfterValidator(check_folder_name)]


class IncomingConfig(Strict):
    """How a device's mail client reads mail (RFC 1939 POP3 or RFC 3501 IMAP)."""

    protocol: Literal["pop3", "imap"] = "imap"
    leave_on_server: bool = Field(
        default=False, description="POP3: keep the server copy after downloading"
    )
    delete_after: Duration | None = Field(
        default=None, description="POP3 with leave_on_server: delete server copies this old"
    )
    cache: bool = Field(default=False, description="IMAP: keep a local copy for offline reading")
    tls: Literal["none", "starttls", "implicit"] = "none"
    idle: bool = Field(
        default=False, description="IMAP: stay connected in IDLE and let the server push (RFC 2177)"
    )

    @model_validator(mode="after")
    def _idle_is_imap(self) -> IncomingConfig:
        if self.idle and self.protocol != "imap":
            raise ValueError("idle: true needs protocol: imap (POP3 has no push, RFC 1939)")
        return self


class ClientHost(HostBase):
    """A device (laptop, phone, ...) running a mail client (MUA) for one user."""

    role: Literal["client"]
    user: Address
    mail_server: HostName
    tls: Literal["starttls", "none"] = "starttls"
    auth_mechanism: Literal["PLAIN", "LOGIN"] = "PLAIN"
    password: str | None = Field(
        default=None, description="what the user types; defaults to the account's password"
    )
    incoming: IncomingConfig = IncomingConfig()
    online: bool = True
    sent_folder: FolderName | None = Field(
        default=None, description="keep a copy of sent mail here: IMAP on the server, POP3 locally"
    )
    trash_folder: FolderName | None = Field(
        default=None, description="IMAP: delete by moving to this folder (RFC 6851 MOVE)"
    )
    send_direct: bool = Field(
        default=False, description="send straight to the recipient's MX on port 25, without "
                                   "AUTH, as spam bots do (OP25B blocks it)")
    resolver: HostName | None = Field(
        default=None, description="with send_direct: the DNS server to ask for MX records")
    outgoing: OutgoingConfig = OutgoingConfig()
    nat: HostName | None = Field(
        default=None, description="a router whose address the device goes out with (NAT): "
                                  "servers see that ip, shared by every device behind it")
