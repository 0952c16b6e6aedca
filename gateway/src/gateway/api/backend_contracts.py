"""What each pass-through operation takes and may refuse, as its service documents it.

`backend_contracts.json` holds, for every pass-through row, the service's own parameters
(types, formats, bounds), request body schema and error statuses, with the schemas they refer
to renamed `<Service><Name>`. The gateway's document then describes a pass-through exactly as
the service does: generated clients get the real request types, and a request that fits the
gateway's document fits the service's. The file is generated from the services' apps
(`uv run python gateway/tests/backend_contracts_gen.py`); a test fails when it is stale.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

FILE = Path(__file__).with_name("backend_contracts.json")
Json = dict[str, Any]


def operation_key(backend: str, method: str, path: str) -> str:
    return f"{backend} {method.upper()} {path}"


@cache
def contracts() -> Json:
    """{"components": {name: schema}, "operations": {key: {parameters, requestBody, errors}}}."""
    if not FILE.exists():
        return {"components": {}, "operations": {}}
    loaded: Json = json.loads(FILE.read_text())
    return loaded


def operation_contract(backend: str, method: str, path: str) -> Json | None:
    found: Json | None = contracts()["operations"].get(operation_key(backend, method, path))
    return found


def add_components(document: Json) -> None:
    """The services' schemas that pass-through operations refer to, into `document`."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in contracts()["components"].items():
        schemas.setdefault(name, schema)
