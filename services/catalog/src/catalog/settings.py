"""Catalog service settings (environment variables prefixed CATALOG_)."""

from __future__ import annotations

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
    page_size: int = 20
    max_page_size: int = 200
