"""The gateway's edge: what every incoming request passes before a route sees it."""

from gateway.edge.context import RequestContextMiddleware
from gateway.edge.limits import RateLimitMiddleware
from gateway.edge.security import SecurityHeadersMiddleware

__all__ = ["RateLimitMiddleware", "RequestContextMiddleware", "SecurityHeadersMiddleware"]
