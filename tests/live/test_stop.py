"""What ``serve`` keeps and says: a bounded trace in memory, and the mail still queued at the stop."""

from __future__ import annotations

import smtplib
import ssl

from rich.console import Console

from mailsim.commands import EXIT_OK
from mailsim.commands.serve import check_conservation, print_unsent
from mailsim.live.bridge import LIVE_HOST, LiveRecorder
from mailsim.live.tls import RunCertificate
from mailsim.trace import TraceEvent, TraceHeader

from .conftest import HOST, TIMEOUT, serving, wait_for

ALICE, SECRET = "alice@example.com", "alice-secret"


def test_the_recorder_keeps_the_latest_events_and_streams_them_all() -> None:
    streamed: list[TraceEvent] = []
    recorder = LiveRecorder({LIVE_HOST}, streamed.append, keep=3)
    for n in range(10):
        recorder.state(float(n), "mx.example.jp", "note", text=f"note {n}")
    assert len(recorder) == 10 and recorder.dropped == 7
    assert [event.seq for event in streamed] == list(range(10))  # numbered on, none lost
    kept = recorder.freeze(TraceHeader("t", 0, "2026-01-01T00:00:00+00:00",
                                       (("mx.example.jp", "mail_server"),)))
    assert [event.seq for event in kept] == [7, 8, 9]


def test_mail_still_queued_at_the_stop_is_listed(certificate: RunCertificate,
                                                client_tls: ssl.SSLContext) -> None:
    # Slow simulated time: the message is still in Alice's server's queue when we stop.
    with serving(certificate, speed=0.25) as server, \
            smtplib.SMTP_SSL(HOST, server.port(465), timeout=TIMEOUT, context=client_tls) as smtp:
        smtp.login(ALICE, SECRET)
        assert smtp.sendmail(ALICE, ["bob@example.jp"], b"Subject: late\r\n\r\nlate\r\n") == {}
    (unsent,) = server.unsent
    assert (unsent.host, unsent.sender, unsent.recipients) == ("mail.example.com", ALICE,
                                                               ("bob@example.jp",))
    console = Console(record=True, width=200)
    print_unsent(server, console)
    text = console.export_text()
    assert "lost with the simulation" in text
    assert f"mail.example.com {unsent.queue_id} from <{ALICE}> to <bob@example.jp>" in text
    # The conservation check of the live run counts the promise as still queued, and passes.
    assert check_conservation(server, console) == EXIT_OK
    assert ("1 × “250 queued” (one per recipient at each hop) → 0 stored, "
            "0 passed to the next server, 0 bounced, 1 still queued — ok") in console.export_text()


def test_a_delivered_live_mail_passes_the_conservation_check(
        certificate: RunCertificate, client_tls: ssl.SSLContext) -> None:
    with serving(certificate) as server, \
            smtplib.SMTP_SSL(HOST, server.port(465), timeout=TIMEOUT, context=client_tls) as smtp:
        smtp.login(ALICE, SECRET)
        smtp.sendmail(ALICE, ["bob@example.jp"], b"Subject: hi\r\n\r\nhi\r\n")
        wait_for(server, lambda trace: any(e.action == "stored" for e in trace.states()))
    console = Console(record=True, width=200)
    assert check_conservation(server, console) == EXIT_OK
    assert ("3 × “250 queued” (one per recipient at each hop) → 1 stored, "
            "2 passed to the next server, 0 bounced, 0 still queued — ok") in console.export_text()


def test_nothing_left_is_said_too(certificate: RunCertificate) -> None:
    with serving(certificate) as server:
        pass
    console = Console(record=True, width=200)
    print_unsent(server, console)
    assert server.unsent == [] and "No message was left in a queue." in console.export_text()
