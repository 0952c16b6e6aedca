"""Key ring and key store: generated on first run, loaded from PEM or JWK, rotated safely."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from recognition_factories import URLS

from recognition.badges import keystore
from recognition.badges.keys import KeyMaterialError, KeyRing, generate_key, load_key


def test_first_run_generates_one_private_key_file_and_reuses_it(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    ring = keystore.load_or_create(directory)
    [path] = directory.glob("*.pem")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()
    again = keystore.load_or_create(directory)
    assert [k.thumbprint for k in again] == [k.thumbprint for k in ring]
    assert len(list(directory.glob("*.pem"))) == 1


def test_rotation_signs_with_the_newest_key_and_keeps_the_old_ones(tmp_path: Path) -> None:
    first = keystore.load_or_create(tmp_path).signing_key()
    ring = keystore.rotate(tmp_path, now=datetime(2099, 1, 1, tzinfo=UTC))
    assert ring.signing_key().thumbprint != first.thumbprint
    assert next(iter(ring)).thumbprint == first.thumbprint
    assert len(ring.jwks(URLS)["keys"]) == 2
    eddsa = keystore.load_or_create(tmp_path, "EdDSA")
    assert eddsa.signing_key("EdDSA").algorithm == "EdDSA"
    assert eddsa.signing_key("RS256").thumbprint == ring.signing_key().thumbprint


def test_configured_keys_load_from_pem_and_private_jwk_in_order() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    traditional = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    newer = generate_key("RS256")
    jwk = json.dumps(newer.jose_key.as_dict(private=True))
    ring = keystore.load_configured([traditional, jwk])
    assert ring.signing_key().thumbprint == newer.thumbprint
    assert len(ring) == 2
    same = load_key(newer.private_pem())
    assert same.thumbprint == newer.thumbprint  # the id follows from the key, wherever loaded


@pytest.mark.filterwarnings("ignore:Key size should be")
def test_unusable_key_material_is_refused_with_a_reason() -> None:
    public_only = generate_key("RS256").public_pem()
    with pytest.raises(KeyMaterialError, match="public key only"):
        load_key(public_only)
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(KeyMaterialError, match="2048"):
        load_key(weak)
    with pytest.raises(KeyMaterialError, match="unreadable"):
        load_key("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    with pytest.raises(KeyMaterialError, match="unreadable"):
        load_key('{"kty": "RSA"}')
    with pytest.raises(KeyMaterialError, match="no EdDSA key"):
        KeyRing([generate_key("RS256")]).signing_key("EdDSA")


def test_ed25519_keys_from_pem_are_eddsa_keys() -> None:
    pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key = load_key(pem)
    assert key.algorithm == "EdDSA"
    assert key.public_jwk(URLS)["crv"] == "Ed25519"


def test_a_key_never_shows_its_material_when_printed() -> None:
    key = generate_key("RS256")
    assert repr(key) == f"SigningKey(RS256, {key.thumbprint})"
    assert "PRIVATE" not in str(key)


def test_a_key_loaded_twice_counts_once_at_its_latest_place() -> None:
    a, b = generate_key("RS256"), generate_key("RS256")
    ring = KeyRing([a, b, a])
    assert [k.thumbprint for k in ring] == [b.thumbprint, a.thumbprint]
    assert ring.signing_key().thumbprint == a.thumbprint
    assert ring.get(b.thumbprint) is b and ring.get("nope") is None
