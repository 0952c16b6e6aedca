"""The public, verifiable side of awards: Open Badges 2.0 hosted documents, Open Badges 3.0
credentials signed as VC-JWTs, revocation lists, keys and (baked) images. Nothing here needs
an account; nothing here returns private key material or a learner's address (recipients are
salted hashes)."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.badges import ob2, ob3, status_list
from recognition.badges.baking import bake_png, bake_svg
from recognition.badges.images import badge_png, badge_svg
from recognition.badges.model import (
    BadgeAward,
    BadgeDefinition,
    EvidenceItem,
    Recipient,
    Revocation,
    SkillAlignment,
)
from recognition.badges.signing import sign_credential
from recognition.service_layer.context import Recognition
from recognition.store import awards as award_store
from recognition.store import catalog as catalog_store
from recognition.store import rules as rule_store
from recognition.store.tables import AwardRow, BadgeRow, SkillRow

Document = dict[str, Any]
ImageFormat = Literal["png", "svg"]
Standard = Literal["ob2", "ob3"]
_UUID_TAIL = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


class Gone(Exception):
    """The award was revoked: its hosted assertion answers 410 with this document."""

    def __init__(self, document: Document) -> None:
        super().__init__("revoked")
        self.document = document


def issuer_ob2(ctx: Recognition) -> Document:
    return ob2.issuer_profile(ctx.issuer, ctx.urls, ctx.keys)


def issuer_ob3(ctx: Recognition) -> Document:
    profile = ob3.profile(ctx.issuer, ctx.urls)
    return profile | {"jwks": ctx.urls.jwks()}


def key_ob2(ctx: Recognition, thumbprint: str) -> Document:
    key = ctx.keys.get(thumbprint)
    if key is None or key.algorithm != "RS256":
        raise NotFound("key", thumbprint)
    return ob2.cryptographic_key(key, ctx.urls)


def public_jwk(ctx: Recognition, thumbprint: str) -> Document:
    key = ctx.keys.get(thumbprint)
    if key is None:
        raise NotFound("key", thumbprint)
    return key.public_jwk(ctx.urls)


async def badge_class(*, uow: UnitOfWork, ctx: Recognition, badge_id: str) -> Document:
    async with uow:
        return ob2.badge_class(await _definition(uow.session, ctx, badge_id), ctx.urls)


async def achievement(*, uow: UnitOfWork, ctx: Recognition, badge_id: str) -> Document:
    async with uow:
        definition = await _definition(uow.session, ctx, badge_id)
    return {"@context": list(ob3.CONTEXTS)} | ob3.achievement(definition, ctx.urls, ctx.issuer)


async def criteria(*, uow: UnitOfWork, badge_id: str) -> str:
    async with uow:
        badge = await rule_store.badge_by_id(uow.session, badge_id)
    if badge is None:
        raise NotFound("badge", badge_id)
    return f"# {badge.name}\n\n{badge.criteria}\n"


async def assertion(*, uow: UnitOfWork, ctx: Recognition, award_id: uuid.UUID) -> Document:
    """The hosted assertion; `Gone` (410) with the revocation document once revoked."""
    async with uow:
        award = await _badge_award(uow.session, ctx, award_id)
    if award.revoked:
        raise Gone(ob2.revoked_assertion(award, ctx.urls))
    return ob2.assertion(award, ctx.urls)


async def revocation_list(*, uow: UnitOfWork, ctx: Recognition) -> Document:
    async with uow:
        rows = await award_store.revoked_awards(uow.session)
    return ob2.revocation_list(
        [(uuid.UUID(r.award_id), r.revocation_reason or "revoked") for r in rows], ctx.urls
    )


async def credential_jwt(*, uow: UnitOfWork, ctx: Recognition, award_id: uuid.UUID) -> str:
    """The award as a signed OpenBadgeCredential; revocation shows in its status list."""
    async with uow:
        award = await _badge_award(uow.session, ctx, award_id)
    return _signed_credential(ctx, award)


def _signed_credential(ctx: Recognition, award: BadgeAward) -> str:
    status = None
    if award.status_index is not None:
        list_id, index = status_list.locate(award.status_index)
        status = status_list.entry(ctx.urls, list_id, index)
    document = ob3.credential(award, ctx.issuer, ctx.urls, status=status)
    return sign_credential(document, ctx.keys.signing_key("RS256"), ctx.urls)


async def status_list_jwt(*, uow: UnitOfWork, ctx: Recognition, list_id: str) -> str:
    if not list_id.isdigit() or int(list_id) < 1:
        raise NotFound("status list", list_id)
    number = int(list_id)
    first = (number - 1) * status_list.LIST_BITS + 1  # award seq numbers start at 1
    async with uow:
        seqs = await award_store.revoked_seqs_between(
            uow.session, first, first + status_list.LIST_BITS - 1
        )
    document = status_list.credential(
        ctx.urls, list_id, [seq - first for seq in seqs], datetime.now(UTC)
    )
    return sign_credential(document, ctx.keys.signing_key("RS256"), ctx.urls)


def jwks(ctx: Recognition) -> Document:
    return ctx.keys.jwks(ctx.urls)


async def badge_image(*, uow: UnitOfWork, badge_id: str, image_format: ImageFormat) -> bytes:
    async with uow:
        badge = await rule_store.badge_by_id(uow.session, badge_id)
    if badge is None:
        raise NotFound("badge", badge_id)
    return _image(badge, image_format)


def _image(badge: BadgeRow, image_format: ImageFormat) -> bytes:
    draw = badge_png if image_format == "png" else badge_svg
    return draw(badge.name, badge.badge_id, badge.colour)


@dataclass(frozen=True)
class BakedImage:
    content: bytes
    media_type: str


async def baked_image(
    *,
    uow: UnitOfWork,
    ctx: Recognition,
    award_id: uuid.UUID,
    image_format: ImageFormat,
    standard: Standard,
) -> BakedImage:
    """The badge image with the award baked in (OB 2.0 assertion or OB 3.0 VC-JWT)."""
    async with uow:
        award = await _badge_award(uow.session, ctx, award_id)
        badge = await rule_store.badge_by_id(uow.session, award.badge.badge_id)
    if award.revoked:
        raise Gone(ob2.revoked_assertion(award, ctx.urls))
    assert badge is not None  # _badge_award found it
    image = _image(badge, image_format)
    if standard == "ob3":
        content = _signed_credential(ctx, award)
        verify = None
    else:
        content = json.dumps(ob2.assertion(award, ctx.urls), separators=(",", ":"))
        verify = ctx.urls.assertion(award_id)
    if image_format == "png":
        return BakedImage(bake_png(image, content, standard), "image/png")
    return BakedImage(bake_svg(image, content, standard, verify=verify), "image/svg+xml")


async def _definition(session: AsyncSession, ctx: Recognition, badge_id: str) -> BadgeDefinition:
    badge = await rule_store.badge_by_id(session, badge_id)
    if badge is None:
        raise NotFound("badge", badge_id)
    skills = await catalog_store.skills_by_ids(session, badge.skill_ids)
    alignments = tuple(
        _alignment(ctx, skill_id, skills.get(skill_id)) for skill_id in badge.skill_ids
    )
    return BadgeDefinition(
        badge_id=badge.badge_id,
        name=badge.name,
        description=badge.description,
        criteria=badge.criteria,
        image_url=ctx.urls.badge_image(badge.badge_id, "png"),
        alignments=alignments,
        tags=tuple(badge.tags),
        version=badge.version,
    )


def _alignment(ctx: Recognition, skill_id: str, skill: SkillRow | None) -> SkillAlignment:
    """A catalog skill (its ESCO URI when mapped); a skill not yet known by its id alone."""
    if skill is None:
        return SkillAlignment(
            skill_id=skill_id, name=skill_id, url=f"{ctx.issuer.url}/skills/{skill_id}"
        )
    return SkillAlignment(
        skill_id=skill_id,
        name=skill.name,
        url=skill.framework or f"{ctx.issuer.url}/skills/{skill_id}",
        description=skill.description,
    )


async def _badge_award(session: AsyncSession, ctx: Recognition, award_id: uuid.UUID) -> BadgeAward:
    row = await award_store.award_row(session, str(award_id))
    if row is None:
        raise NotFound("award", str(award_id))
    definition = await _definition(session, ctx, row.badge_id)
    # As hashed when the award was made: a later change of address never alters the assertion.
    recipient = Recipient(kind="email", identity_hash=row.recipient_identity, salt=row.salt)
    return badge_award(row, definition, recipient)


def badge_award(row: AwardRow, definition: BadgeDefinition, recipient: Recipient) -> BadgeAward:
    revocation = (
        Revocation(row.revocation_reason or "revoked", row.revoked_at)
        if row.revoked_at is not None
        else None
    )
    return BadgeAward(
        award_id=uuid.UUID(row.award_id),
        badge=definition,
        recipient=recipient,
        issued_on=row.earned_at,
        evidence=tuple(_evidence(e) for e in row.evidence),
        narrative=f"Earned under rule {row.rule_id} (version {row.rule_version}).",
        revocation=revocation,
        status_index=(row.seq - 1) if row.seq is not None else None,
    )


def _evidence(entry: dict[str, str]) -> EvidenceItem:
    match = _UUID_TAIL.search(entry["fact_id"])
    return EvidenceItem(
        name=entry["label"],
        narrative=f"{entry['fact_id']} at {entry['occurred_at']}",
        id=f"urn:uuid:{match.group(1)}" if match else None,
    )
