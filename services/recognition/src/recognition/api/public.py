"""Verification without an account: Open Badges 2.0 hosted documents, Open Badges 3.0
credentials (VC-JWT), status and revocation lists, keys, and (baked) images.

These are the only routes besides health and docs that need no token: verifiers and badge
displayers dereference them from the badges themselves.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response

from continuum_runtime.api.deps import ReadOnlyUnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import ContextDep, SlugPath
from recognition.service_layer import verification as cases

router = APIRouter(prefix="/public", tags=["public verification"])

JSON_LD = "application/ld+json"
VC_JWT = "application/vc+jwt"
Thumbprint = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
ImageFormat = Literal["png", "svg"]
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}


DOCUMENT = {"type": "object"}
TEXT = {"type": "string"}
BINARY = {"type": "string", "format": "binary"}


def _served(
    description: str, *media: str, schema: dict[str, Any] = DOCUMENT, gone: bool = False
) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of a public route: what it serves, in which media types, and
    (gone=True) the 410 JSON-LD document of a revoked assertion."""
    responses: dict[int | str, dict[str, Any]] = {
        200: {"description": description, "content": {m: {"schema": schema} for m in media}}
    }
    if gone:
        responses[410] = {
            "description": "Revoked: the assertion with revoked: true and the reason",
            "content": {JSON_LD: {"schema": DOCUMENT}},
        }
    return responses


def _json(document: dict[str, Any], status: int = 200, media_type: str = JSON_LD) -> JSONResponse:
    return JSONResponse(document, status_code=status, media_type=media_type, headers=PUBLIC_CACHE)


@router.get(
    "/ob2/issuer",
    summary="OB 2.0 issuer profile",
    response_class=Response,
    responses=_served("Issuer", JSON_LD),
)
async def ob2_issuer(ctx: ContextDep) -> JSONResponse:
    return _json(cases.issuer_ob2(ctx))


@router.get(
    "/ob2/badges/{badge_id}",
    summary="OB 2.0 BadgeClass",
    response_class=Response,
    responses={**_served("BadgeClass", JSON_LD), **problem_responses(404, 422)},
)
async def ob2_badge(
    badge_id: SlugPath, uow: ReadOnlyUnitOfWorkDep, ctx: ContextDep
) -> JSONResponse:
    return _json(await cases.badge_class(uow=uow, ctx=ctx, badge_id=badge_id))


@router.get(
    "/ob2/assertions/{award_id}",
    summary="OB 2.0 hosted Assertion (410 with revoked: true once revoked)",
    response_class=Response,
    responses={**_served("Assertion", JSON_LD, gone=True), **problem_responses(404, 422)},
)
async def ob2_assertion(
    award_id: uuid.UUID, uow: ReadOnlyUnitOfWorkDep, ctx: ContextDep
) -> JSONResponse:
    try:
        return _json(await cases.assertion(uow=uow, ctx=ctx, award_id=award_id))
    except cases.Gone as gone:
        return _json(gone.document, status=410)


@router.get(
    "/ob2/keys/{thumbprint}",
    summary="OB 2.0 CryptographicKey",
    response_class=Response,
    responses={**_served("CryptographicKey", JSON_LD), **problem_responses(404, 422)},
)
async def ob2_key(thumbprint: Thumbprint, ctx: ContextDep) -> JSONResponse:
    return _json(cases.key_ob2(ctx, thumbprint))


@router.get(
    "/ob2/revocations",
    summary="OB 2.0 RevocationList",
    response_class=Response,
    responses=_served("RevocationList", JSON_LD),
)
async def ob2_revocations(uow: ReadOnlyUnitOfWorkDep, ctx: ContextDep) -> JSONResponse:
    return _json(await cases.revocation_list(uow=uow, ctx=ctx))


@router.get(
    "/badges/{badge_id}/criteria",
    summary="What earns a badge (Markdown)",
    response_class=Response,
    responses={
        **_served("Criteria", "text/markdown; charset=utf-8", schema=TEXT),
        **problem_responses(404, 422),
    },
)
async def criteria(badge_id: SlugPath, uow: ReadOnlyUnitOfWorkDep) -> Response:
    text = await cases.criteria(uow=uow, badge_id=badge_id)
    return Response(text, media_type="text/markdown; charset=utf-8", headers=PUBLIC_CACHE)


@router.get(
    "/ob3/issuer",
    summary="OB 3.0 issuer Profile (names its JWK Set)",
    response_class=Response,
    responses=_served("Profile", JSON_LD),
)
async def ob3_issuer(ctx: ContextDep) -> JSONResponse:
    return _json(cases.issuer_ob3(ctx))


@router.get(
    "/ob3/achievements/{badge_id}",
    summary="OB 3.0 Achievement",
    response_class=Response,
    responses={**_served("Achievement", JSON_LD), **problem_responses(404, 422)},
)
async def ob3_achievement(
    badge_id: SlugPath, uow: ReadOnlyUnitOfWorkDep, ctx: ContextDep
) -> JSONResponse:
    return _json(await cases.achievement(uow=uow, ctx=ctx, badge_id=badge_id))


@router.get(
    "/ob3/credentials/{award_id}",
    summary="The award as an OpenBadgeCredential signed as a VC-JWT",
    response_class=Response,
    responses={**_served("VC-JWT", VC_JWT, schema=TEXT), **problem_responses(404, 422)},
)
async def ob3_credential(
    award_id: uuid.UUID, uow: ReadOnlyUnitOfWorkDep, ctx: ContextDep
) -> Response:
    token = await cases.credential_jwt(uow=uow, ctx=ctx, award_id=award_id)
    return Response(token, media_type=VC_JWT, headers={"Cache-Control": "no-cache"})


@router.get(
    "/ob3/status/{list_id}",
    summary="Bitstring status list credential (VC-JWT)",
    response_class=Response,
    responses={**_served("VC-JWT", VC_JWT, schema=TEXT), **problem_responses(404, 422)},
)
async def ob3_status(
    list_id: Annotated[str, Path(max_length=10)], uow: ReadOnlyUnitOfWorkDep, ctx: ContextDep
) -> Response:
    token = await cases.status_list_jwt(uow=uow, ctx=ctx, list_id=list_id)
    return Response(token, media_type=VC_JWT, headers={"Cache-Control": "no-cache"})


@router.get(
    "/.well-known/jwks.json",
    summary="Every signing key, old ones included",
    response_class=Response,
    responses=_served("JWK Set", "application/jwk-set+json"),
)
async def jwks(ctx: ContextDep) -> JSONResponse:
    return _json(cases.jwks(ctx), media_type="application/jwk-set+json")


@router.get(
    "/keys/{thumbprint}",
    summary="One public JWK (a credential's kid)",
    response_class=Response,
    responses={**_served("JWK", "application/jwk+json"), **problem_responses(404, 422)},
)
async def jwk(thumbprint: Thumbprint, ctx: ContextDep) -> JSONResponse:
    return _json(cases.public_jwk(ctx, thumbprint), media_type="application/jwk+json")


@router.get(
    "/badges/{badge_id}/image.{image_format}",
    summary="A badge's image",
    response_class=Response,
    responses={
        **_served("PNG or SVG", *MEDIA.values(), schema=BINARY),
        **problem_responses(404, 422),
    },
)
async def badge_image(
    badge_id: SlugPath, image_format: ImageFormat, uow: ReadOnlyUnitOfWorkDep
) -> Response:
    image = await cases.badge_image(uow=uow, badge_id=badge_id, image_format=image_format)
    return Response(image, media_type=MEDIA[image_format], headers=PUBLIC_CACHE)


@router.get(
    "/awards/{award_id}/image.{image_format}",
    summary="The badge image with the award baked in (OB 2.0 assertion, or OB 3.0 VC-JWT)",
    response_class=Response,
    responses={
        **_served("PNG or SVG", *MEDIA.values(), schema=BINARY, gone=True),
        **problem_responses(404, 422),
    },
)
async def baked_image(
    award_id: uuid.UUID,
    image_format: ImageFormat,
    uow: ReadOnlyUnitOfWorkDep,
    ctx: ContextDep,
    standard: Annotated[Literal["ob2", "ob3"], Query()] = "ob2",
) -> Response:
    try:
        baked = await cases.baked_image(
            uow=uow, ctx=ctx, award_id=award_id, image_format=image_format, standard=standard
        )
    except cases.Gone as gone:
        return _json(gone.document, status=410)
    return Response(
        baked.content, media_type=baked.media_type, headers={"Cache-Control": "no-cache"}
    )
