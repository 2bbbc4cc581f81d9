"""The real program connected to ``mailsim serve`` has its own title, not "your mail client"."""

from __future__ import annotations

from mailsim.trace import MessageEvent, Trace, TraceHeader
from mailsim.views.captions import host_title, node_caption


def test_live_client_and_the_scenarios_device_get_different_titles() -> None:
    header = TraceHeader("live-route", 1, "", (("alice-pc", "client"),
                                               ("mail.example.com", "mail_server"),
                                               ("live-client", "client")))
    trace = Trace(header, [
        MessageEvent(0, 0.0, 0.01, "alice-pc", "mail.example.com", "SMTP", 587, "c1",
                     "EHLO alice-pc", 15),
        MessageEvent(1, 1.0, 1.0, "live-client", "mail.example.com", "SMTP", 587, "c2",
                     "EHLO client.example", 21, live=True),
        MessageEvent(2, 1.0, 1.0, "mail.example.com", "live-client", "SMTP", 587, "c2",
                     "250 mail.example.com", 22, live=True),
    ])
    assert host_title(trace, "alice-pc", "en") == "your mail client"
    assert host_title(trace, "live-client", "en") == "real mail client (connected from outside)"
    assert host_title(trace, "live-client", "ja") == "本物のメールソフト(外部から接続)"
    assert host_title(trace, "mail.example.com", "en") == "your mail server"  # a server stays
    assert "real mail program" in (node_caption(trace, "live-client", "en") or "")
