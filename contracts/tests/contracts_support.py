"""Paths and loaders shared by the contracts tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONTRACTS_DIR = Path(__file__).resolve().parents[1]
SCHEMAS_DIR = CONTRACTS_DIR / "schemas"
EXAMPLES_DIR = CONTRACTS_DIR / "examples"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def example(event_type: str) -> dict[str, Any]:
    return load_json(EXAMPLES_DIR / f"{event_type}.json")


def committed_schema(event_type: str) -> dict[str, Any]:
    return load_json(SCHEMAS_DIR / f"{event_type}.json")
