"""Every kustomization renders and validates strictly; a broken manifest fails the check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deploy.validate import K8S_DIR, crd_schemas, kubernetes_versions, validate_tree

CUSTOM_KINDS = {
    "ScaledObject",
    "Kafka",
    "KafkaNodePool",
    "KafkaTopic",
    "KafkaUser",
    "PodMonitor",
    "PrometheusRule",
}


def test_versions_span_the_supported_range() -> None:
    versions = kubernetes_versions()
    assert versions[0].startswith("1.25.")
    assert len(versions) >= 13  # 1.25 .. 1.37 at least


def test_every_kustomization_renders_and_validates(rendered: dict[str, list[dict]]) -> None:
    checked, problems = validate_tree()
    assert [str(p) for p in problems] == []
    assert checked == sum(len(objects) for objects in rendered.values())
    assert set(rendered) == {"base", "strimzi", "overlays/staging", "overlays/production"}
    kinds = {o["kind"] for o in rendered["overlays/production"]}
    assert kinds >= CUSTOM_KINDS  # the CRD schemas were really used
    assert {kind for _, kind in crd_schemas()} >= CUSTOM_KINDS


@pytest.fixture
def k8s_copy(tmp_path: Path) -> Path:
    target = tmp_path / "deploy" / "k8s"
    shutil.copytree(K8S_DIR, target)
    return target


BREAKAGES = {
    # an unknown field in a built-in kind (strict schemas)
    "deployment field": (
        "base/catalog/deployment-api.yaml",
        "revisionHistoryLimit: 5",
        "revisionHistoryLimit: 5\n  replica: 3",
        "Additional properties are not allowed ('replica'",
    ),
    # a KEDA trigger value of the wrong type (the CRD wants strings)
    "keda type": (
        "base/progress/scaledobject.yaml",
        "lagThreshold: '200'",
        "lagThreshold: 200",
        "200 is not of type 'string'",
    ),
    # a Strimzi topic without partitions as an integer
    "strimzi type": (
        "strimzi/topics.yaml",
        "partitions: 6",
        "partitions: six",
        "'six' is not of type 'integer'",
    ),
    # an unknown field in a PrometheusRule
    "prometheus rule field": (
        "base/platform/prometheusrule.yaml",
        "    - name: continuum.delivery\n",
        "    - name: continuum.delivery\n      interval_s: 30\n",
        "'interval_s' was unexpected",
    ),
    # a patch that no longer matches anything
    "dangling patch": (
        "overlays/production/resources.yaml",
        "name: catalog-api",
        "name: catalog-web",
        "kubectl kustomize failed",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_a_broken_manifest_fails(k8s_copy: Path, case: str) -> None:
    rel, old, new, message = BREAKAGES[case]
    path = k8s_copy / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    versions = kubernetes_versions()
    _, problems = validate_tree(k8s_copy, versions[:1])
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def _pods(objects: list[dict]) -> list[tuple[str, dict]]:
    return [
        (f"{o['kind']}/{o['metadata']['name']}", o["spec"]["template"]["spec"])
        for o in objects
        if o["kind"] in {"Deployment", "Job"}
    ]


def test_pods_meet_the_restricted_security_level(rendered: dict[str, list[dict]]) -> None:
    namespaces = [o for o in rendered["base"] if o["kind"] == "Namespace"]
    assert namespaces[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for name, pod in _pods(rendered["overlays/production"]):
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        assert not pod.get("hostNetwork") and not pod.get("hostPID"), name
        assert all("hostPath" not in v for v in pod.get("volumes", [])), name
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert security["readOnlyRootFilesystem"] is True, name


def test_every_workload_has_its_own_account_without_a_token(
    rendered: dict[str, list[dict]],
) -> None:
    objects = rendered["overlays/production"]
    accounts = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ServiceAccount"}
    for name, pod in _pods(objects):
        account = pod.get("serviceAccountName")
        assert account in accounts, name
        assert pod["automountServiceAccountToken"] is False, name
        assert accounts[account]["automountServiceAccountToken"] is False


def test_only_the_gateway_is_reachable_from_outside(rendered: dict[str, list[dict]]) -> None:
    objects = rendered["overlays/production"]
    policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
    deny = next(p for p in policies if p["metadata"]["name"] == "default-deny")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    for policy in policies:
        for rule in policy["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                namespace = peer.get("namespaceSelector", {}).get("matchLabels", {})
                if namespace.get("kubernetes.io/metadata.name") == "ingress-nginx":
                    assert policy["metadata"]["name"] == "gateway"
                assert "ipBlock" not in peer
    assert all(o["metadata"]["name"] == "gateway" for o in objects if o["kind"] == "Ingress")
    services = [o for o in objects if o["kind"] == "Service"]
    assert all(s["spec"]["type"] == "ClusterIP" for s in services)


def _selects(policy: dict, labels: dict[str, str]) -> bool:
    wanted = policy["spec"]["podSelector"].get("matchLabels", {})
    return all(labels.get(k) == v for k, v in wanted.items())


@pytest.mark.parametrize("folder", ["base", "overlays/production"])
def test_the_release_first_step_holds_what_migrations_need(
    rendered: dict[str, list[dict]], folder: str
) -> None:
    """Step 1 of a release applies FIRST_STEP; a migration Job must find everything it uses."""
    from deploy.spec import FIRST_STEP, FIRST_STEP_SELECTOR

    objects = rendered[folder]

    def first(kind: str, name: str) -> bool:
        found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
        assert found, f"no {kind}/{name}"
        return (
            found[0]["metadata"].get("labels", {}).get("app.kubernetes.io/component") in FIRST_STEP
        )

    jobs = [
        o
        for o in objects
        if o["kind"] == "Job"
        and o["metadata"]["labels"].get("app.kubernetes.io/component") == "migration"
    ]
    assert jobs
    for job in jobs:
        pod = job["spec"]["template"]
        assert first("ServiceAccount", pod["spec"]["serviceAccountName"])
        for source in pod["spec"]["containers"][0]["envFrom"]:
            if "configMapRef" in source:
                assert first("ConfigMap", source["configMapRef"]["name"])
        for policy in (o for o in objects if o["kind"] == "NetworkPolicy"):
            if _selects(policy, pod["metadata"]["labels"]):
                assert first("NetworkPolicy", policy["metadata"]["name"])
    for doc in ("docs/runbook.md", "deploy/README.md"):
        assert FIRST_STEP_SELECTOR in (K8S_DIR.parent.parent / doc).read_text(), doc


def test_the_check_command_exits_non_zero_on_a_broken_copy(k8s_copy: Path) -> None:
    from deploy import validate

    oldest = ["--kubernetes-version", kubernetes_versions()[0]]
    assert validate.main(["--k8s-dir", str(k8s_copy), *oldest]) == 0
    path = k8s_copy / "base/progress/scaledobject.yaml"
    path.write_text(path.read_text().replace("pollingInterval: 15", "pollingInterval: often"))
    assert validate.main(["--k8s-dir", str(k8s_copy), *oldest]) == 1
