"""The typed model of a scenario file, validated by pydantic.

Field-level checks live here (types, units, unknown keys); checks that relate
one part of the file to another (a link to an unknown host, a user whose
domain no server serves) live in :mod:`mailsim.scenario.checks`.
"""

from __future__ import annotations

from datetime import datetime
from ipaddress import IPv4Address
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from mailsim.protocols.mailstore import SPECIAL_USES
from mailsim.scenario.model_base import HostBase, LocalText, Port, Strict

# A device's keys live in model_client.py; they are named here too ("as" re-exports them),
# so the many modules that import them from this one keep working.
from mailsim.scenario.model_client import ClientHost as ClientHost
from mailsim.scenario.model_client import FolderName as FolderName
from mailsim.scenario.model_client import IncomingConfig as IncomingConfig
from mailsim.scenario.model_legacy import PopBeforeSMTPConfig
from mailsim.scenario.model_mail_auth import ChecksConfig, DKIMConfig, ModifyConfig
from mailsim.scenario.model_router import RouterHost
from mailsim.scenario.registry import Fault, Step
from mailsim.scenario.units import Bandwidth, Duration, Size
from mailsim.scenario.validators import (
    Address,
    DmarcText,
    HostName,
    OneLine,
    RelativeName,
    SpfText,
    Start,
    TxtText,
    WarningCode,
    bool_means_defaults,
)
from mailsim.scenario.workload import Workload

Fidelity = Literal["line", "session"]


class IntendedWarning(Strict):
    """One warning a file triggers on purpose, at one key (``hosts.bob-laptop.incoming.delete_after``):
    the same warning anywhere else is still printed."""

    warning: WarningCode
    key: OneLine


class AuthHost(HostBase):
    """The authentication server the mail servers ask (an LDAP directory)."""

    role: Literal["auth"]
    port: Port = 389


class SubmissionConfig(Strict):
    port: Port = 587
    starttls: bool = True
    auth_requires_tls: bool = True
    mechanisms: list[Literal["PLAIN", "LOGIN"]] = ["PLAIN", "LOGIN"]


OutboundTLS = Literal["never", "opportunistic", "required"]


class QueueConfig(Strict):
    """Retrying deferred mail, with defaults modelled on Postfix (RFC 5321 §4.5.4.1)."""

    first_retry: Duration = Field(default=300, description="minimal_backoff_time")
    max_retry_interval: Duration = Field(default=4000, description="maximal_backoff_time")
    lifetime: Duration = Field(default=5 * 86400, description="give up and bounce after this")
    delay_warning: Duration | None = Field(
        default=None, description="send a 'delayed' notice once a mail waited this long"
    )
    connect_timeout: Duration = Field(default=30, description="smtp_connect_timeout")


class POP3Config(Strict):
    port: Port = 110
    stls: bool = False
    tls_port: Port | None = Field(default=None, description="implicit TLS, usually 995")


class FolderConfig(Strict):
    """A folder every account on the server has, with its RFC 6154 special use."""

    name: FolderName
    use: Literal["sent", "drafts", "trash", "junk"] | None = None


def _name_means_folder(value: Any) -> Any:
    """``Sent`` stands for ``{name: Sent, use: sent}``: an English default name takes its use."""
    if isinstance(value, str):
        use = value.lower()
        return {"name": value, "use": use if use in SPECIAL_USES else None}
    return value


class IMAPConfig(Strict):
    port: Port = 143
    starttls: bool = False
    tls_port: Port | None = Field(default=None, description="implicit TLS, usually 993")


class MailServerHost(HostBase):
    """A mail server: submission (MSA), transfer (MTA) and mailboxes for its domains."""

    role: Literal["mail_server"]
    domains: list[HostName] = []
    submission: Annotated[SubmissionConfig | None, BeforeValidator(bool_means_defaults)] = None
    auth_server: HostName | None = None
    smarthost: HostName | None = None
    resolver: HostName | None = None
    starttls: bool = False
    outbound_tls: OutboundTLS = "opportunistic"
    max_message_size: Size = 10_240_000
    pop3: Annotated[POP3Config | None, BeforeValidator(bool_means_defaults)] = None
    imap: Annotated[IMAPConfig | None, BeforeValidator(bool_means_defaults)] = None
    over_quota: Literal["temporary", "permanent"] = Field(
        default="temporary", description="452 4.2.2 (try later) or 552 5.2.2 (give up)"
    )
    queue: QueueConfig = QueueConfig()
    checks: ChecksConfig = ChecksConfig()
    dkim: Annotated[DKIMConfig | None, BeforeValidator(bool_means_defaults)] = None
    pop_before_smtp: Annotated[PopBeforeSMTPConfig | None, BeforeValidator(bool_means_defaults)] = None
    folders: list[Annotated[FolderConfig, BeforeValidator(_name_means_folder)]] | None = Field(
        default=None, description="each account's folders besides INBOX (Sent, Drafts, Trash, Junk)"
    )


class RelayHost(HostBase):
    """An SMTP relay (smarthost): forwards mail for the hosts it trusts."""

    role: Literal["relay"]
    relay_for: list[HostName] = []
    relay_domains: list[HostName] = Field(
        default=[], description="accept mail for these domains from anyone (a backup MX)"
    )
    resolver: HostName | None = None
    starttls: bool = False
    outbound_tls: OutboundTLS = "opportunistic"
    max_message_size: Size = 10_240_000
    queue: QueueConfig = QueueConfig()
    checks: ChecksConfig = ChecksConfig()
    modify: ModifyConfig | None = None


class DNSHost(HostBase):
    """The DNS server: answers MX and A queries from the scenario's zones."""

    role: Literal["dns"]
    port: Port = 53
    lookup_time: Duration = 0.002


Host = Annotated[
    ClientHost | AuthHost | MailServerHost | RelayHost | DNSHost | RouterHost,
    Field(discriminator="role"),
]


class MXRecord(Strict):
    preference: Annotated[int, Field(ge=0, le=65535)] = 10
    host: HostName


class SOAConfig(Strict):
    """The zone's SOA (RFC 1035 §3.3.13); every field left out is synthesized."""

    mname: HostName | None = Field(default=None, description="primary name server (ns1.<zone>)")
    rname: HostName | None = Field(default=None, description="the admin's mailbox (hostmaster.<zone>)")
    serial: Annotated[int, Field(ge=0, lt=2**32)] | None = Field(
        default=None, description="YYYYMMDDnn of the scenario's start day")
    refresh: Duration = 86_400
    retry: Duration = 7_200
    expire: Duration = 3_600_000
    minimum: Duration = Field(default=300, description="negative TTL (RFC 2308 §4)")


class ZoneConfig(Strict):
    """DNS data for one domain. A records of named hosts are added automatically,
    SOA and NS at the apex too (ns1.<zone> as the name server)."""

    mx: list[MXRecord] = []
    a: list[IPv4Address] = []
    ttl: Duration = 3600
    soa: SOAConfig = SOAConfig()
    ns: list[HostName] = Field(default=[], description="name servers (ns1.<zone>)")
    txt: list[TxtText] | dict[RelativeName, list[TxtText]] = Field(
        default=[], description="TXT records: a list at the apex, or by name ('@', _dmarc...)")
    spf: SpfText | None = Field(default=None, description="the domain's SPF policy (RFC 7208)")
    dmarc: DmarcText | None = Field(default=None,
                                    description="the domain's DMARC policy (RFC 7489) at _dmarc")

    def txt_records(self) -> list[tuple[str, str]]:
        """Every TXT record as (name relative to the zone, text): ``spf`` and ``dmarc`` first."""
        named = {"@": self.txt} if isinstance(self.txt, list) else self.txt
        out = [("@", self.spf)] if self.spf is not None else []
        out += [("_dmarc", self.dmarc)] if self.dmarc is not None else []
        return out + [(name, text) for name, texts in named.items() for text in texts]


class UserConfig(Strict):
    password: OneLine
    name: OneLine | None = None
    quota: Size | None = Field(default=None, description="mailbox size limit, e.g. 50KB")


class LinkConfig(Strict):
    between: Annotated[list[HostName], Field(min_length=2, max_length=2)]
    latency: Duration = 0.001
    bandwidth: Bandwidth = 100e6


class Scenario(Strict):
    """A whole scenario file."""

    # The step and fault unions are read from the registry when the schema is
    # built: at the first validation, once every kind module has registered.
    model_config = ConfigDict(defer_build=True)

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: LocalText
    description: LocalText = ""
    goals: list[LocalText] = []
    questions: list[LocalText] = []
    seed: Annotated[int, Field(ge=-(2**63), lt=2**63)] = 1  # it is written in the trace header
    start: Start = datetime.fromisoformat("2026-04-01T09:00:00+09:00")
    until: Duration | None = Field(default=None, description="stop the run at this time")
    hosts: dict[HostName, Host]
    dns: dict[HostName, ZoneConfig] = {}
    users: dict[Address, UserConfig] = {}
    links: list[LinkConfig] = []
    steps: list[Step] = []
    faults: list[Fault] = []
    fidelity: Fidelity = Field(
        default="line", description="line: every protocol line; session: one event per delivery and check"
    )
    workload: Workload | None = Field(
        default=None, description="many users' mail in a few keys, instead of (or beside) steps"
    )
    intended_warnings: list[WarningCode | IntendedWarning] = Field(
        default=[], description="authoring warnings the file triggers on purpose: not printed"
    )

    @model_validator(mode="before")
    @classmethod
    def _hosts_from_workload(cls, data: Any) -> Any:
        """A workload brings its own hosts: then ``hosts`` may be left out."""
        if isinstance(data, dict) and isinstance(data.get("workload"), dict) and "hosts" not in data:
            return {**data, "hosts": {}}
        return data

    def hosts_with_role(self, role: str) -> list[str]:
        return [name for name, host in self.hosts.items() if host.role == role]


def localized(text: LocalText, lang: str = "en") -> str:
    """The text in ``lang``, falling back to English, then to any language."""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")  # type: ignore[call-overload]
