"""TXT records and the SPF policy in a scenario's DNS: what the zone answers, how the live
server writes a long one, and the mistakes validation names."""

from __future__ import annotations

from typing import Any

import dns.message
import pytest

from mailsim.live.dns_wire import wire_answer
from mailsim.nodes.dns import DNSServer
from mailsim.protocols.dns import Query
from mailsim.scenario.build import build_world
from mailsim.scenario.errors import ScenarioError
from tests.conftest import variant

SPF = "v=spf1 ip4:192.0.2.25 mx -all"
LONG = "k=rsa; p=" + "A" * 600  # longer than one 255-octet <character-string>


def with_txt(d: dict[str, Any]) -> None:
    d["dns"]["example.com"].update(spf=SPF, txt={"@": ["site-verification=abc"],
                                                 "_dmarc": ["v=DMARC1; p=reject"],
                                                 "s1._domainkey": [LONG]})


def zone_of(change: Any) -> Any:
    world = build_world(variant(change))
    (server,) = [n for n in world.nodes.values() if isinstance(n, DNSServer)]
    return server.zone


def test_the_zone_answers_txt_at_the_apex_and_under_it() -> None:
    zone = zone_of(with_txt)
    apex = zone.answer(Query(1, "example.com.", "TXT"))
    assert [r.value for r in apex.answers] == [SPF, "site-verification=abc"]
    assert apex.to_text().splitlines()[0] == f'ANSWER example.com. TXT "{SPF}"'
    dmarc = zone.answer(Query(2, "_DMARC.example.com", "TXT"))
    assert [r.value for r in dmarc.answers] == ["v=DMARC1; p=reject"]
    assert zone.answer(Query(3, "example.com.", "MX")).answers  # the rest of the zone is there
    nodata = zone.answer(Query(4, "_dmarc.example.com.", "A"))
    assert nodata.is_nodata and nodata.authority[0].rtype == "SOA"


def test_a_long_txt_record_is_split_into_character_strings_on_the_wire() -> None:
    response = zone_of(with_txt).answer(Query(7, "s1._domainkey.example.com.", "TXT"))
    request = dns.message.make_query("s1._domainkey.example.com.", "TXT")
    wire = wire_answer(request, response)
    (rrset,) = dns.message.from_wire(wire).answer
    (record,) = rrset
    assert [len(s) for s in record.strings] == [255, 255, 99]
    assert b"".join(record.strings).decode() == LONG
    # the simulated size counts the same octets the real message has
    assert response.wire_size() == len(wire)


@pytest.mark.parametrize(("change", "where", "what"), [
    (lambda z: z.update(spf="v=spf1 ip4:192.0.2.300 -all"), "spf", "expected an SPF record"),
    (lambda z: z.update(spf="spf1 -all"), "spf", "expected an SPF record"),
    (lambda z: z.update(spf="v=spf1 -all", txt=["v=spf1 +all"]), "spf", "one SPF record"),
    (lambda z: z.update(txt={"bad name": ["x"]}), "txt", "labels of letters"),
    (lambda z: z.update(txt=["caf\u00e9"]), "txt", "US-ASCII"),
    (lambda z: z.update(txt=["x" * 3000]), "txt", "at most 2048"),
])
def test_mistakes_name_the_key(change: Any, where: str, what: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        variant(lambda d: change(d["dns"]["example.com"]))
    message = str(caught.value)
    assert f'dns["example.com"].{where}' in message and what in message, message
