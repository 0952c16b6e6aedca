"""Live events for front ends: Kafka read by every replica, per-principal buffers, SSE."""

from gateway.live.hub import Delivered, LiveHub, Subscription
from gateway.live.reader import LiveReader
from gateway.live.routing import LIVE_TOPICS, ROUTES, LiveEvent, route
from gateway.live.sse import MEDIA_TYPE, comment, frame, stream

__all__ = [
    "LIVE_TOPICS",
    "MEDIA_TYPE",
    "ROUTES",
    "Delivered",
    "LiveEvent",
    "LiveHub",
    "LiveReader",
    "Subscription",
    "comment",
    "frame",
    "route",
    "stream",
]
