"""Secrets of xAPI client credentials: kept only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac


def hash_secret(secret: str, pepper: str) -> str:
    """HMAC-SHA256 of a secret keyed with the server pepper, as hex.

    A slow password hash (bcrypt, scrypt) exists to stop guessing of low-entropy human passwords.
    These secrets are 32 random bytes (256 bits) made by the server, so guessing is hopeless and a
    fast keyed hash is as safe as a slow one; the pepper (kept outside the database) makes a
    stolen table useless on its own. Verifying takes a microsecond instead of ~100 ms, which
    matters when every xAPI request carries Basic credentials.
    """
    return hmac.new(pepper.encode(), secret.encode(), hashlib.sha256).hexdigest()


def secret_matches(secret: str, secret_hash: str, pepper: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, pepper), secret_hash)
