"""The runs the wiretap's views are tested on: pop3-one-device as bundled (POP3 on 110,
in clear) and a tiny variant where Bob's PC reads on 995 with implicit TLS."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from mailsim.scenario import load_scenario, parse_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios" / "pop3-one-device.yaml"


@cache
def pop3_run(tls: bool = False) -> Trace:
    """pop3-one-device's trace; with ``tls`` Bob's PC reads on 995 under TLS (RFC 8314)."""
    if not tls:
        return run_scenario(load_scenario("pop3-one-device"))
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["hosts"]["mx.example.jp"]["pop3"] = {"tls_port": 995}
    data["hosts"]["bob-pc"]["incoming"]["tls"] = "implicit"
    return run_scenario(parse_scenario(yaml.safe_dump(data, allow_unicode=True), "pop3-tls.yaml"))
