"""The public addresses of recognition's verifiable documents, derived from one base URL.

Verifiers dereference these without an account, so they must never change once a badge is out:
the API routes and the documents are both built from this one class.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class PublicUrls:
    """URLs under `base` (e.g. 'https://learn.example.com/recognition/public')."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.startswith(("https://", "http://")):
            raise ValueError(f"base URL {self.base!r} must be an http(s) URL")
        object.__setattr__(self, "base", self.base.rstrip("/"))

    # -- Open Badges 2.0 (hosted JSON-LD) ---------------------------------------------------

    def issuer(self) -> str:
        return f"{self.base}/ob2/issuer"

    def badge_class(self, badge_id: str) -> str:
        return f"{self.base}/ob2/badges/{badge_id}"

    def assertions_prefix(self) -> str:
        """Every hosted assertion id starts with this: the scope the issuer profile declares."""
        return f"{self.base}/ob2/assertions/"

    def assertion(self, award_id: UUID) -> str:
        return f"{self.assertions_prefix()}{award_id}"

    def ob2_key(self, thumbprint: str) -> str:
        return f"{self.base}/ob2/keys/{thumbprint}"

    def revocation_list(self) -> str:
        return f"{self.base}/ob2/revocations"

    def criteria(self, badge_id: str) -> str:
        return f"{self.base}/badges/{badge_id}/criteria"

    # -- Open Badges 3.0 (verifiable credentials) -------------------------------------------

    def profile(self) -> str:
        return f"{self.base}/ob3/issuer"

    def achievement(self, badge_id: str) -> str:
        return f"{self.base}/ob3/achievements/{badge_id}"

    def credential(self, award_id: UUID) -> str:
        return f"{self.base}/ob3/credentials/{award_id}"

    def status_list(self, list_id: str) -> str:
        return f"{self.base}/ob3/status/{list_id}"

    def jwk(self, thumbprint: str) -> str:
        """The `kid` of a signing key: dereferences to its public JWK, as OB 3.0 asks."""
        return f"{self.base}/keys/{thumbprint}"

    def jwks(self) -> str:
        return f"{self.base}/.well-known/jwks.json"

    # -- images -----------------------------------------------------------------------------

    def badge_image(self, badge_id: str, extension: str = "svg") -> str:
        return f"{self.base}/badges/{badge_id}/image.{extension}"

    def baked_image(self, award_id: UUID, extension: str = "png") -> str:
        return f"{self.base}/awards/{award_id}/image.{extension}"
