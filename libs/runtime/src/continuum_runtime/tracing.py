"""OpenTelemetry set-up and W3C trace context carried through the outbox and Kafka headers."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind

_provider: TracerProvider | None = None


def configure_tracing(
    service_name: str,
    otlp_endpoint: str | None = None,
    extra_processor: SpanProcessor | None = None,
) -> TracerProvider:
    """Install one tracer provider per process; exporting is off unless an endpoint is set."""
    global _provider
    if _provider is None:
        _provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        trace.set_tracer_provider(_provider)
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/traces")
        _provider.add_span_processor(BatchSpanProcessor(exporter))
    if extra_processor is not None:
        _provider.add_span_processor(extra_processor)
    return _provider


@functools.cache
def tracer(name: str = "continuum") -> trace.Tracer:
    """The tracer called `name`, made once: it is asked for per request and per record, and
    the SDK builds a new tracer on every `get_tracer`. Made before `configure_tracing`, it is
    a proxy that follows the provider installed later."""
    return trace.get_tracer(name)


def current_trace_headers() -> dict[str, str]:
    """The W3C trace context of the current span, ready to store in the outbox."""
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier


@contextmanager
def span_from_headers(
    name: str, headers: Mapping[str, str], kind: SpanKind = SpanKind.CONSUMER
) -> Iterator[Span]:
    """A span whose parent is the trace context found in message headers."""
    parent = extract(dict(headers))
    token = otel_context.attach(parent)
    try:
        with tracer().start_as_current_span(name, kind=kind) as span:
            yield span
    finally:
        otel_context.detach(token)


def current_trace_id() -> str | None:
    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x") if ctx.is_valid else None
