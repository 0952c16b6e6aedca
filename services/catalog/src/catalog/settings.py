"""Catalog service settings (environment variables prefixed CATALOG_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from continuum_runtime.settings import ServiceSettings


class CatalogSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_", extra="ignore")

    service_name: str = "catalog"
    database_url: str = "sqlite+aiosqlite:///var/catalog.db"
    port: int = 8001
    # xAPI activity ids of items: <base>/<item id>, fixed at creation for the item's life.
    activity_iri_base: str = "https://continuum.example/xapi/activities/catalog/items"
    # Bulk imports may be larger than ordinary requests (max_request_bytes).
    import_max_bytes: int = 256 * 1024 * 1024
    # Where uploaded import files wait for their job (default: the system's temporary folder).
    import_spool_dir: str | None = None
    # Levels of the reporting lines (HRIS) through which a manager reads a learner's
    # aspiration and plans: 1, direct reports only; more, indirect reports too.
    manager_report_levels: int = Field(default=1, ge=1, le=20)
    # How much less CPU an import process asks for than the service (nice 0): at 10, about a
    # tenth when both want the same core, so that requests are served first on a busy machine.
    import_niceness: int = Field(default=10, ge=0, le=19)
    page_size: int = 20
    max_page_size: int = 200
