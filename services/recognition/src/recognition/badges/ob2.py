"""Open Badges 2.0 documents as JSON-LD: issuer profile, badge class, assertion, key, revocations.

Hosted assertions live at their `id` URL (the API answers 410 Gone with the revoked form once
withdrawn); signed assertions carry a `urn:uuid` id and travel as a JWS (see `signing`), with
revocation published in the issuer's revocation list. Only RSA keys are listed in the profile:
RS256 is the one algorithm OB 2.0 verifiers are expected to support.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal
from uuid import UUID

from recognition.badges.keys import KeyRing, SigningKey
from recognition.badges.model import (
    BadgeAward,
    BadgeDefinition,
    EvidenceItem,
    Issuer,
    SkillAlignment,
    iso_seconds,
)
from recognition.badges.urls import PublicUrls

CONTEXT = "https://w3id.org/openbadges/v2"
MEDIA_TYPE = "application/ld+json"
Verification = Literal["hosted", "signed"]

Document = dict[str, Any]


def issuer_profile(issuer: Issuer, urls: PublicUrls, keys: KeyRing) -> Document:
    """The issuer Profile, naming its public keys, revocation list and hosted-assertion scope."""
    document: Document = {
        "@context": CONTEXT,
        "id": urls.issuer(),
        "type": "Issuer",
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "verification": {
            "type": "VerificationObject",
            "startsWith": urls.assertions_prefix(),
        },
        "revocationList": urls.revocation_list(),
    }
    if issuer.description:
        document["description"] = issuer.description
    if issuer.image_url:
        document["image"] = issuer.image_url
    rsa_keys = [urls.ob2_key(key.thumbprint) for key in keys if key.algorithm == "RS256"]
    if rsa_keys:
        document["publicKey"] = rsa_keys
    return document


def badge_class(badge: BadgeDefinition, urls: PublicUrls) -> Document:
    """The BadgeClass: name, description, image, criteria (narrative and page), skill alignment."""
    document: Document = {
        "@context": CONTEXT,
        "id": urls.badge_class(badge.badge_id),
        "type": "BadgeClass",
        "name": badge.name,
        "description": badge.description,
        "image": badge.image_url,
        "criteria": {"id": urls.criteria(badge.badge_id), "narrative": badge.criteria},
        "issuer": urls.issuer(),
        "version": badge.version,
    }
    if badge.alignments:
        document["alignment"] = [_alignment(a) for a in badge.alignments]
    if badge.tags:
        document["tags"] = list(badge.tags)
    return document


def _alignment(alignment: SkillAlignment) -> Document:
    entry: Document = {
        "targetName": alignment.name,
        "targetUrl": alignment.url,
        "targetCode": alignment.skill_id,
    }
    if alignment.framework:
        entry["targetFramework"] = alignment.framework
    if alignment.description:
        entry["targetDescription"] = alignment.description
    return entry


def assertion_id(award_id: UUID, urls: PublicUrls, verification: Verification) -> str:
    """A hosted assertion is identified by its URL, a signed one by a urn:uuid (as OB 2.0 advises)."""
    return urls.assertion(award_id) if verification == "hosted" else award_id.urn


def assertion(
    award: BadgeAward,
    urls: PublicUrls,
    *,
    verification: Verification = "hosted",
    signing_key: SigningKey | None = None,
) -> Document:
    """The Assertion of one award; pass the signing key for the `signed` verification form."""
    document: Document = {
        "@context": CONTEXT,
        "id": assertion_id(award.award_id, urls, verification),
        "type": "Assertion",
        "recipient": {
            "type": award.recipient.kind,
            "hashed": True,
            "salt": award.recipient.salt,
            "identity": award.recipient.identity_hash,
        },
        "badge": urls.badge_class(award.badge.badge_id),
        "issuedOn": iso_seconds(award.issued_on),
        "image": urls.baked_image(award.award_id, "png"),
        "verification": _verification(verification, signing_key, urls),
    }
    if award.evidence:
        document["evidence"] = [_evidence(item) for item in award.evidence]
    if award.narrative:
        document["narrative"] = award.narrative
    if award.expires is not None:
        document["expires"] = iso_seconds(award.expires)
    return document


def _verification(
    verification: Verification, signing_key: SigningKey | None, urls: PublicUrls
) -> Document:
    if verification == "hosted":
        return {"type": "hosted"}
    if signing_key is None or signing_key.algorithm != "RS256":
        raise ValueError("a signed OB 2.0 assertion needs an RS256 signing key")
    return {"type": "signed", "creator": urls.ob2_key(signing_key.thumbprint)}


def _evidence(item: EvidenceItem) -> Document:
    entry: Document = {"type": "Evidence", "name": item.name}
    if item.id:
        entry["id"] = item.id
    if item.narrative:
        entry["narrative"] = item.narrative
    return entry


def revoked_assertion(award: BadgeAward, urls: PublicUrls) -> Document:
    """What a hosted assertion URL answers (with 410 Gone) once revoked: id, revoked, reason."""
    if award.revocation is None:
        raise ValueError(f"award {award.award_id} is not revoked")
    return {
        "@context": CONTEXT,
        "id": urls.assertion(award.award_id),
        "type": "Assertion",
        "revoked": True,
        "revocationReason": award.revocation.reason,
    }


def cryptographic_key(key: SigningKey, urls: PublicUrls) -> Document:
    """A public key document, linked both ways with the issuer profile (owner / publicKey)."""
    return {
        "@context": CONTEXT,
        "id": urls.ob2_key(key.thumbprint),
        "type": "CryptographicKey",
        "owner": urls.issuer(),
        "publicKeyPem": key.public_pem(),
    }


def revocation_list(revoked: Iterable[tuple[UUID, str]], urls: PublicUrls) -> Document:
    """The issuer's list of revoked signed assertions, as (award id, reason) pairs."""
    return {
        "@context": CONTEXT,
        "id": urls.revocation_list(),
        "type": "RevocationList",
        "issuer": urls.issuer(),
        "revokedAssertions": [
            {"id": award_id.urn, "revocationReason": reason} for award_id, reason in revoked
        ],
    }
