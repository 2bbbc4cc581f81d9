"""The scenario keys of mail authentication: what a server checks, how it signs, what a list changes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mailsim.scenario.model_base import Strict
from mailsim.scenario.validators import OneLine, RelativeName


class ChecksConfig(Strict):
    """What a server checks about who sent the mail it receives on port 25."""

    spf: Literal["report", "reject"] | None = Field(
        default=None, description="RFC 7208 at MAIL FROM: report (Authentication-Results) "
                                  "or reject a fail (550 5.7.23)")
    dkim: bool = Field(default=False, description="RFC 6376: verify the mail's DKIM signature")
    dmarc: Literal["report", "enforce"] | None = Field(
        default=None, description="RFC 7489 (checks SPF and DKIM too): report, or enforce the "
                                  "From: domain's policy (reject: 550 5.7.1, quarantine: Junk)")


class DKIMConfig(Strict):
    """How a mail server signs its users' mail (RFC 6376); the key is made for the run."""

    selector: RelativeName = Field(default="s1", description="the key's name: s1._domainkey.<domain>")


class ModifyConfig(Strict):
    """What a relay changes in the mail it passes on, as a mailing list does."""

    footer: Annotated[str, Field(min_length=1, max_length=500)] | None = Field(
        default=None, description="a footer added under the body")
    subject_tag: Annotated[OneLine, Field(min_length=1, max_length=40)] | None = Field(
        default=None, description="put in front of the subject, e.g. [LIST]")
