"""Schemathesis against every service's OpenAPI document, as an administrator and a learner.

Zero server errors, zero undocumented status codes or content types, no schema-valid request
rejected, no invalid one accepted. Bounded and reproducible: deterministic generation, a few
examples per operation (schemathesis.toml next to this file). Reproduce a failure by hand:

    SCHEMATHESIS_HOOKS=tests/api_fuzz/hooks.py uv run st --config-file \\
        tests/api_fuzz/schemathesis.toml run \\
        http://127.0.0.1:8001/openapi.json -H "Authorization: Bearer $TOKEN"
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok

from continuum_runtime.auth.devissuer import DevIssuer

from .conftest import TARGETS, RunningService

CONFIG = Path(__file__).with_name("schemathesis.toml")
HOOKS = Path(__file__).with_name("hooks.py")
# Who calls: the subject is what the services see (a learner's own data is theirs).
CALLERS = {"admin": ("admin", ["admin"]), "learner": ("E10001", ["learner"])}
# The phases each caller runs (the configuration's otherwise). The administrator reaches every
# operation and runs every phase, on each backend. A learner is refused most writes before
# any validation (a 403, whatever the request) and meets the administrator's validation on the
# rest: the examples and fuzzing phases, valid and invalid requests with every check, cover
# what is the learner's own (the refusals documented, their own data read) without the
# coverage phase's boundary cases, which repeat the administrator's (4 in 5 of a run's requests).
PHASES = {"learner": "examples,fuzzing"}


# Services whose first fuzzing run (2026-12-03) found failures not yet fixed: each is skipped
# with what was found, visibly, until it is hardened as catalog and progress were; a service
# found later than this list is fuzzed at once.
NOT_YET_HARDENED: dict[str, str] = {}
CASES = [
    pytest.param(
        (service, backend),
        caller,
        id=f"{service.name}-{backend}-{caller}",
        marks=[pytest.mark.skip(reason=NOT_YET_HARDENED[service.name])]
        if service.name in NOT_YET_HARDENED
        else [],
    )
    for (service, backend), caller in TARGETS
]


@pytest.mark.timeout(900)  # bounded by the settings; a loaded machine answers slowly
@pytest.mark.parametrize(("running_service", "caller"), CASES, indirect=["running_service"])
def test_the_openapi_document_holds_under_fuzzing(
    running_service: RunningService,
    caller: str,
    dev_issuer: DevIssuer,
    tmp_path: Path,
) -> None:
    subject, roles = CALLERS[caller]
    token = dev_issuer.mint(subject, roles)
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file", str(CONFIG),
        "run", f"{running_service.url}/openapi.json",
        "--header", f"Authorization: Bearer {token}",
        "--report", "junit", "--report-dir", str(tmp_path),
        "--no-color",
    ]  # fmt: skip
    if caller in PHASES:
        command += ["--phases", PHASES[caller]]
    if running_service.decl.name == "gateway":
        # The gateway answers a service's pass-through operations as the service does: those
        # of a service not yet hardened carry that service's open findings, listed above.
        for service in sorted(NOT_YET_HARDENED):
            command += ["--exclude-tag", service]
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)}
    # In tmp_path: schemathesis keeps a cache of crashes in its working directory.
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, env=environment, cwd=tmp_path
    )
    output = result.stdout + result.stderr
    print(output)  # the summary, shown by pytest -rA or on failure
    assert result.returncode == 0, (
        f"schemathesis found failures in {running_service.decl.name} "
        f"({running_service.backend}, as {caller}):\n{output}\n"
        f"-- service log:\n{running_service.log_tail()}"
    )


def test_the_gateway_skips_the_coverage_phase_on_its_pass_throughs_only() -> None:
    """schemathesis.toml picks the gateway's pass-throughs by their operation ids: exactly the
    pass-through tables' rows, so no composed route loses a phase (one whose id happened to
    read as a method and a path would be picked too, and fail here)."""
    # Imported here: the other fuzzing suites (`-k <service>`) do not import the gateway.
    from gateway.api.catalog_passages import CATALOG_PASSAGES
    from gateway.api.mentorship_passages import MENTORSHIP_PASSAGES
    from gateway.api.progress_passages import PROGRESS_PASSAGES
    from gateway.api.recognition_passages import RECOGNITION_PASSAGES
    from gateway.main import create_app
    from gateway.settings import GatewaySettings

    project = SchemathesisConfig.from_path(CONFIG).projects.default
    schema = schemathesis.openapi.from_dict(create_app(GatewaySettings()).openapi())
    without_coverage = set()
    for loaded in schema.get_all_operations():
        assert isinstance(loaded, Ok), loaded
        operation = loaded.ok()
        if not project.phases_for(operation=operation).coverage.enabled:
            without_coverage.add(operation.definition.raw["operationId"])
    tables = (CATALOG_PASSAGES, PROGRESS_PASSAGES, RECOGNITION_PASSAGES, MENTORSHIP_PASSAGES)
    assert without_coverage == {row.operation_id for rows in tables for row in rows}
