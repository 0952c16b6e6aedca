"""The progress service: an xAPI 1.0.3 LRS plus assignments, progress and learning time."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from continuum_runtime.logs import configure_logging
from continuum_runtime.service import ServiceRuntime
from progress.api import learning, xapi_documents, xapi_statements
from progress.domain.xapi import format_timestamp
from progress.events.learning import register_learning_handlers
from progress.events.statements import subscribe_submissions
from progress.settings import ProgressSettings
from progress.store.statement_watermark import StoredWatermark
from progress.store.tables import metadata
from progress.xapi_auth import install_xapi


def create_app(settings: ProgressSettings | None = None) -> FastAPI:
    settings = settings or ProgressSettings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    runtime = ServiceRuntime(settings, metadata=metadata)
    app = runtime.create_app(
        title="Continuum progress",
        version="0.1.0",
        description="xAPI 1.0.3 Learning Record Store, assignments, progress and learning time.",
        routers=[xapi_statements.router, xapi_documents.router, learning.router],
    )
    app.state.settings = settings
    watermark = app.state.xapi_watermark = StoredWatermark(
        timedelta(seconds=settings.xapi_consistency_margin_seconds)
    )
    register_learning_handlers(runtime, app)
    subscribe_submissions(runtime, settings, watermark)
    install_xapi(app, settings, lambda: format_timestamp(watermark.consistent_through()))
    return app
