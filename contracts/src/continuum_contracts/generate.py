"""Write contracts/schemas/*.json and contracts/asyncapi.json from the models.

`python -m continuum_contracts.generate` writes them; `--check` only reports stale files. Both
refuse an incompatible change to a committed schema and the silent removal of an event type.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from continuum_contracts.asyncapi import asyncapi_document
from continuum_contracts.base import Event, event_types
from continuum_contracts.compat import diff
from continuum_contracts.schema import MINOR_KEYWORD, dump_json, event_schema, schema_file_name

CONTRACTS_DIR = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = "schemas"
ASYNCAPI_FILE = "asyncapi.json"


@dataclass
class Plan:
    """What generation would do to a contracts directory, and why it may not."""

    writes: dict[Path, str] = field(default_factory=dict)
    deletes: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def stale(self) -> list[Path]:
        return sorted([*self.writes, *self.deletes])


def render(events: dict[str, type[Event]] | None = None) -> dict[str, str]:
    """Every generated file, by path relative to the contracts directory, with its text."""
    events = event_types() if events is None else events
    files = {
        f"{SCHEMAS_DIR}/{schema_file_name(name)}": dump_json(event_schema(cls))
        for name, cls in sorted(events.items())
    }
    files[ASYNCAPI_FILE] = dump_json(asyncapi_document(events))
    return files


def plan(root: Path, events: dict[str, type[Event]] | None = None) -> Plan:
    """Compare the generated files with those under `root`, checking schema evolution."""
    result = Plan()
    for relative, text in render(events).items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if current is not None and relative.startswith(f"{SCHEMAS_DIR}/"):
            result.errors.extend(evolution_errors(path.name, json.loads(current), json.loads(text)))
        result.writes[path] = text
    generated = {root / relative for relative in render(events)}
    for path in sorted((root / SCHEMAS_DIR).glob("*.json")):
        if path in generated:
            continue
        if json.loads(path.read_text(encoding="utf-8")).get("deprecated") is True:
            result.deletes.append(path)
        else:
            result.errors.append(
                f"{path.name}: its event type no longer exists. Removing a type breaks its "
                "consumers: restore the class with `deprecated = True`, generate and release "
                "that first; delete the class afterwards."
            )
    return result


def evolution_errors(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Why `new` may not replace the committed schema `old` (empty when it may)."""
    changes = diff(old, new)
    breaking = [change for change in changes if change.breaking]
    if breaking:
        lines = "\n".join(f"  - {change}" for change in breaking)
        return [
            f"{name}: incompatible with the committed schema. Publish the change as a new "
            f"major type (.v2) beside this one, which stays:\n{lines}"
        ]
    old_minor, new_minor = old.get(MINOR_KEYWORD, 0), new.get(MINOR_KEYWORD, 0)
    if new_minor < old_minor:
        return [f"{name}: schema_minor went down from {old_minor} to {new_minor}"]
    if changes and new_minor == old_minor:
        added = ", ".join(change.path for change in changes)
        return [f"{name}: fields added ({added}); bump the class's schema_minor to {old_minor + 1}"]
    return []


def apply(result: Plan) -> None:
    """Write and delete the files of a plan."""
    for path, text in result.writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in result.deletes:
        path.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m continuum_contracts.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="report stale files, write none")
    parser.add_argument("--root", type=Path, default=CONTRACTS_DIR, help="contracts directory")
    args = parser.parse_args(argv)
    result = plan(args.root)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if result.errors:
        return 1
    if args.check:
        for path in result.stale:
            print(f"stale: {path.relative_to(args.root)}", file=sys.stderr)
        if result.stale:
            print("run `python -m continuum_contracts.generate`", file=sys.stderr)
            return 1
        print("contracts are up to date")
        return 0
    apply(result)
    for path in result.stale:
        print(f"{'deleted' if path in result.deletes else 'wrote'} {path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
