"""mbsync (isync, from Debian's packages; .ci/run installs it) against `mailsim serve`:
STARTTLS, every folder mirrored into a Maildir, a message saved in the local Sent
folder APPENDed to the server's, and a message deleted locally expunged there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mailsim.live.server import LiveServer
from mailsim.live.tls import RunCertificate

from .conftest import deliver, serving, wait_for

MBSYNC = shutil.which("mbsync")
pytestmark = pytest.mark.skipif(MBSYNC is None, reason="mbsync is not installed (apt-get install isync)")
SENT = b"From: bob@example.jp\r\nSubject: saved by mbsync\r\nMessage-ID: <mbsync@example.jp>\r\n\r\nHi\r\n"


def _config(server: LiveServer, certificate: RunCertificate, maildir: Path) -> Path:
    config = maildir.parent / "mbsyncrc"
    # "localhost": mbsync 1.4 matches the certificate's DNS name, not its IP address.
    config.write_text(f"""IMAPAccount bob
Host localhost
Port {server.port(143)}
User bob@example.jp
Pass bob-secret
SSLType STARTTLS
CertificateFile {certificate.cert_path}
Timeout 10

IMAPStore remote
Account bob

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX
SubFolders Verbatim

Channel bob
Far :remote:
Near :local:
Patterns *
Create Both
Expunge Both
SyncState *
""", encoding="utf-8")
    return config


def _sync(config: Path) -> None:
    assert MBSYNC is not None
    result = subprocess.run([MBSYNC, "-c", str(config), "-a"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mbsync_mirrors_the_folders_appends_sent_and_expunges(certificate: RunCertificate,
                                                              tmp_path: Path) -> None:
    maildir = tmp_path / "mail"
    maildir.mkdir()
    with serving(certificate) as server:
        deliver(server, 2)
        config = _config(server, certificate, maildir)
        _sync(config)
        assert {p.name for p in maildir.iterdir()} == {"INBOX", "Sent", "Drafts", "Trash", "Junk"}
        inbox = sorted((maildir / "INBOX" / "new").iterdir())
        assert len(inbox) == 2
        (maildir / "Sent" / "new" / "1.mbsync-test").write_bytes(SENT)
        inbox[0].rename(inbox[0].with_name(inbox[0].name + "T"))  # Maildir "trashed" flag
        _sync(config)
        trace = wait_for(server, lambda t: bool(t.states("appended")) and bool(t.states("deleted")))
    appended = trace.states("appended")[0].data
    assert (appended["folder"], appended["message_id"]) == ("Sent", "<mbsync@example.jp>")
    assert trace.states("deleted")[0].data["uids"] == [1]
