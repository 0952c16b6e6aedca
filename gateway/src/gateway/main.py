"""The gateway: the one public HTTP entry point. No database of its own (ADR 0008).

Front ends call `/v1`; HRIS systems post to `/v1/hris/events`; external learning content
reports to `/xapi`. Behind it, every backend call carries the caller's token, request id and
trace context, under the request's deadline and each backend's circuit breaker.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from continuum_runtime.app import HttpRuntime
from gateway.api import ROUTERS
from gateway.api.errors import install_gateway_errors
from gateway.api.openapi import DESCRIPTION, TAGS, install_openapi
from gateway.api.xapi import XAPI_PREFIX
from gateway.edge import RateLimitMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from gateway.edge.tokens import CachedVerifier
from gateway.settings import GatewaySettings
from gateway.wiring import build_gateway

VERSION = "1.0.0"


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    runtime = HttpRuntime(settings, producer=True)
    gateway = build_gateway(settings, runtime)
    for client in gateway.backends:
        # A backend down degrades the gateway (its parts go missing), never stops it serving.
        runtime.add_readiness_check(client.name, client.probe, required=False)
    runtime.on_start(gateway.start)
    runtime.on_stop(gateway.stop)
    app = runtime.create_app(
        title="Continuum API",
        version=VERSION,
        description=DESCRIPTION,
        routers=ROUTERS,
        openapi_tags=TAGS,
        # Operation ids are the route functions' names: what generated clients call them.
        generate_unique_id_function=lambda route: route.name,
        # The LRS answers errors as the xAPI specification says; its answers pass unchanged.
        problem_exempt_prefixes=(XAPI_PREFIX,),
    )
    app.state.gateway = gateway
    install_gateway_errors(app)
    install_openapi(app)
    # Each addition wraps the previous ones. From the outside in: CORS (preflights answered
    # first), security headers, the request id and forwarding, rate limits, then the
    # runtime's trace span and body limit (which reads the limit the context chose).
    app.add_middleware(
        RateLimitMiddleware,
        limiter=gateway.limiter,
        verifier=CachedVerifier(runtime.verifier, ttl_seconds=settings.auth_cache_seconds),
    )
    app.add_middleware(
        RequestContextMiddleware,
        body_limits=(
            ("/v1/hris/", settings.hris_max_request_bytes),
            (XAPI_PREFIX, settings.xapi_max_request_bytes),
        ),
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts_seconds=settings.hsts_seconds)
    origins = settings.cors_origin_list()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_credentials="*" not in origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-None-Match",
            "If-Match",
            "Last-Event-ID",
            "X-Request-ID",
            "X-Experience-API-Version",
        ],
        expose_headers=[
            "ETag",
            "Retry-After",
            "X-Request-ID",
            "Location",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
        ],
        max_age=600,
    )
    return app
