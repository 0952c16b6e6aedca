"""The LRS's routes under /xapi, and what every /xapi request shares (the protocol middleware,
xAPI errors for invalid data, X-Experience-API-Consistent-Through)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from continuum_runtime.api.openapi import add_openapi_step
from progress.lrs.api import about, documents, lookups, statements
from progress.lrs.api.openapi import describe_xapi
from progress.lrs.api.protocol import XapiProtocolMiddleware, xapi_error
from progress.lrs.domain import XapiValidationError, format_timestamp
from progress.lrs.service_layer.watermark import StoredWatermark
from progress.settings import ProgressSettings

PREFIX = "/xapi"

router = APIRouter()
router.include_router(statements.router)
router.include_router(documents.router)
router.include_router(lookups.router)
router.include_router(about.router)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, XapiValidationError)
    return xapi_error(400, exc.message, exc.path)


def install_xapi(app: FastAPI, settings: ProgressSettings, watermark: StoredWatermark) -> None:
    """Add the xAPI protocol middleware (outermost) and the 400 answer to invalid xAPI data."""
    app.state.xapi_watermark = watermark
    add_openapi_step(app, describe_xapi)
    app.add_exception_handler(XapiValidationError, _validation_error)
    app.add_middleware(
        XapiProtocolMiddleware,
        max_body_bytes=settings.max_request_bytes,
        consistent_through=lambda: format_timestamp(watermark.consistent_through()),
    )
