"""Checks of deploy/: generated pieces, manifests, settings, topics, alerts and doc commands."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the `deploy` package lives at the repository root

from deploy.spec import Spec, load_spec  # noqa: E402
from deploy.validate import K8S_DIR, render  # noqa: E402

Obj = dict[str, object]


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict]]:
    """Every kustomization under deploy/k8s, rendered once: folder (relative) -> objects."""
    return {
        str(folder.relative_to(K8S_DIR)): render(folder)
        for folder in sorted(p.parent for p in K8S_DIR.rglob("kustomization.yaml"))
    }
