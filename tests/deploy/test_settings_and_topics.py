"""Variables are settings the services read; topics and groups are the ones they really use."""

from __future__ import annotations

import copy
import importlib
from typing import Any

import pytest
import yaml

from continuum_contracts import ALL_TOPICS
from deploy.consistency import compose_env_problems, env_problems, topic_problems
from deploy.doc_commands import DocCommand, parse_problem, programs
from deploy.spec import REPO, Spec

COMPOSE = REPO / "deploy" / "compose" / "compose.yaml"
K8S_FOLDERS = ("base", "overlays/staging", "overlays/production")


@pytest.fixture(scope="module")
def subscriptions(spec: Spec, auth_settings: dict[str, str]) -> dict[str, set[str]]:
    """Topics each present service's runtime subscribes to, read from its real app."""
    found: dict[str, set[str]] = {}
    for service in spec.present:
        main = importlib.import_module(f"{service.package}.main")
        settings: Any = service.settings_class(
            database_url="sqlite+aiosqlite:///:memory:", **auth_settings
        )
        runtime = main.create_app(settings).state.runtime
        found[service.name] = set(getattr(runtime, "subscriptions", {}))
    return found


def _find(objects: list[dict], kind: str, name: str) -> dict:
    return next(o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name)


@pytest.mark.parametrize("folder", K8S_FOLDERS)
def test_every_variable_in_the_manifests_is_a_setting(
    spec: Spec, rendered: dict[str, list[dict]], folder: str
) -> None:
    assert env_problems(rendered[folder], spec) == []


def test_every_variable_in_compose_is_a_setting(spec: Spec) -> None:
    assert compose_env_problems(yaml.safe_load(COMPOSE.read_text()), spec) == []


def test_an_unknown_variable_fails(spec: Spec, rendered: dict[str, list[dict]]) -> None:
    objects = copy.deepcopy(rendered["overlays/production"])
    worker = _find(objects, "Deployment", "progress-worker")
    worker["spec"]["template"]["spec"]["containers"][0]["env"].append(
        {"name": "PROGRESS_ORG_HOMEPAG", "value": "https://typo.example.com"}
    )
    _find(objects, "ConfigMap", "continuum-shared")["data"]["CONSUMER_MAX_ATTEMPS"] = "8"
    problems = env_problems(objects, spec)
    assert any("PROGRESS_ORG_HOMEPAG is not a setting of progress" in p for p in problems)
    assert any("CATALOG_CONSUMER_MAX_ATTEMPS is not a setting of catalog" in p for p in problems)


def test_an_unknown_variable_in_compose_fails(spec: Spec) -> None:
    document = yaml.safe_load(COMPOSE.read_text())
    document["services"]["catalog"]["environment"]["CATALOG_ACTIVITY_IRI"] = "https://x"
    assert compose_env_problems(document, spec) == [
        "compose catalog: CATALOG_ACTIVITY_IRI is not read by catalog"
    ]


def test_identity_settings_agree_everywhere(spec: Spec, rendered: dict[str, list[dict]]) -> None:
    """ORG_HOMEPAGE, ACTIVITY_IRI_BASE: one value in base, every overlay and compose."""
    compose = yaml.safe_load(COMPOSE.read_text())["services"]
    for service in spec.present:
        for key, value in service.config.items():
            for folder in K8S_FOLDERS:
                config = _find(rendered[folder], "ConfigMap", f"{service.name}-config")
                assert config["data"][key] == value, (folder, key)
            assert compose[service.name]["environment"][service.env_prefix + key] == value
    assert "ACTIVITY_IRI_BASE" in spec.service("catalog").config


def test_triggers_topics_and_groups_match_what_services_consume(
    spec: Spec, rendered: dict[str, list[dict]], subscriptions: dict[str, set[str]]
) -> None:
    assert "recognition.v1" in subscriptions["progress"]
    for folder in ("overlays/production", "overlays/staging", "base"):
        assert topic_problems(rendered[folder], spec, subscriptions) == [], folder
    for service in spec.present:
        assert service.group_id == service.name  # DESIGN.md §3: group id = service name
        catalogue = {t.name for t in ALL_TOPICS if service.name in t.consumers}
        assert subscriptions[service.name] == catalogue


def test_a_stale_topic_list_fails(
    spec: Spec, rendered: dict[str, list[dict]], subscriptions: dict[str, set[str]]
) -> None:
    objects = copy.deepcopy(rendered["overlays/production"])
    scaled = _find(objects, "ScaledObject", "progress-worker")
    scaled["spec"]["triggers"] = [
        t for t in scaled["spec"]["triggers"] if t["metadata"]["topic"] != "recognition.v1"
    ]
    scaled["spec"]["triggers"][0]["metadata"]["consumerGroup"] = "progress-worker"
    objects = [
        o
        for o in objects
        if not (o["kind"] == "KafkaTopic" and o["spec"]["topicName"] == "mentorship.v1.dlq")
    ]
    _find(objects, "KafkaTopic", "catalog.v1")["spec"]["partitions"] = 12
    problems = topic_problems(objects, spec, subscriptions)
    assert any("but progress consumes" in p and "recognition.v1" in p for p in problems)
    assert any("groups ['progress', 'progress-worker'] != progress" in p for p in problems)
    assert "KafkaTopic for mentorship.v1.dlq is missing" in problems
    assert "KafkaTopic/catalog.v1: partitions differ from the catalogue" in problems


def test_kafka_users_are_least_privilege(rendered: dict[str, list[dict]]) -> None:
    users = {
        o["metadata"]["name"]: o["spec"]["authorization"]["acls"]
        for o in rendered["strimzi"]
        if o["kind"] == "KafkaUser"
    }

    def grants(user: str) -> set[tuple[str, str, str]]:
        return {
            (a["resource"]["type"], a["resource"]["name"], op)
            for a in users[user]
            for op in a["operations"]
        }

    catalog = grants("catalog")
    assert ("topic", "catalog.v1", "Write") in catalog
    # It reads only the HRIS topic (reporting lines), and writes no one else's topic.
    assert {name for kind, name, op in catalog if kind == "topic" and op == "Read"} == {
        "hris.employees.v1"
    }
    assert ("topic", "progress.v1", "Write") not in catalog
    progress = grants("progress")
    assert ("topic", "recognition.v1", "Read") in progress
    assert ("topic", "catalog.v1", "Write") not in progress
    assert ("topic", "recognition.v1.dlq", "Write") in progress  # its dead letters
    assert ("group", "progress", "Read") in progress
    assert all(a["resource"]["patternType"] == "literal" for acl in users.values() for a in acl)


def test_commands_in_manifests_and_compose_parse(rendered: dict[str, list[dict]]) -> None:
    clis = programs()
    commands: list[list[str]] = []
    for objects in rendered.values():
        for o in objects:
            if o["kind"] in {"Deployment", "Job"}:
                commands += [
                    c["command"]
                    for c in o["spec"]["template"]["spec"]["containers"]
                    if "command" in c
                ]
    for body in yaml.safe_load(COMPOSE.read_text())["services"].values():
        if isinstance(body.get("command"), list):
            commands.append(body["command"])
    ours = [c for c in commands if c[0] in clis]
    assert len(ours) >= 3  # the topics Job, the migrate Jobs, compose's topics job
    for command in ours:
        assert parse_problem(DocCommand("manifest", 0, tuple(command)), clis) is None, command


@pytest.mark.parametrize("folder", ["overlays/staging", "overlays/production"])
def test_every_workload_authenticates_as_its_own_kafka_user(
    rendered: dict[str, list[dict]], folder: str
) -> None:
    objects = rendered[folder]
    users = {o["metadata"]["name"] for o in objects if o["kind"] == "KafkaUser"}
    auth = {o["metadata"]["name"] for o in objects if o["kind"] == "TriggerAuthentication"}
    for o in objects:
        if o["kind"] == "Deployment":
            env = {e["name"]: e for e in o["spec"]["template"]["spec"]["containers"][0]["env"]}
            user = env["KAFKA_SASL_USERNAME"]["value"]
            assert user in users, o["metadata"]["name"]
            secret = env["KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"]
            assert secret == {"name": user, "key": "password"}  # the Secret Strimzi creates
            owner = o["metadata"]["labels"]["app.kubernetes.io/name"]
            assert user == ("continuum-operator" if owner == "continuum-toolbox" else owner)
        if o["kind"] == "ScaledObject":
            for trigger in o["spec"]["triggers"]:
                assert trigger["authenticationRef"]["name"] in auth
                assert trigger["metadata"]["sasl"] == "scram_sha512"


def test_every_setting_is_documented(spec: Spec) -> None:
    """deploy/README.md §3 names every variable each present service reads."""
    import re

    readme = (REPO / "deploy" / "README.md").read_text()
    documented = {
        word
        for line in readme.splitlines()
        if not line.startswith("```")
        for code in re.findall(r"`([^`]+)`", line)
        for word in re.findall(r"[A-Z][A-Z0-9_]+", code)
    }
    for service in spec.present:
        for field in service.settings_class.model_fields:
            assert field.upper() in documented, f"{service.name}: {field.upper()} is undocumented"
