"""Generation refuses incompatible schema changes and silent removal of event types."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from contracts_support import CONTRACTS_DIR, SCHEMAS_DIR, load_json

from continuum_contracts import event_types
from continuum_contracts.compat import breaking_changes
from continuum_contracts.events import EmployeeLeft
from continuum_contracts.generate import main, plan, render

LEFT = "io.continuum.hris.employee.left.v1"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the committed contracts directory (schemas and AsyncAPI only)."""
    shutil.copytree(SCHEMAS_DIR, tmp_path / "schemas")
    shutil.copy(CONTRACTS_DIR / "asyncapi.json", tmp_path / "asyncapi.json")
    return tmp_path


def edit_schema(root: Path, event_type: str, edit: dict[str, object]) -> Path:
    path = root / "schemas" / f"{event_type}.json"
    schema = load_json(path)
    schema["properties"].update(edit)
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def test_committed_schemas_are_compatible_with_the_models() -> None:
    for relative, text in render().items():
        if relative.startswith("schemas/"):
            assert breaking_changes(load_json(CONTRACTS_DIR / relative), json.loads(text)) == []


def test_models_are_compatible_with_the_last_commit() -> None:
    # Guards against a schema file edited by hand to match an incompatible model.
    checked = 0
    for relative, text in render().items():
        if not relative.startswith("schemas/"):
            continue
        shown = subprocess.run(
            ["git", "show", f"HEAD:./{relative}"],
            cwd=CONTRACTS_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if shown.returncode == 0:
            checked += 1
            assert breaking_changes(json.loads(shown.stdout), json.loads(text)) == [], relative
    if checked == 0:
        pytest.skip("no committed schemas in git yet")


def test_write_then_check_round_trips(tmp_path: Path) -> None:
    assert main(["--root", str(tmp_path), "--check"]) == 1
    assert main(["--root", str(tmp_path)]) == 0
    assert main(["--root", str(tmp_path), "--check"]) == 0


def test_incompatible_change_is_refused_and_the_file_kept(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The committed schema had a field the model no longer has: removing a field breaks.
    path = edit_schema(root, LEFT, {"reason": {"type": "string"}})
    before = path.read_text(encoding="utf-8")
    assert main(["--root", str(root)]) == 1
    assert path.read_text(encoding="utf-8") == before
    err = capsys.readouterr().err
    assert "reason: field removed" in err
    assert ".v2" in err
    assert main(["--root", str(root), "--check"]) == 1


def test_additive_change_needs_a_minor_bump(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the committed schema predates the optional field source_system.
    path = root / "schemas" / f"{LEFT}.json"
    schema = load_json(path)
    del schema["properties"]["source_system"]
    path.write_text(json.dumps(schema), encoding="utf-8")
    errors = plan(root).errors
    assert errors == [
        f"{LEFT}.json: fields added (source_system); bump the class's schema_minor to 1"
    ]
    monkeypatch.setattr(EmployeeLeft, "schema_minor", 1)
    assert plan(root).errors == []


def test_removed_type_is_refused_unless_deprecated(root: Path) -> None:
    events = {name: cls for name, cls in event_types().items() if name != LEFT}
    result = plan(root, events)
    assert any(LEFT in error and "deprecated = True" in error for error in result.errors)

    path = root / "schemas" / f"{LEFT}.json"
    schema = load_json(path)
    schema["deprecated"] = True
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = plan(root, events)
    assert result.errors == []
    assert result.deletes == [path]
