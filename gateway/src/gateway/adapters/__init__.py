"""Typed calls to each backend service, one module per service.

A view asks an adapter for what it needs and never builds a backend URL itself, so a
service's routes are spelled in one place. An adapter exists only when its backend is
configured (`Adapters.of`): views check for `None` and leave that service's parts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.adapters.catalog import CatalogApi
from gateway.adapters.progress import ProgressApi
from gateway.backends import Backends


@dataclass(frozen=True)
class Adapters:
    catalog: CatalogApi | None
    progress: ProgressApi | None

    @classmethod
    def of(cls, backends: Backends) -> Adapters:
        return cls(
            catalog=CatalogApi(backends["catalog"]) if "catalog" in backends else None,
            progress=ProgressApi(backends["progress"]) if "progress" in backends else None,
        )


__all__ = ["Adapters", "CatalogApi", "ProgressApi"]
