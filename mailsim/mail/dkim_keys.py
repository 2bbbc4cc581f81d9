"""DKIM signing keys made for a run: RSA (RFC 8301: rsa-sha256, 2048 bits), the same key for
the same seed, so a run's signatures and published key are part of its reproducible trace.

``cryptography`` makes RSA keys only from the operating system's randomness, so the primes
are found here from a seeded generator (Miller–Rabin, FIPS 186-5 B.3.1's checks on p and q)
and handed to ``cryptography`` as the key's numbers. A key made this way is only as secret
as its seed: fine for teaching, never for real mail.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

BITS = 2048
EXPONENT = 65537
_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p ** 0.5) + 1))]


@dataclass(frozen=True, slots=True)
class DKIMKey:
    """A signing key: the private key as PEM, and the TXT record that publishes it."""

    private_pem: bytes
    public_der: bytes

    def txt_record(self) -> str:
        """The ``selector._domainkey`` TXT record (RFC 6376 §3.6.1): ``v=DKIM1; k=rsa; p=...``."""
        return "v=DKIM1; k=rsa; p=" + base64.b64encode(self.public_der).decode("ascii")


def _probably_prime(n: int, rng: random.Random, rounds: int = 40) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return n in _SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        # the top two bits set, so p·q has exactly 2·bits bits; odd
        candidate = rng.getrandbits(bits) | (0b11 << (bits - 2)) | 1
        if candidate % EXPONENT != 1 and _probably_prime(candidate, rng):
            return candidate


@lru_cache(maxsize=16)
def run_key(seed: bytes, bits: int = BITS) -> DKIMKey:
    """The key for ``seed`` (the run's draw for one domain and selector)."""
    rng = random.Random(seed)
    half = bits // 2
    while True:
        p, q = _prime(half, rng), _prime(half, rng)
        # FIPS 186-5 B.3.1: p and q may not be too close (|p - q| > 2^(half - 100))
        if abs(p - q) > 1 << (half - 100):
            break
    n, phi = p * q, (p - 1) * (q - 1)
    d = pow(EXPONENT, -1, phi)
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                                    rsa.RSAPublicNumbers(EXPONENT, n))
    key = numbers.private_key()
    return DKIMKey(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                          serialization.NoEncryption()),
        key.public_key().public_bytes(serialization.Encoding.DER,
                                      serialization.PublicFormat.SubjectPublicKeyInfo))
