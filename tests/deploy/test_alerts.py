"""The SLO alert rules: promtool unit tests, and every alert points at a runbook section."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from deploy.spec import REPO

RULES = REPO / "deploy" / "k8s" / "base" / "platform" / "prometheusrule.yaml"
TESTS = Path(__file__).with_name("alerts_test.yaml")
RUNBOOK = REPO / "docs" / "runbook.md"


def promtool() -> str:
    local = REPO / ".tools" / "bin" / "promtool"
    found = str(local) if local.exists() else shutil.which("promtool")
    if found is None:
        pytest.fail("promtool is missing: `make .tools/bin/promtool` (Debian's prometheus package)")
    return found


def _groups(rules_text: str) -> list[dict]:
    groups = yaml.safe_load(rules_text)["spec"]["groups"]
    for group in groups:
        for rule in group["rules"]:
            rule.pop("annotations", None)  # promtool compares them verbatim; wording is not tested
    return groups


def _run_tests(rules_text: str, folder: Path) -> subprocess.CompletedProcess[str]:
    (folder / "rules.yaml").write_text(yaml.safe_dump({"groups": _groups(rules_text)}))
    shutil.copy(TESTS, folder / "alerts_test.yaml")
    check = subprocess.run(
        [promtool(), "check", "rules", str(folder / "rules.yaml")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    return subprocess.run(
        [promtool(), "test", "rules", str(folder / "alerts_test.yaml")],
        capture_output=True,
        text=True,
    )


def test_alert_rules_pass_their_unit_tests(tmp_path: Path) -> None:
    done = _run_tests(RULES.read_text(), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_wrong_threshold_fails_the_unit_tests(tmp_path: Path) -> None:
    broken = RULES.read_text().replace("> (14.4 * 0.005)", "> (14.4 * 0.05)")
    done = _run_tests(broken, tmp_path)
    assert done.returncode != 0
    assert "HttpErrorBudgetFastBurn" in done.stdout + done.stderr


def _anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^a-z0-9 -]", "", h.lower()).strip().replace(" ", "-") for h in headings}


def test_every_alert_has_a_summary_and_an_existing_runbook_section() -> None:
    anchors = _anchors(RUNBOOK.read_text())
    alerts = [
        rule
        for group in yaml.safe_load(RULES.read_text())["spec"]["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]
    assert len(alerts) >= 12
    for rule in alerts:
        assert rule["labels"]["severity"] in {"page", "ticket"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        page, _, anchor = rule["annotations"]["runbook"].partition("#")
        assert page == "docs/runbook.md" and anchor in anchors, (rule["alert"], anchor)
        assert rule["alert"] in RUNBOOK.read_text(), f"the runbook never names {rule['alert']}"
