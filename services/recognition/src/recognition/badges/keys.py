"""Signing keys and the key ring: which key signs new awards, which keys verifiers may use.

A key's id is its RFC 7638 thumbprint, derived from the public key alone, so the same key gets
the same id wherever it is loaded. The ring is ordered oldest to newest: the newest key of an
algorithm signs, and every key stays published so that credentials signed before a rotation
remain verifiable. Private material never leaves `SigningKey` except through `private_pem`,
which only the key store calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from joserfc.errors import JoseError
from joserfc.jwk import OKPKey, RSAKey, import_key

from recognition.badges.urls import PublicUrls

Algorithm = Literal["RS256", "EdDSA"]
ALGORITHMS: tuple[Algorithm, ...] = ("RS256", "EdDSA")
MIN_RSA_BITS = 2048  # what OB 3.0 (via the 1EdTech security framework) asks as a minimum


class KeyMaterialError(ValueError):
    """Key material that cannot be used: unreadable, public only, or of an unsupported type."""


@dataclass(frozen=True, eq=False)
class SigningKey:
    """A private signing key with its algorithm and thumbprint."""

    algorithm: Algorithm
    jose_key: RSAKey | OKPKey

    @property
    def thumbprint(self) -> str:
        return str(self.jose_key.thumbprint())

    def public_jwk(self, urls: PublicUrls) -> dict[str, Any]:
        """The public JWK, its `kid` being the URL it is served at (never contains `d`)."""
        jwk = dict(self.jose_key.as_dict(private=False))
        jwk.update(kid=urls.jwk(self.thumbprint), alg=self.algorithm, use="sig")
        return jwk

    def public_pem(self) -> str:
        return self.jose_key.as_pem(private=False).decode()

    def private_pem(self) -> bytes:
        """PKCS#8 PEM of the private key, for the key store to write; nothing else calls this."""
        return self.jose_key.as_pem(private=True)

    def __repr__(self) -> str:  # never print key material in logs or tracebacks
        return f"SigningKey({self.algorithm}, {self.thumbprint})"


def generate_key(algorithm: Algorithm = "RS256") -> SigningKey:
    """A fresh key: RSA 2048 for RS256, Ed25519 for EdDSA."""
    if algorithm == "RS256":
        return SigningKey("RS256", RSAKey.generate_key(MIN_RSA_BITS))
    if algorithm == "EdDSA":
        return SigningKey("EdDSA", OKPKey.generate_key("Ed25519"))
    raise KeyMaterialError(
        f"unsupported algorithm {algorithm!r}; use one of {', '.join(ALGORITHMS)}"
    )


def load_key(material: str | bytes) -> SigningKey:
    """A private key from PEM (PKCS#8 or traditional) or from a private JWK in JSON."""
    text = material.decode() if isinstance(material, bytes) else material
    try:
        if text.lstrip().startswith("{"):
            data = json.loads(text)
            key = import_key(data, key_type=data.get("kty"))
        else:
            key = _import_pem(text.encode())
    except (ValueError, TypeError, JoseError) as error:
        raise KeyMaterialError(f"unreadable key material: {error}") from error
    return _signing_key(key)


def _import_pem(pem: bytes) -> RSAKey | OKPKey:
    last: Exception | None = None
    for key_type in (RSAKey, OKPKey):
        try:
            return key_type.import_key(pem)
        except (ValueError, TypeError, JoseError) as error:
            last = error
    raise KeyMaterialError(f"not an RSA or Ed25519 private key in PEM: {last}")


def _signing_key(key: Any) -> SigningKey:
    if not getattr(key, "is_private", False):
        raise KeyMaterialError(
            "the key material holds a public key only; a private key is required"
        )
    if isinstance(key, RSAKey):
        bits = key.private_key.key_size if key.private_key is not None else 0
        if bits < MIN_RSA_BITS:
            raise KeyMaterialError(f"RSA keys must have at least {MIN_RSA_BITS} bits, got {bits}")
        return SigningKey("RS256", key)
    if isinstance(key, OKPKey) and key.as_dict(private=False).get("crv") == "Ed25519":
        return SigningKey("EdDSA", key)
    raise KeyMaterialError("only RSA (RS256) and Ed25519 (EdDSA) keys are supported")


class KeyRing:
    """Keys in rotation order, oldest first; the newest of an algorithm signs."""

    def __init__(self, keys: Iterable[SigningKey]) -> None:
        ordered: dict[str, SigningKey] = {}
        for key in keys:
            ordered.pop(key.thumbprint, None)  # a key loaded twice counts at its last place
            ordered[key.thumbprint] = key
        self._keys = tuple(ordered.values())

    def __iter__(self) -> Iterator[SigningKey]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def signing_key(self, algorithm: Algorithm = "RS256") -> SigningKey:
        """The newest key of `algorithm`; raises KeyMaterialError when the ring has none."""
        for key in reversed(self._keys):
            if key.algorithm == algorithm:
                return key
        raise KeyMaterialError(f"no {algorithm} key in the key ring")

    def get(self, thumbprint: str) -> SigningKey | None:
        return next((k for k in self._keys if k.thumbprint == thumbprint), None)

    def jwks(self, urls: PublicUrls) -> dict[str, Any]:
        """The JWK Set of every key, old ones included, so earlier credentials still verify."""
        return {"keys": [key.public_jwk(urls) for key in self._keys]}
