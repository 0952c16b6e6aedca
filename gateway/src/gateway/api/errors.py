"""Backend failures raised anywhere in a route, answered as problem details."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

from gateway.backends import BackendError
from gateway.compose import RequiredPartMissing
from gateway.problems import backend_failure_response, required_part_response


def install_gateway_errors(app: FastAPI) -> None:
    @app.exception_handler(RequiredPartMissing)
    async def required_part(request: Request, exc: RequiredPartMissing) -> Response:
        return required_part_response(exc.missing, instance=request.url.path)

    @app.exception_handler(BackendError)
    async def backend_failed(request: Request, exc: BackendError) -> Response:
        return backend_failure_response(
            reason=exc.reason,
            backend=exc.backend,
            detail=str(exc),
            instance=request.url.path,
            retry_after=exc.retry_after,
        )
