"""Builds gateway/src/gateway/api/backend_contracts.json from the services' OpenAPI documents.

Run after changing a service's routes or a pass-through row:
    uv run python gateway/tests/backend_contracts_gen.py
(`test_gateway_openapi.py` fails while the file is stale.)
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from gateway.api.backend_contracts import FILE, operation_key
from gateway.api.catalog_passages import CATALOG_PASSAGES
from gateway.api.mentorship_passages import MENTORSHIP_PASSAGES
from gateway.api.passages import Passage
from gateway.api.progress_passages import PROGRESS_PASSAGES
from gateway.api.recognition_passages import RECOGNITION_PASSAGES

Json = dict[str, Any]
PASSAGES: dict[str, list[Passage]] = {
    "catalog": CATALOG_PASSAGES,
    "progress": PROGRESS_PASSAGES,
    "recognition": RECOGNITION_PASSAGES,
    "mentorship": MENTORSHIP_PASSAGES,
}
_REF = re.compile(r"^#/components/schemas/(.+)$")


def service_documents(keys_dir: Path) -> dict[str, Json]:
    """Each service's OpenAPI document, from its app (nothing is started)."""
    from catalog.main import create_app as catalog
    from mentorship.main import create_app as mentorship
    from progress.main import create_app as progress
    from recognition.main import create_app as recognition
    from recognition.settings import RecognitionSettings

    makers: dict[str, Callable[[], FastAPI]] = {
        "catalog": catalog,
        "progress": progress,
        "recognition": lambda: recognition(RecognitionSettings(keys_dir=str(keys_dir))),
        "mentorship": mentorship,
    }
    return {name: make().openapi() for name, make in makers.items()}


def build(documents: dict[str, Json]) -> Json:
    components: Json = {}
    operations: Json = {}
    for backend, passages in PASSAGES.items():
        document = documents[backend]
        prefix = backend.capitalize()
        for passage in passages:
            operation = document["paths"].get(passage.path, {}).get(passage.method.lower())
            if operation is None:
                raise KeyError(f"{backend} documents no {passage.method} {passage.path}")
            found: Json = {
                "parameters": operation.get("parameters", []),
                "errors": sorted(
                    int(s) for s in operation.get("responses", {}) if s.isdigit() and s >= "400"
                ),
            }
            if "requestBody" in operation:
                found["requestBody"] = operation["requestBody"]
            found["answers"] = {
                status: answer.get("content", {}).get("application/json", {}).get("schema")
                for status, answer in operation.get("responses", {}).items()
                if status.startswith("2")
            }
            found = _renamed(found, prefix)
            for name in _referenced(found, document, prefix):
                schema = document["components"]["schemas"][name]
                components[prefix + name] = _renamed(schema, prefix)
            operations[operation_key(backend, passage.method, passage.path)] = found
    return {"components": dict(sorted(components.items())), "operations": operations}


def _renamed(node: Any, prefix: str) -> Any:
    """`node` with every reference to a schema (`$ref`, discriminator mappings) prefixed."""
    if isinstance(node, dict):
        return {key: _renamed(value, prefix) for key, value in node.items()}
    if isinstance(node, list):
        return [_renamed(value, prefix) for value in node]
    if isinstance(node, str) and (match := _REF.match(node)):
        return "#/components/schemas/" + prefix + match.group(1)
    return node


def _referenced(node: Any, document: Json, prefix: str) -> set[str]:
    """Names (in the service's document) of every schema `node` refers to, transitively."""
    seen: set[str] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, str) and current.startswith("#/components/schemas/" + prefix):
            name = current.removeprefix("#/components/schemas/" + prefix)
            if name not in seen:
                seen.add(name)
                todo.append(_renamed(document["components"]["schemas"][name], prefix))
        elif isinstance(current, dict):
            todo.extend(current.values())
        elif isinstance(current, list):
            todo.extend(current)
    return seen


def generate() -> str:
    with tempfile.TemporaryDirectory() as keys:
        built = build(service_documents(Path(keys)))
    return json.dumps(built, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    FILE.write_text(generate())
    print(f"wrote {FILE}", file=sys.stderr)
