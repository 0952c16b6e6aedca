"""Event handlers: each runs in the inbox transaction and calls a use case."""

from __future__ import annotations

from continuum_runtime.service import ServiceRuntime
from recognition.consumers import catalog, hris, learning
from recognition.service_layer.context import Recognition


def subscribe(runtime: ServiceRuntime, ctx: Recognition) -> None:
    learning.subscribe(runtime, ctx)
    hris.subscribe(runtime)
    catalog.subscribe(runtime)
