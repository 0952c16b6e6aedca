"""The catalog service: learning items of every modality, skills, roles and learning paths."""

from __future__ import annotations

from fastapi import FastAPI

from catalog.api import ROUTERS
from catalog.api.errors import install_error_handlers
from catalog.api.transfer import ImportBodyLimit
from catalog.service_layer.imports.jobs import ImportJobs
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
    jobs = ImportJobs(runtime.unit_of_work, activity_iri_base=settings.activity_iri_base)
    app.state.import_jobs = jobs
    runtime.on_start(jobs.recover)
    runtime.on_stop(jobs.stop)
    install_error_handlers(app)
    # Outermost, so that the body size limit sees the import allowance.
    app.add_middleware(ImportBodyLimit, max_bytes=settings.import_max_bytes)
    return app
