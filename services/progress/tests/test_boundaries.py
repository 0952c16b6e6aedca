"""The LRS and the learning side meet only through the contracts and Kafka (ADR 0005): neither
package imports the other, whatever the import's form."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import progress

ROOT = Path(progress.__file__).parent
CONTEXTS = ("lrs", "learning")


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a source file under `root` (the `progress` package) imports, relative
    imports resolved."""
    package = ".".join(("progress", *path.relative_to(root).with_suffix("").parts[:-1]))
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def crossings(context: str) -> list[str]:
    other = next(c for c in CONTEXTS if c != context)
    forbidden = f"progress.{other}"
    return sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / context).rglob("*.py")
        for module in imported_modules(path)
        if module == forbidden or module.startswith(forbidden + ".")
    )


@pytest.mark.parametrize("context", CONTEXTS)
def test_a_context_never_imports_the_other(context: str) -> None:
    assert crossings(context) == []


def test_both_contexts_are_checked_and_each_has_the_floor_plan() -> None:
    for context in CONTEXTS:
        layers = {p.name for p in (ROOT / context).iterdir() if p.is_dir() and p.name[0] != "_"}
        assert {"api", "service_layer", "domain", "store", "consumers"} <= layers, context
        assert any((ROOT / context).rglob("*.py"))


def test_the_walk_sees_every_form_of_import(tmp_path: Path) -> None:
    probe = tmp_path / "lrs" / "api" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "import progress.learning.domain\n"
        "from progress.learning import store\n"
        "from ...learning.domain import budget\n"
        "from .. import service_layer\n"
    )
    found = imported_modules(probe, tmp_path)
    assert {"progress.learning.domain", "progress.learning.store"} <= found
    assert "progress.learning.domain.budget" in found
    assert "progress.lrs.service_layer" in found
