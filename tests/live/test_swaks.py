"""A command-line mail client from Debian's packages: swaks (installed by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from mailsim.live.tls import RunCertificate

from .conftest import HOST, serving, stored, wait_for

SWAKS = shutil.which("swaks")
pytestmark = pytest.mark.skipif(SWAKS is None, reason="swaks is not installed (apt-get install swaks)")


def swaks(*args: str) -> subprocess.CompletedProcess[str]:
    assert SWAKS is not None
    return subprocess.run([SWAKS, "--server", HOST, "--timeout", "5", "--helo", "swaks.test",
                           *args], capture_output=True, text=True, timeout=30, check=False)


def test_swaks_submits_with_starttls_and_auth_plain(certificate: RunCertificate) -> None:
    with serving(certificate) as server:
        result = swaks("--port", str(server.port(587)), "--tls", "--auth", "PLAIN",
                       "--auth-user", "alice@example.com", "--auth-password", "alice-secret",
                       "--from", "alice@example.com", "--to", "bob@example.jp",
                       "--header", "Subject: from swaks")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "235 2.7.0 Authentication successful" in result.stdout
        trace = wait_for(server, lambda t: bool(stored(t)))
    assert stored(trace)[0].data["subject"] == "from swaks"


def test_swaks_with_the_wrong_password_fails(certificate: RunCertificate) -> None:
    with serving(certificate) as server:
        result = swaks("--port", str(server.port(587)), "--tls", "--auth", "LOGIN",
                       "--auth-user", "alice@example.com", "--auth-password", "wrong",
                       "--from", "alice@example.com", "--to", "bob@example.jp")
    assert result.returncode != 0 and "535" in result.stdout
