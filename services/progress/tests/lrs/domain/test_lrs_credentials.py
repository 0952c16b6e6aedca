"""Secrets of xAPI client credentials are kept as a keyed hash (the pepper is not stored)."""

from progress.lrs.domain.credentials import hash_secret, secret_matches


def test_secrets_are_stored_as_a_keyed_hash() -> None:
    stored = hash_secret("s3cret", "pepper")
    assert stored != hash_secret("s3cret", "other pepper")
    assert secret_matches("s3cret", stored, "pepper")
    assert not secret_matches("s3cret!", stored, "pepper")
    # HMAC-SHA256 as hex, not a slow password hash: hash_secret says why that is safe here.
    assert len(stored) == 64
