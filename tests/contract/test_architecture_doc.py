"""docs/architecture.md stays true: its topic table is the catalogue, and no service imports
another."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from continuum_contracts import ALL_TOPICS
from continuum_runtime.stackspec import discover_services

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `(?P<topic>[a-z.0-9]+)` \| (?P<producers>[^|]+) \| (?P<consumers>[^|]+) \|")


def _names(cell: str) -> set[str]:
    return {name.strip() for name in cell.split(",")}


def test_the_topic_table_is_the_catalogue() -> None:
    text = (ROOT / "docs/architecture.md").read_text()
    rows = {
        m["topic"]: (_names(m["producers"]), _names(m["consumers"]))
        for m in map(ROW.match, text.splitlines())
        if m
    }
    assert rows == {t.name: (set(t.producers), set(t.consumers)) for t in ALL_TOPICS}


def test_no_service_imports_another() -> None:
    packages = {
        service.app.split(".")[0]: ROOT
        / ("gateway" if service.name == "gateway" else f"services/{service.name}")
        for service in discover_services(ROOT)
    }
    crossings = []
    for package, directory in packages.items():
        others = set(packages) - {package}
        for path in (directory / "src").rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                crossings += [
                    f"{path.relative_to(ROOT)} imports {n}"
                    for n in names
                    if n.split(".")[0] in others
                ]
    assert crossings == []
