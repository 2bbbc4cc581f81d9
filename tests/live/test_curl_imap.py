"""curl's IMAP, a command-line client from Debian's packages (.ci/run installs it), against
`mailsim serve`: STARTTLS, LIST with special-use flags, APPEND to Sent (curl -T), FETCH by
UID, MOVE to Trash and STATUS (curl -X). Each curl run is bounded (--max-time)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mailsim.live.tls import RunCertificate

from .conftest import HOST, serving, wait_for

CURL = shutil.which("curl")
pytestmark = pytest.mark.skipif(CURL is None, reason="curl is not installed (apt-get install curl)")

SENT = (b"From: bob@example.jp\r\nTo: alice@example.com\r\nSubject: from curl\r\n"
        b"Message-ID: <curl@example.jp>\r\n\r\nSent with curl.\r\n")


def curl(certificate: RunCertificate, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    assert CURL is not None
    return subprocess.run([CURL, "-sS", "--max-time", "10", "--ssl-reqd", "--cacert",
                           str(certificate.cert_path), "--user", "bob@example.jp:bob-secret",
                           *args, url], capture_output=True, text=True, timeout=30, check=False)


def test_curl_appends_to_sent_fetches_and_moves_to_trash(certificate: RunCertificate,
                                                         tmp_path: Path) -> None:
    message = tmp_path / "sent.eml"
    message.write_bytes(SENT)
    with serving(certificate) as server:
        base = f"imap://{HOST}:{server.port(143)}"
        listed = curl(certificate, base + "/")
        assert listed.returncode == 0, listed.stderr
        assert '* LIST (\\HasNoChildren \\Sent) "/" Sent' in listed.stdout
        appended = curl(certificate, base + "/Sent", "-T", str(message))
        assert appended.returncode == 0, appended.stderr
        fetched = curl(certificate, base + "/Sent;UID=1")
        assert fetched.returncode == 0 and "Sent with curl." in fetched.stdout, fetched.stderr
        moved = curl(certificate, base + "/Sent", "-X", "UID MOVE 1 Trash")
        assert moved.returncode == 0, moved.stderr
        assert "* OK [COPYUID 1 1 1] Moved" in moved.stdout and "* 1 EXPUNGE" in moved.stdout
        status = curl(certificate, base + "/", "-X", "STATUS Trash (MESSAGES)")
        assert "* STATUS Trash (MESSAGES 1)" in status.stdout, status.stderr
        trace = wait_for(server, lambda t: bool(t.states("moved")))
    assert trace.states("appended")[0].data["message_id"] == "<curl@example.jp>"
    assert trace.states("moved")[0].data["source"] == "Sent"
