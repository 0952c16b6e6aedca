"""The progress service: an xAPI 1.0.3 LRS and the learning side, two bounded contexts that
share one process and one database and meet only through contracts and Kafka."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from continuum_runtime.service import ServiceRuntime
from progress.learning.api import routes as learning_routes
from progress.learning.consumers import routes as learning_consumers
from progress.lrs.api import documents as xapi_documents
from progress.lrs.api import statements as xapi_statements
from progress.lrs.api.auth import install_xapi
from progress.lrs.consumers.submissions import subscribe_submissions
from progress.lrs.domain import format_timestamp
from progress.lrs.store.watermark import StoredWatermark
from progress.settings import ProgressSettings
from progress.store.tables import metadata


def create_app(settings: ProgressSettings | None = None) -> FastAPI:
    settings = settings or ProgressSettings()
    runtime = ServiceRuntime(settings, metadata=metadata)
    app = runtime.create_app(
        title="Continuum progress",
        version="0.1.0",
        description="xAPI 1.0.3 Learning Record Store, assignments, progress and learning time.",
        routers=[xapi_statements.router, xapi_documents.router, learning_routes.router],
    )
    app.state.settings = settings
    watermark = app.state.xapi_watermark = StoredWatermark(
        timedelta(seconds=settings.xapi_consistency_margin_seconds)
    )
    learning_consumers.subscribe(runtime, settings)
    subscribe_submissions(runtime, settings, watermark)
    install_xapi(app, settings, lambda: format_timestamp(watermark.consistent_through()))
    return app
