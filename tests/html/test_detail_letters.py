"""The line in detail in Chromium for the letters POP3 and IMAP hand over: a RETR reply
shows the letter taken home (subject, Received: chain, text), an IMAP FETCH of BODY[] the
letter read at the counter, a FETCH of some header fields only those, marked partial; the
titles come from the catalogue in both languages; POP3 on 995 hides the letter until
"show encrypted"."""

from __future__ import annotations

from mailsim.trace import MessageEvent
from mailsim.views.html.sections.retrieved import build
from tests.html.conftest import _trace_of

DETAIL = "#ms-detail"
LETTER = f"{DETAIL} [data-layer='message']"


def positions(name: str, item: str) -> list[int]:
    """The units of ``name``'s run whose letters include ``item`` (RETR or a FETCH item)."""
    built = build(_trace_of(name)[0])
    return [int(k) for k, letters in built.items()
            if any(item in (lt["via"], lt.get("item")) for lt in letters)]


def test_a_retr_reply_shows_the_letter_taken_home(open_page) -> None:
    trace = _trace_of("pop3-one-device")[0]
    first = positions("pop3-one-device", "RETR")[0]
    event = trace[first]
    assert isinstance(event, MessageEvent) and event.text.startswith("+OK")
    opened = open_page("pop3-one-device", hash=f"step={first}")
    letter = opened.page.locator(LETTER)
    assert letter.count() == 1 and letter.get_attribute("data-via") == "RETR"
    assert "taken home by POP3 RETR (message 1)" in opened.page.inner_text(f"{LETTER} h3")
    headers = opened.page.inner_text(f"{LETTER} [data-part='headers']")
    assert "Subject: Lunch on Friday?" in headers
    assert opened.page.locator(f"{LETTER} [data-part='envelope']").count() == 0  # SMTP's only
    chain = opened.page.locator(f"{LETTER} [data-part='received'] li")
    assert chain.count() == 3 and "mx.example.jp took it from relay.example.net" in chain.nth(0).inner_text()
    body = opened.page.inner_text(f"{LETTER} .ms-dt-body")
    assert body.strip() and body in event.text and not body.rstrip().endswith("\n.")
    assert opened.page.locator(f"{LETTER} [data-part='partial']").count() == 0
    # the raw reply is folded away under the letter, as for a DATA content
    assert opened.page.locator(f"{DETAIL} details[data-field='line']").count() == 1
    opened.key("l")
    assert "RETR で持ち帰った手紙" in opened.page.inner_text(f"{LETTER} h3")
    opened.js(f"MS.go({first - 1})")  # the RETR command itself carries no letter
    assert opened.page.locator(LETTER).count() == 0
    assert opened.errors == []


def test_imap_fetch_shows_the_letter_read_at_the_counter(open_page) -> None:
    trace = _trace_of("pop3-vs-imap")[0]
    whole = positions("pop3-vs-imap", "BODY[]")[0]
    part = positions("pop3-vs-imap", "BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)]")[0]
    opened = open_page("pop3-vs-imap")
    opened.js(f"MS.go({whole})")
    letter = opened.page.locator(LETTER)
    assert letter.count() >= 1 and letter.first.get_attribute("data-via") == "FETCH"
    assert "read at the counter by IMAP FETCH" in letter.first.locator("h3").inner_text()
    assert "BODY[]" in letter.first.locator("h3").inner_text()
    assert "Subject: Agenda for today" in letter.first.locator("[data-part='headers']").inner_text()
    assert letter.first.locator(".ms-dt-body").inner_text() == "Here is the agenda."
    assert letter.first.get_attribute("data-partial") is None
    opened.js(f"MS.go({part})")
    letter = opened.page.locator(LETTER)
    assert letter.first.get_attribute("data-partial") == "1"
    assert "Part of message 1" in letter.first.locator("h3").inner_text()
    assert "only the part the client asked for" in letter.first.inner_text()
    assert "Subject:" in letter.first.locator("[data-part='headers']").inner_text()
    assert letter.first.locator(".ms-dt-body").count() == 0  # the header fields hold no text
    assert "Agenda for today" in str(trace[part].text)
    # the phone reading the same fields again: the page draws them from the first reading
    built = build(trace)
    again = next(int(k) for k, ls in built.items() if any("as" in lt for lt in ls))
    opened.js(f"MS.go({again})")
    fields = opened.page.inner_text(f"{LETTER} [data-part='headers']")
    assert "Subject:" in fields and "Message-ID:" in fields
    assert fields.split("Subject: ")[1].split("\n")[0] in str(trace[again].text)
    opened.js(f"MS.go({part})")
    opened.key("l")
    assert "一部" in letter.first.locator("h3").inner_text()
    assert opened.errors == []


def test_pop3_on_995_hides_the_letter_until_show_encrypted(open_page) -> None:
    trace = _trace_of("cafe-wifi")[0]
    hidden = [i for i in positions("cafe-wifi", "RETR") if trace[i].encrypted]  # type: ignore[union-attr]
    assert hidden, "cafe-wifi's second download is POP3 on 995"
    opened = open_page("cafe-wifi", hash=f"step={hidden[0]}")
    assert opened.page.locator(f"{LETTER} .ms-dt-body").count() == 0
    assert "encrypted" in opened.page.inner_text(LETTER)
    opened.page.click("#ms-dt-show")
    assert "Dinner on Saturday" in opened.page.inner_text(f"{LETTER} .ms-dt-body")
    assert opened.errors == []
