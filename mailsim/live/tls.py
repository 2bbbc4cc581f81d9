"""Real TLS for live connections: a certificate made for the run, and a sans-IO pipe.

The simulation only *models* TLS (handshake flights with sizes, then lines
marked encrypted). A real mail program needs the real thing, so a live
connection runs :class:`ssl.SSLObject` over two :class:`ssl.MemoryBIO` buffers:
bytes from the socket go in, bytes for the socket come out, and the protocol
session above never sees a socket (the same sans-IO idea as the engines).
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

READ_CHUNK = 65_536


@dataclass(frozen=True, slots=True)
class RunCertificate:
    """A self-signed certificate for ``localhost`` and the listening address.

    ``cert_path`` is what a client trusts (``ssl.create_default_context(cafile=...)``,
    or Thunderbird's "confirm security exception").
    """

    cert_pem: bytes
    key_pem: bytes
    directory: Path

    @property
    def cert_path(self) -> Path:
        return self.directory / "mailsim-live.pem"

    @property
    def key_path(self) -> Path:
        return self.directory / "mailsim-live.key"

    def server_context(self) -> ssl.SSLContext:
        """A server context with this certificate (TLS 1.2 or newer, RFC 8996)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.cert_path, self.key_path)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts exactly this certificate (for tests and demos)."""
        return ssl.create_default_context(cafile=str(self.cert_path))


def make_certificate(address: str = "127.0.0.1", directory: Path | None = None) -> RunCertificate:
    """Make a fresh key and a self-signed certificate valid for one day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mailsim live run")])
    now = datetime.datetime.now(datetime.UTC)
    alt_names: list[x509.GeneralName] = [x509.DNSName("localhost"),
                                         x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    try:
        if address != "127.0.0.1":
            alt_names.append(x509.IPAddress(ipaddress.ip_address(address)))
    except ValueError:
        alt_names.append(x509.DNSName(address))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        # Its own CA, so that a client can trust it with cafile= (RFC 5280 §4.2.1.9).
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    folder = directory or Path(tempfile.mkdtemp(prefix="mailsim-live-"))
    result = RunCertificate(
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption()),
        folder,
    )
    result.cert_path.write_bytes(result.cert_pem)
    result.key_path.write_bytes(result.key_pem)
    result.key_path.chmod(0o600)
    return result


class TLSPipe:
    """The server side of one TLS session, without a socket.

    :meth:`receive` takes ciphertext and returns the plaintext it carried;
    :meth:`send` encrypts; :meth:`outgoing` drains what must go to the socket
    (handshake flights, records, alerts). ``ssl.SSLError`` means the peer broke
    the protocol: the caller closes the connection.
    """

    def __init__(self, context: ssl.SSLContext) -> None:
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._ssl = context.wrap_bio(self._in, self._out, server_side=True)
        self.established = False
        self.peer_closed = False

    def receive(self, data: bytes) -> bytes:
        """Feed ciphertext; return decrypted application data (maybe empty)."""
        self._in.write(data)
        if not self.established:
            try:
                self._ssl.do_handshake()
            except ssl.SSLWantReadError:
                return b""
            self.established = True
        chunks: list[bytes] = []
        while True:
            try:
                chunk = self._ssl.read(READ_CHUNK)
            except ssl.SSLWantReadError:
                break
            except ssl.SSLZeroReturnError:  # close_notify (RFC 8446 §6.1)
                self.peer_closed = True
                break
            if not chunk:
                # SSLObject.read() gives b'' (not SSLZeroReturnError) once the peer's
                # close_notify is in: a memory BIO has no other end of file.
                self.peer_closed = True
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def send(self, data: bytes) -> None:
        self._ssl.write(data)

    def close(self) -> None:
        """Send close_notify (RFC 8446 §6.1); the peer's answer is not awaited."""
        with contextlib.suppress(ssl.SSLError):
            self._ssl.unwrap()

    def outgoing(self) -> bytes:
        return self._out.read()

    @property
    def version(self) -> str | None:
        return self._ssl.version()
