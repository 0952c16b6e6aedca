"""The catalog's own dependency: its settings (the rest come from continuum_runtime.api.deps)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from catalog.settings import CatalogSettings


def get_settings(request: Request) -> CatalogSettings:
    settings: CatalogSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[CatalogSettings, Depends(get_settings)]
