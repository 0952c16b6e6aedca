"""Typed calls to each backend service, one module per service.

A view asks an adapter for what it needs and never builds a backend URL itself, so a
service's routes are spelled in one place. An adapter exists only when its backend is
configured (`Adapters.of`): views check for `None` and leave that service's parts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.adapters.catalog import CatalogApi
from gateway.adapters.mentorship import MentorshipApi
from gateway.adapters.progress import ProgressApi
from gateway.adapters.recognition import RecognitionApi
from gateway.backends import Backends


@dataclass(frozen=True)
class Adapters:
    catalog: CatalogApi | None
    progress: ProgressApi | None
    recognition: RecognitionApi | None
    mentorship: MentorshipApi | None

    @classmethod
    def of(cls, backends: Backends) -> Adapters:
        catalog, progress = backends.get("catalog"), backends.get("progress")
        recognition, mentorship = backends.get("recognition"), backends.get("mentorship")
        return cls(
            catalog=CatalogApi(catalog) if catalog else None,
            progress=ProgressApi(progress) if progress else None,
            recognition=RecognitionApi(recognition) if recognition else None,
            mentorship=MentorshipApi(mentorship) if mentorship else None,
        )


__all__ = ["Adapters", "CatalogApi", "MentorshipApi", "ProgressApi", "RecognitionApi"]
