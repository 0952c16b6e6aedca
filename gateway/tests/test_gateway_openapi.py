"""The OpenAPI document: every operation described with an example, and a TypeScript client
generated from it by an npm generator and type-checked without a single error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gateway.main import create_app
from gateway.settings import GatewaySettings

GENERATOR = "@hey-api/openapi-ts@0.99.0"
TYPESCRIPT = "typescript@5.9.3"
TOOLS = Path(os.environ.get("CONTINUUM_NPM_CACHE", Path.home() / ".cache" / "continuum-openapi-ts"))


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = create_app(GatewaySettings()).openapi()
    return document


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, methods in spec["paths"].items()
            for method, op in methods.items()]  # fmt: skip


def test_every_operation_is_described_with_an_example(spec: dict[str, Any]) -> None:
    found = operations(spec)
    assert len(found) >= 45
    ids = [op["operationId"] for _, _, op in found]
    assert len(ids) == len(set(ids))
    for path, method, op in found:
        where = f"{method.upper()} {path}"
        assert op.get("summary") and op.get("description"), where
        answers = [
            content
            for status, response in op["responses"].items()
            if status.startswith("2")
            for content in response.get("content", {}).values()
        ]
        only_no_content = all(s == "204" for s in op["responses"] if s.startswith("2"))
        assert only_no_content or any("example" in c or "examples" in c for c in answers), where
        if path.startswith("/v1/") and path != "/v1/hris/events":
            assert op.get("security"), f"{where} documents no bearer security"


def test_no_content_answers_document_no_body(spec: dict[str, Any]) -> None:
    """A 204 has no body (a client generated from the document must not try to parse one)."""
    no_content = [
        (f"{method.upper()} {path}", op["responses"]["204"])
        for path, method, op in operations(spec)
        if "204" in op["responses"]
    ]
    assert no_content, "the document has no 204 to check"
    for where, response in no_content:
        assert "content" not in response, where


def test_errors_are_documented_as_problem_details(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema["$ref"].endswith("/Problem"), f"{method} {path} {status}"


def _npm_tools() -> Path:
    npm = shutil.which("npm")
    assert npm, "npm is needed to check the generated TypeScript client"
    bin_dir = TOOLS / "node_modules" / ".bin"
    if not (bin_dir / "openapi-ts").exists() or not (bin_dir / "tsc").exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        (TOOLS / "package.json").write_text('{"name": "openapi-ts-check", "private": true}')
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", GENERATOR,
                        TYPESCRIPT], cwd=TOOLS, check=True, timeout=300)  # fmt: skip
    return bin_dir


def test_a_typescript_client_generates_and_type_checks(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    bin_dir = _npm_tools()
    (tmp_path / "openapi.json").write_text(json.dumps(spec))
    generated = subprocess.run(
        [str(bin_dir / "openapi-ts"), "-i", "openapi.json", "-o", "client"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    output = generated.stdout + generated.stderr
    assert "error" not in output.lower() and "warn" not in output.lower(), output
    sdk = (tmp_path / "client" / "sdk.gen.ts").read_text()
    assert "export const readDashboard" in sdk and "export const receiveEvents" in sdk
    (tmp_path / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {"target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler",
                            "strict": True, "noEmit": True, "skipLibCheck": True,
                            "lib": ["ES2022", "DOM", "DOM.Iterable"]},
        "include": ["client/**/*.ts"]}))  # fmt: skip
    checked = subprocess.run([str(bin_dir / "tsc"), "-p", "tsconfig.json"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_services_contracts_are_current() -> None:
    """backend_contracts.json is what the services' documents say now (regenerate it with
    `uv run python gateway/tests/backend_contracts_gen.py`)."""
    from backend_contracts_gen import generate

    from gateway.api.backend_contracts import FILE

    assert FILE.read_text() == generate(), "stale: run gateway/tests/backend_contracts_gen.py"


def test_a_pass_through_takes_what_its_service_takes(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    skills = {p["name"]: p for p in spec["paths"]["/v1/skills"]["get"]["parameters"]}
    assert skills["limit"]["schema"]["type"] == "integer"
    create = spec["paths"]["/v1/items"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert json.dumps(body) != json.dumps({"type": "object"})
    refs = [v for v in json.dumps(spec).split('"') if v.startswith("#/components/schemas/")]
    assert all(ref.removeprefix("#/components/schemas/") in schemas for ref in refs)
