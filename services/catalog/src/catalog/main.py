"""The catalog service: learning items of every modality, skills, roles and learning paths."""

from __future__ import annotations

from fastapi import FastAPI

from catalog import consumers
from catalog.api import ROUTERS
from catalog.api.errors import install_error_handlers
from catalog.api.transfer import ImportBodyLimit
from catalog.service_layer.imports.jobs import ImportJobs
from catalog.service_layer.imports.worker import ImportProcess
from catalog.settings import CatalogSettings
from catalog.store.tables import metadata
from continuum_runtime.service import ServiceRuntime


def create_app(settings: CatalogSettings | None = None) -> FastAPI:
    settings = settings or CatalogSettings()
    runtime = ServiceRuntime(settings, metadata=metadata)
    app = runtime.create_app(
        title="Continuum catalog",
        version="0.1.0",
        description="Learning items of every modality, skills, job roles and learning paths.",
        routers=ROUTERS,
    )
    # Imports run in a process of their own, so that the service's loop stays free for requests.
    worker = ImportProcess(
        database_url=settings.database_url,
        statement_timeout_ms=settings.db_statement_timeout_ms,
        source=runtime.source,
        activity_iri_base=settings.activity_iri_base,
        niceness=settings.import_niceness,
    )

    def wake_relay() -> None:
        if runtime.relay is not None:
            runtime.relay.notify()

    jobs = ImportJobs(runtime.unit_of_work, worker=worker, wake_relay=wake_relay)
    app.state.import_jobs = jobs
    runtime.on_start(jobs.recover)
    runtime.on_start(worker.warm)
    runtime.on_stop(jobs.stop)
    consumers.subscribe(runtime)
    install_error_handlers(app)
    # Outermost, so that the body size limit sees the import allowance.
    app.add_middleware(ImportBodyLimit, max_bytes=settings.import_max_bytes)
    return app
