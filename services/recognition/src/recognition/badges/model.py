"""Plain values the badge documents are built from: issuer, badge, recipient, award.

These are what the store holds (or derives) for an award; the OB 2.0 and OB 3.0 builders turn
the same values into two standards, so both always describe the same achievement.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

IdentityKind = Literal["email"]


@dataclass(frozen=True)
class Issuer:
    """The organisation that issues the badges (OB 2.0 requires name, url and email)."""

    name: str
    url: str
    email: str
    description: str | None = None
    image_url: str | None = None


@dataclass(frozen=True)
class SkillAlignment:
    """A catalog skill a badge aligns to (OB AlignmentObject)."""

    skill_id: str
    name: str
    url: str
    framework: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class BadgeDefinition:
    """A badge class: what it recognises and how it is earned."""

    badge_id: str
    name: str
    description: str
    criteria: str  # narrative of what earns it; Markdown allowed
    image_url: str
    alignments: tuple[SkillAlignment, ...] = ()
    tags: tuple[str, ...] = ()
    version: int = 1


@dataclass(frozen=True)
class Recipient:
    """Who earned it, identified by a salted hash so the documents do not expose the address."""

    kind: IdentityKind
    identity_hash: str  # 'sha256$<hex>'
    salt: str

    @classmethod
    def hashed(cls, kind: IdentityKind, identity: str, salt: str | None = None) -> Recipient:
        """Hash `identity` (an email is compared case-insensitively) with a fresh or given salt."""
        salt = secrets.token_hex(16) if salt is None else salt
        return cls(kind=kind, identity_hash=identity_hash(kind, identity, salt), salt=salt)

    def matches(self, identity: str) -> bool:
        """Whether `identity` is the hashed one: what a verifier who knows the address checks."""
        return secrets.compare_digest(
            self.identity_hash, identity_hash(self.kind, identity, self.salt)
        )


def identity_hash(kind: IdentityKind, identity: str, salt: str) -> str:
    """'sha256$' and the hex SHA-256 of identity + salt, the OB IdentityHash form."""
    value = identity.strip().lower() if kind == "email" else identity.strip()
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence: a fact that counted towards the award."""

    name: str
    narrative: str | None = None
    id: str | None = None  # an IRI; a urn when the evidence is not a public web page


@dataclass(frozen=True)
class Revocation:
    reason: str
    revoked_at: datetime


@dataclass(frozen=True)
class BadgeAward:
    """One badge awarded to one recipient, with its evidence and revocation state."""

    award_id: UUID
    badge: BadgeDefinition
    recipient: Recipient
    issued_on: datetime
    evidence: tuple[EvidenceItem, ...] = ()
    narrative: str | None = None
    expires: datetime | None = None
    revocation: Revocation | None = None
    status_index: int | None = None  # position in the OB 3.0 revocation status list

    @property
    def revoked(self) -> bool:
        return self.revocation is not None


def iso_seconds(moment: datetime) -> str:
    """UTC, whole seconds, 'Z': JWT NumericDates have no fractions, and validFrom must equal nbf."""
    if moment.tzinfo is None:
        raise ValueError("badge timestamps must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
