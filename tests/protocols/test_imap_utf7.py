"""Modified UTF-7 mailbox names (RFC 3501 §5.1.3): the RFC's examples, round trips, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailsim.protocols.imap import utf7

imap_utf7 = pytest.importorskip("imapclient.imap_utf7")


def test_the_rfc_example_and_japanese() -> None:
    assert utf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-") == "~peter/mail/台北/日本語"
    assert utf7.encode("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert utf7.encode("送信済み") == "&kAFP4W4IMH8-"
    assert utf7.encode("Tom & Jerry") == "Tom &- Jerry"
    assert utf7.decode("Tom &- Jerry") == "Tom & Jerry"


@given(st.text())
def test_decode_undoes_encode(name: str) -> None:
    wire = utf7.encode(name)
    assert wire.isascii() and all(0x20 <= ord(c) <= 0x7E for c in wire)
    assert utf7.decode(wire) == name


@given(st.text())
def test_same_wire_form_as_imapclient(name: str) -> None:
    assert utf7.encode(name) == imap_utf7.encode(name).decode("ascii")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_a_valid_wire_form_has_one_spelling(wire: str) -> None:
    try:
        name = utf7.decode(wire)
    except ValueError:
        return
    assert utf7.encode(name) == wire


@pytest.mark.parametrize("wire", [
    "&", "&AGE-",  # unterminated; "a" encoded although printable
    "&kAFP4W4IMH8-&MIEw5DDr-",  # two runs that must have been one
    "&kAFP4W4IMH8=-", "&kAFP4W4IMH8/-",  # padding, "/" instead of ","
    "&kAFP4W4IMH9-",  # bits left over
    "&2D0-",  # a lone high surrogate: invalid UTF-16
    "送信済み", "tab\there",  # 8-bit and control characters stand for nothing
])
def test_invalid_forms_are_refused(wire: str) -> None:
    with pytest.raises(ValueError):
        utf7.decode(wire)
