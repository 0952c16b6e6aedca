"""Where signing keys live: a directory of PEM files (development) or configured material.

In development the service generates a key on first run into the directory its settings name,
so `make run` needs no setup; in production keys come from configuration (PEM or private JWK,
oldest first). Rotation writes a new key and keeps the old ones: the newest signs, all verify.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recognition.badges.keys import Algorithm, KeyRing, SigningKey, generate_key, load_key
from recognition.badges.urls import PublicUrls

_SUFFIX = ".pem"


def load_directory(directory: Path) -> KeyRing:
    """Every `*.pem` key in the directory, in file-name order (names start with a timestamp)."""
    if not directory.is_dir():
        return KeyRing([])
    return KeyRing(load_key(path.read_bytes()) for path in sorted(directory.glob(f"*{_SUFFIX}")))


def load_or_create(directory: Path, algorithm: Algorithm = "RS256") -> KeyRing:
    """The directory's key ring, with a new `algorithm` key written first if it has none."""
    ring = load_directory(directory)
    if any(key.algorithm == algorithm for key in ring):
        return ring
    return rotate(directory, algorithm)


def rotate(
    directory: Path, algorithm: Algorithm = "RS256", *, now: datetime | None = None
) -> KeyRing:
    """Write a new key that becomes the signing key; earlier keys stay to verify old badges."""
    key = generate_key(algorithm)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    write_key(directory / f"{stamp}-{algorithm.lower()}-{key.thumbprint[:12]}{_SUFFIX}", key)
    return load_directory(directory)


def write_key(path: Path, key: SigningKey) -> None:
    """Write the private key readable by its owner only (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key.private_pem())
    partial.replace(path)


def load_configured(materials: Sequence[str]) -> KeyRing:
    """Keys from configuration (PEM or private JWK text), oldest first; the last one signs."""
    return KeyRing(load_key(material) for material in materials)


class GeneratedOnFirstUse(KeyRing):
    """Development keys, read from their directory (a first key written there) only when first
    needed: creating the app, to read its routes or OpenAPI document, writes nothing.

    `directory` is asked for then too, so that a missing setting fails at start, not at import.
    """

    def __init__(self, directory: Callable[[], Path], algorithm: Algorithm = "RS256") -> None:
        super().__init__(())
        self._directory = directory
        self._algorithm = algorithm
        self._loaded = False

    def load(self) -> None:
        if not self._loaded:
            self._keys = tuple(load_or_create(self._directory(), self._algorithm))
            self._loaded = True

    def __iter__(self) -> Iterator[SigningKey]:
        self.load()
        return super().__iter__()

    def __len__(self) -> int:
        self.load()
        return super().__len__()

    def signing_key(self, algorithm: Algorithm = "RS256") -> SigningKey:
        self.load()
        return super().signing_key(algorithm)

    def get(self, thumbprint: str) -> SigningKey | None:
        self.load()
        return super().get(thumbprint)

    def jwks(self, urls: PublicUrls) -> dict[str, Any]:
        self.load()
        return super().jwks(urls)
