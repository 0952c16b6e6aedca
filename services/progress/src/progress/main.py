"""The progress service: an xAPI 1.0.3 LRS and the learning side, two bounded contexts that
share one process and one database and meet only through contracts and Kafka (ADR 0005)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from continuum_runtime.service import ServiceRuntime
from progress.learning.api import routes as learning_api
from progress.learning.consumers import routes as learning_consumers
from progress.lrs.api import routes as lrs_api
from progress.lrs.consumers.submissions import subscribe_submissions
from progress.lrs.service_layer.watermark import StoredWatermark
from progress.settings import ProgressSettings
from progress.store.tables import metadata


def create_app(settings: ProgressSettings | None = None) -> FastAPI:
    settings = settings or ProgressSettings()
    runtime = ServiceRuntime(settings, metadata=metadata)
    app = runtime.create_app(
        title="Continuum progress",
        version="0.1.0",
        description="xAPI 1.0.3 Learning Record Store, assignments, progress and learning time.",
        routers=[lrs_api.router, learning_api.router],
        # The LRS answers errors as the xAPI specification says, not as problem details.
        problem_exempt_prefixes=(lrs_api.PREFIX,),
    )
    watermark = StoredWatermark(timedelta(seconds=settings.xapi_consistency_margin_seconds))
    lrs_api.install_xapi(app, settings, watermark)
    subscribe_submissions(runtime, settings, watermark)
    learning_consumers.subscribe(runtime, settings)
    return app
