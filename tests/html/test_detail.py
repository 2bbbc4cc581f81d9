"""The line in detail in Chromium, layer by layer: an EHLO reply (TCP, the server's port,
the connection), a DNS query (UDP, no connection), a DATA content (headers, the Received:
chain, the envelope), a state change (its fields and one-liner), an encrypted line with
and without show encrypted."""

from __future__ import annotations

from mailsim.trace import MessageEvent, StateEvent
from tests.html.conftest import _trace_of

DETAIL = "#ms-detail"


def field(opened, name: str) -> str:
    return opened.page.inner_text(f"{DETAIL} [data-field='{name}']")


def layers(opened) -> list[str]:
    return opened.js("Array.from(document.querySelectorAll('#ms-detail [data-layer]'))"
                     ".map(n => n.dataset.layer)")


def test_an_ehlo_reply_layer_by_layer(open_page) -> None:
    trace, addresses, _ = _trace_of("article-route")
    event = trace[6]
    assert isinstance(event, MessageEvent) and event.text.startswith("250-")
    opened = open_page(hash="step=6")
    assert layers(opened) == ["application", "tls", "transport", "network", "timing"]
    assert event.text in opened.js("document.querySelector('#ms-detail .ms-dt-line').textContent")
    assert "word for word" in field(opened, "tap")
    assert "TCP" in field(opened, "transport")
    assert "587" in field(opened, "src-port") and "listens" in field(opened, "src-port")  # the server
    assert "ephemeral" in field(opened, "dst-port")  # the client
    same_conn = [i for i, e in enumerate(trace) if isinstance(e, MessageEvent) and e.conn == "c1"]
    assert f"c1: unit {same_conn.index(6) + 1} of {len(same_conn)}" in field(opened, "conn")
    assert addresses[event.src] in field(opened, "src-ip")
    assert addresses[event.dst] in field(opened, "dst-ip")
    assert "no" in field(opened, "tls")
    assert f"{event.size} octets" in field(opened, "size")
    transit = (event.t_arrived - event.t_sent) * 1000
    assert f"{transit:.3f} ms" in field(opened, "transit")
    assert opened.errors == []


def test_a_dns_query_is_udp_without_connection(open_page) -> None:
    opened = open_page(hash="step=56")
    assert "QUERY example.jp. MX" in field(opened, "line")
    assert "UDP" in field(opened, "transport")
    assert "none" in field(opened, "conn")
    assert "53" in field(opened, "dst-port") and "ephemeral" in field(opened, "src-port")
    opened.key("l")
    assert "UDP" in field(opened, "transport") and "接続" in opened.page.inner_text(DETAIL)
    assert opened.errors == []


def test_a_data_content_shows_the_message(open_page) -> None:
    trace = _trace_of("article-route")[0]
    event = trace[80]
    assert isinstance(event, MessageEvent)
    received = sum(1 for line in event.text.split("\n") if line.startswith("Received:"))
    assert received == 2
    opened = open_page(hash="step=80")
    assert "message" in layers(opened)
    chain = opened.page.locator(f"{DETAIL} [data-part='received'] li")
    assert chain.count() == received
    assert "relay.example.net took it from mail.example.com [192.0.2.25]" in chain.nth(0).inner_text()
    assert "mail.example.com took it from alice-pc [192.0.2.10]" in chain.nth(1).inner_text()
    envelope = opened.page.inner_text(f"{DETAIL} [data-part='envelope']")
    assert "MAIL FROM" in envelope and "<alice@example.com>" in envelope
    assert "RCPT TO" in envelope and "<bob@example.jp>" in envelope
    headers = opened.page.inner_text(f"{DETAIL} [data-part='headers']")
    assert "Subject: Hello from Tokyo" in headers
    body = opened.page.inner_text(f"{DETAIL} .ms-dt-body")
    assert body.startswith("Hi Bob,") and "\n.A line that starts with a dot" in body  # unstuffed
    assert not body.rstrip().endswith("\n.")
    opened.js("MS.go(79)")  # the 354 before it: no message
    assert "message" not in layers(opened)
    assert opened.errors == []


def test_a_japanese_message_is_decoded(open_page) -> None:
    trace = _trace_of("two-domains")[0]
    first = next(i for i, e in enumerate(trace)
                 if isinstance(e, MessageEvent) and "Subject:" in e.text and not e.encrypted)
    opened = open_page("two-domains", hash=f"step={first}")
    assert "来週の打ち合わせ" in opened.page.inner_text(f"{DETAIL} [data-part='headers']")
    assert "アリス" in opened.page.inner_text(f"{DETAIL} .ms-dt-body")
    assert opened.errors == []


def test_a_state_change_shows_its_fields(open_page) -> None:
    trace = _trace_of("article-route")[0]
    event = trace[34]
    assert isinstance(event, StateEvent) and event.action == "queued"
    opened = open_page(hash="step=34")
    assert layers(opened) == ["state"]
    for key, value in event.data.items():
        if isinstance(value, str | int):
            assert str(value) in field(opened, f"data-{key}")
    assert opened.page.inner_text(f"{DETAIL} .ms-dt-oneliner") == opened.js(
        "MS.data.captions[34].state.en")
    assert "mail" in field(opened, "node")
    assert opened.errors == []


def test_an_encrypted_line_only_with_show_encrypted(open_page) -> None:
    trace = _trace_of("article-route")[0]
    event = trace[14]
    assert isinstance(event, MessageEvent) and event.encrypted
    opened = open_page(hash="step=14")
    text = opened.page.inner_text(DETAIL)
    assert "AUTH PLAIN" not in text and "hidden" in field(opened, "line")
    assert f"{event.size} octets" in field(opened, "tap") and "yes" in field(opened, "tls")
    opened.page.click("#ms-dt-show")
    assert opened.js("MS.showEncrypted") is True
    assert event.text in opened.page.inner_text(f"{DETAIL} .ms-dt-line")
    assert "cannot read" in field(opened, "tap")  # still: only the two ends can
    opened.key("e")
    assert "AUTH PLAIN" not in opened.page.inner_text(DETAIL)
    # an encrypted DATA content hides its message too
    opened.js("MS.go(33)")
    assert "message" in layers(opened) and opened.page.locator(f"{DETAIL} .ms-dt-body").count() == 0
    opened.key("e")
    assert opened.page.locator(f"{DETAIL} [data-part='received'] li").count() == 0  # none yet
    assert "Hello from Tokyo" in opened.page.inner_text(f"{DETAIL} [data-part='headers']")
    assert opened.errors == []


def test_projector_text_is_large(open_page) -> None:
    opened = open_page(hash="step=80")
    opened.key("p")
    sizes = opened.js("Array.from(document.querySelectorAll('#ms-detail th, #ms-detail td, "
                      "#ms-detail li, #ms-detail h3, #ms-detail .ms-dt-field'))"
                      ".map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert sizes and min(sizes) >= 24
    assert opened.errors == []
