"""One trace per front-end request: the gateway's span, its backend calls, the services' spans."""

from __future__ import annotations

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from platform_servers import Platform

from continuum_runtime.testing.service import eventually
from continuum_runtime.tracing import configure_tracing

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


async def test_a_dashboard_request_is_one_trace_across_every_backend(platform: Platform) -> None:
    exporter = InMemorySpanExporter()
    # Every app of this process shares the tracer provider: the spans of all three land here.
    configure_tracing("gateway-tests", extra_processor=SimpleSpanProcessor(exporter))
    client = platform.client("e-traced", "learner")
    answer = await client.get("/v1/me/dashboard", headers={
        "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"})  # fmt: skip
    assert answer.status_code == 200

    def ours() -> list[ReadableSpan]:
        return [s for s in exporter.get_finished_spans()
                if s.context is not None and format(s.context.trace_id, "032x") == TRACE_ID]  # fmt: skip

    async def complete() -> bool:
        names = {s.name for s in ours()}
        return "GET /learners/{employee_id}/progress" in names and "POST /recommendations" in names

    await eventually(complete, seconds=10, what="the services' spans")
    spans = ours()
    by_id = {s.context.span_id: s for s in spans if s.context is not None}
    [edge] = [s for s in spans if s.name == "GET /v1/me/dashboard"]
    calls = [
        s for s in spans if s.kind is SpanKind.CLIENT and s.name.startswith(("progress", "catalog"))
    ]
    assert {c.attributes["continuum.backend"] for c in calls if c.attributes} == {
        "progress",
        "catalog",
    }
    for call in calls:
        assert call.parent is not None and call.parent.span_id == edge.context.span_id  # type: ignore[union-attr]
    served = [s for s in spans if s.kind is SpanKind.SERVER and s is not edge]
    assert len(served) >= 6  # profile, assignments, progress, learning time, transcript, plan
    for server_span in served:
        assert server_span.parent is not None
        assert by_id[server_span.parent.span_id].kind is SpanKind.CLIENT
