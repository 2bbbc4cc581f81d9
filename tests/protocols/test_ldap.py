"""Tests for the LDAP simple-bind exchange used by the authentication server."""

from __future__ import annotations

import pytest

from mailsim.protocols.ldap import (
    INVALID_CREDENTIALS,
    SUCCESS,
    UNWILLING_TO_PERFORM,
    BindRequest,
    BindResponse,
    Directory,
    UnbindRequest,
    user_dn,
)

ALICE_DN = "uid=alice,ou=people,dc=example,dc=com"


@pytest.fixture
def directory() -> Directory:
    return Directory({"alice@example.com": "s3cret", "bob@example.jp": "hunter2"})


def test_user_dn() -> None:
    assert user_dn("alice@example.com") == ALICE_DN
    assert user_dn("bob@Mail.Example.JP") == "uid=bob,ou=people,dc=mail,dc=example,dc=jp"


def test_user_dn_escapes_special_characters() -> None:
    # RFC 4514 §2.4: "," and "+" in a value are escaped with a backslash.
    assert user_dn("a,b+c@example.com") == r"uid=a\,b\+c,ou=people,dc=example,dc=com"


def test_user_dn_without_domain_never_raises() -> None:
    assert user_dn("alice") == "uid=alice,ou=people"


def test_bind_request_text_hides_password() -> None:
    request = BindRequest(1, ALICE_DN, "s3cret")
    assert request.to_text() == f'bindRequest(1) "{ALICE_DN}" simple'
    assert "s3cret" not in request.to_text()
    assert "s3cret" not in repr(request)


def test_bind_response_text() -> None:
    assert BindResponse(1, "success", 0).to_text() == "bindResponse(1) success"
    failed = BindResponse(1, "invalidCredentials", 49)
    assert failed.to_text() == "bindResponse(1) invalidCredentials (49)"


def test_unbind_text() -> None:
    assert UnbindRequest(2).to_text() == "unbindRequest(2)"


def test_wire_sizes_match_ber_encoding() -> None:
    # 30 39 | 02 01 01 | 60 34 | 02 01 03 | 04 25 <37-octet DN> | 80 06 <6-octet password>
    assert len(ALICE_DN) == 37
    assert BindRequest(1, ALICE_DN, "s3cret").wire_size() == 2 + 3 + 2 + 3 + 39 + 8
    # 30 0c 02 01 01 61 07 0a 01 00 04 00 04 00
    assert BindResponse(1, "success", 0).wire_size() == 14
    assert BindResponse(1, "invalidCredentials", 49).wire_size() == 14
    # 30 05 02 01 02 42 00
    assert UnbindRequest(2).wire_size() == 7


def test_wire_size_long_forms() -> None:
    long_dn = "uid=" + "x" * 200 + ",ou=people,dc=example,dc=com"
    assert len(long_dn) == 232
    # name: 04 81 e8 + 232 = 235; body 3 + 235 + 3 = 241 -> 60 81 f1: 244;
    # message: 3 + 244 = 247 -> 30 81 f7: 250.
    assert BindRequest(1, long_dn, "p").wire_size() == 250
    # message id 128 needs two content octets (00 80).
    assert UnbindRequest(128).wire_size() == UnbindRequest(1).wire_size() + 1


def test_bind_success(directory: Directory) -> None:
    response = directory.handle(BindRequest(1, ALICE_DN, "s3cret"))
    assert response == BindResponse(1, "success", SUCCESS)
    assert response.ok


def test_bind_dn_case_insensitive(directory: Directory) -> None:
    response = directory.handle(BindRequest(3, ALICE_DN.upper(), "s3cret"))
    assert response.ok
    assert response.message_id == 3


def test_wrong_password_and_unknown_user_look_identical(directory: Directory) -> None:
    wrong_password = directory.handle(BindRequest(1, ALICE_DN, "guess"))
    unknown_user = directory.handle(BindRequest(1, user_dn("mallory@example.com"), "guess"))
    assert wrong_password == unknown_user == BindResponse(1, "invalidCredentials", 49)
    assert wrong_password.code == INVALID_CREDENTIALS


def test_password_is_case_sensitive(directory: Directory) -> None:
    assert not directory.handle(BindRequest(1, ALICE_DN, "S3CRET")).ok


def test_empty_password_is_refused(directory: Directory) -> None:
    # RFC 4513 §5.1.2: an unauthenticated bind must not log anyone in.
    response = directory.handle(BindRequest(1, ALICE_DN, ""))
    assert response.code == UNWILLING_TO_PERFORM
    assert response.to_text() == "bindResponse(1) unwillingToPerform (53)"


def test_garbage_dn_never_raises(directory: Directory) -> None:
    for dn in ("", "not a dn", "uid=,,,", "\x00\xff"):
        assert directory.handle(BindRequest(1, dn, "x")).code == INVALID_CREDENTIALS


def test_directory_membership(directory: Directory) -> None:
    assert "Alice@Example.com" in directory
    assert "mallory@example.com" not in directory
