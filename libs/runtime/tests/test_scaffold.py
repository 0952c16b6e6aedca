"""`continuum new-service`: the skeleton renders into a complete, well-formed service.

That the rendered service passes its own tests and starts in `make run` is checked by running
it in a scratch clone (see docs/adding-a-service.md); here, what the command writes.
"""

from __future__ import annotations

import py_compile
import shutil
import tomllib
from pathlib import Path

import pytest

from continuum_runtime.scaffold import Names, ScaffoldError, add_consumer, create_service
from continuum_runtime.stackspec import discover_services

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository with the real topic catalogue and two declared services."""
    topics = tmp_path / "contracts/src/continuum_contracts/topics.py"
    topics.parent.mkdir(parents=True)
    shutil.copy(REPO / "contracts/src/continuum_contracts/topics.py", topics)
    for name, port in (("catalog", 8001), ("mentorship", 8004)):
        service = tmp_path / "services" / name
        service.mkdir(parents=True)
        (service / "pyproject.toml").write_text(
            f'[tool.continuum.service]\nport = {port}\napp = "{name}.main:create_app"\n'
        )
    return tmp_path


def test_names_follow_one_spelling() -> None:
    names = Names.of("badge-lab")
    assert (names.service, names.module, names.cls, names.prefix) == (
        "badge-lab",
        "badge_lab",
        "BadgeLab",
        "BADGE_LAB_",
    )
    for bad in ("Badge", "badge_lab", "-x", "x-", "1x", "class", ""):
        with pytest.raises(ScaffoldError):
            Names.of(bad)


def test_the_skeleton_renders_a_complete_service(root: Path) -> None:
    target = create_service(root, "badge-lab", regenerate=False)
    files = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    for expected in (
        "pyproject.toml",
        "README.md",
        "src/badge_lab/main.py",
        "src/badge_lab/settings.py",
        "src/badge_lab/cli.py",
        "src/badge_lab/api/people.py",
        "src/badge_lab/service_layer/people.py",
        "src/badge_lab/domain/people.py",
        "src/badge_lab/store/people.py",
        "src/badge_lab/store/migrations/versions/0001_initial.py",
        "src/badge_lab/consumers/__init__.py",
        "tests/conftest.py",
        "tests/factories.py",
        "tests/test_badge_lab_people.py",
        "tests/domain/test_badge_lab_people_rules.py",
    ):
        assert expected in files
    for relative in files:
        path = target / relative
        assert "{{" not in path.read_text(), f"placeholder left in {path}"
        if path.suffix == ".py":
            py_compile.compile(str(path), cfile=str(path) + "c.tmp", doraise=True)
    declared = tomllib.loads((target / "pyproject.toml").read_text())["tool"]["continuum"]
    assert declared["service"]["port"] == 8005, "the next port after the reserved ones"
    assert declared["service"]["env_prefix"] == "BADGE_LAB_"
    assert "badge-lab" in [s.name for s in discover_services(root)]
    topics = (root / "contracts/src/continuum_contracts/topics.py").read_text()
    assert '"recognition", "badge-lab")' in topics


def test_a_taken_name_or_port_is_refused(root: Path) -> None:
    with pytest.raises(ScaffoldError, match="exists"):
        create_service(root, "catalog", regenerate=False)
    with pytest.raises(ScaffoldError, match="port 8001"):
        create_service(root, "lab", port=8001, regenerate=False)


def test_adding_a_consumer_twice_changes_nothing(root: Path) -> None:
    topics = root / "contracts/src/continuum_contracts/topics.py"
    add_consumer(topics, "HRIS_EMPLOYEES", "lab")
    once = topics.read_text()
    add_consumer(topics, "HRIS_EMPLOYEES", "lab")
    assert topics.read_text() == once
