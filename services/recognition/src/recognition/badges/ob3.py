"""Open Badges 3.0: the award as an OpenBadgeCredential (W3C Verifiable Credentials 2.0).

The achievement sits in `credentialSubject`; the recipient is identified by a salted email hash
(`identifier`) and a per-credential pseudonymous `id`, so two verifiers cannot link a learner's
credentials through the subject id. Revocation is a bit in a Bitstring Status List. The
credential is signed as a VC-JWT by `signing.sign_credential`. No `credentialSchema` is named:
its type (1EdTechJsonSchemaValidator2019) is defined in neither published context, so JSON-LD
processors would drop it.
"""

from __future__ import annotations

import uuid
from typing import Any

from recognition.badges.model import (
    BadgeAward,
    BadgeDefinition,
    EvidenceItem,
    Issuer,
    SkillAlignment,
    iso_seconds,
)
from recognition.badges.status_list import VC_CONTEXT
from recognition.badges.urls import PublicUrls

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = (VC_CONTEXT, OB3_CONTEXT)
SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
IDENTITY_TYPES = {"email": "emailAddress"}

Document = dict[str, Any]


def profile(issuer: Issuer, urls: PublicUrls, *, standalone: bool = True) -> Document:
    """The issuer Profile; `standalone` adds the @context for serving it on its own."""
    document: Document = {
        "id": urls.profile(),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        document["description"] = issuer.description
    if issuer.image_url:
        document["image"] = {"id": issuer.image_url, "type": "Image"}
    return {"@context": list(CONTEXTS), **document} if standalone else document


def achievement(badge: BadgeDefinition, urls: PublicUrls, issuer: Issuer) -> Document:
    """The Achievement a badge stands for, with its criteria, image and skill alignments."""
    document: Document = {
        "id": urls.achievement(badge.badge_id),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge.name,
        "description": badge.description,
        "criteria": {"id": urls.criteria(badge.badge_id), "narrative": badge.criteria},
        "image": {"id": badge.image_url, "type": "Image", "caption": badge.name},
        "creator": profile(issuer, urls, standalone=False),
        "version": str(badge.version),
    }
    if badge.alignments:
        document["alignment"] = [_alignment(a) for a in badge.alignments]
    if badge.tags:
        document["tag"] = list(badge.tags)
    return document


def _alignment(alignment: SkillAlignment) -> Document:
    entry: Document = {
        "type": ["Alignment"],
        "targetName": alignment.name,
        "targetUrl": alignment.url,
        "targetCode": alignment.skill_id,
    }
    if alignment.framework:
        entry["targetFramework"] = alignment.framework
    if alignment.description:
        entry["targetDescription"] = alignment.description
    return entry


def subject_id(award: BadgeAward) -> str:
    """A stable pseudonymous subject id for one credential (the JWT `sub`)."""
    return uuid.uuid5(award.award_id, "credentialSubject").urn


def credential(
    award: BadgeAward,
    issuer: Issuer,
    urls: PublicUrls,
    *,
    status: Document | None = None,
) -> Document:
    """The unsigned OpenBadgeCredential of one award; `status` is its credentialStatus entry."""
    recipient = award.recipient
    document: Document = {
        "@context": list(CONTEXTS),
        "id": urls.credential(award.award_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.badge.name,
        "issuer": profile(issuer, urls, standalone=False),
        "validFrom": iso_seconds(award.issued_on),
        "awardedDate": iso_seconds(award.issued_on),
        "image": {"id": urls.baked_image(award.award_id, "png"), "type": "Image"},
        "credentialSubject": {
            "id": subject_id(award),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": IDENTITY_TYPES[recipient.kind],
                    "hashed": True,
                    "identityHash": recipient.identity_hash,
                    "salt": recipient.salt,
                }
            ],
            "achievement": achievement(award.badge, urls, issuer),
        },
    }
    if award.expires is not None:
        document["validUntil"] = iso_seconds(award.expires)
    if award.evidence:
        document["evidence"] = [_evidence(item) for item in award.evidence]
    if award.narrative:
        document["description"] = award.narrative
    if status is not None:
        document["credentialStatus"] = status
    return document


def _evidence(item: EvidenceItem) -> Document:
    entry: Document = {"type": ["Evidence"], "name": item.name}
    if item.id:
        entry["id"] = item.id
    if item.narrative:
        entry["narrative"] = item.narrative
    return entry
