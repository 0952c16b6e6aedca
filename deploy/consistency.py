"""Do the manifests say what the code does? Environment variables, topics, groups, coverage.

Each check takes rendered objects (or the compose document) and returns problems as text, so
tests can run it on the real files and on a deliberately broken copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import typer

from continuum_contracts import ALL_TOPICS
from deploy.spec import REPO, Service, Spec, service_directories

Obj = dict[str, Any]
DOCKER_DIR = REPO / "deploy" / "docker"


def entrypoint_variables(docker_dir: Path = DOCKER_DIR) -> set[str]:
    """Variables the image itself reads: its entrypoint's and its Dockerfile's ENV."""
    script = (docker_dir / "entrypoint.sh").read_text()
    found = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", script))
    # The final stage is the image; the build stage's ENV does not reach it.
    dockerfile = (docker_dir / "Dockerfile").read_text().rsplit("\nFROM ", 1)[-1]
    for block in re.findall(r"^ENV ((?:.*\\\n)*.*)$", dockerfile, re.MULTILINE):
        found |= set(re.findall(r"([A-Z_][A-Z0-9_]*)=", block))
    return found


def _click_envvars(command: click.Command) -> set[str]:
    found: set[str] = set()
    for param in command.params:
        envvar = getattr(param, "envvar", None)
        if isinstance(envvar, str):
            found.add(envvar)
        elif envvar:
            found |= set(envvar)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found |= _click_envvars(sub)
    return found


def cli_variables() -> set[str]:
    """Variables the operator CLI (`continuum`, also the dev issuer's) reads."""
    from continuum_runtime.cli import app

    return _click_envvars(typer.main.get_command(app))


def service_of_image(image: str) -> str:
    """`registry.example.com/continuum/progress:0.1.0` or `continuum-progress` -> `progress`."""
    name = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
    return name.removeprefix("continuum-")


def allowed_variables(service: Service, command: list[str] | None) -> set[str]:
    """The service's settings and the image's own variables, or, for a container that runs
    the operator CLI (or waits for an operator to), the CLI's; Kafka credentials for all."""
    from continuum_runtime.kafka import SECURITY_VARIABLES

    if command and not command[0].startswith(f"continuum-{service.name}"):
        return cli_variables() | set(SECURITY_VARIABLES)
    return service.setting_names() | entrypoint_variables() | set(SECURITY_VARIABLES)


def _containers(obj: Obj) -> list[Obj]:
    spec = obj.get("spec", {})
    if obj.get("kind") in {"Deployment", "Job", "StatefulSet", "DaemonSet"}:
        return list(spec.get("template", {}).get("spec", {}).get("containers", []))
    return []


def _config_maps(objects: Iterable[Obj]) -> dict[str, dict[str, str]]:
    return {
        o["metadata"]["name"]: dict(o.get("data") or {})
        for o in objects
        if o.get("kind") == "ConfigMap"
    }


def env_problems(objects: list[Obj], spec: Spec) -> list[str]:
    """Every variable a Continuum container gets must be one its program reads."""
    services = {s.name: s for s in spec.present}
    maps = _config_maps(objects)
    problems: list[str] = []
    for obj in objects:
        for container in _containers(obj):
            name = service_of_image(container.get("image", ""))
            where = f"{obj['kind']}/{obj['metadata']['name']} container {container['name']}"
            if name not in services:
                problems.append(f"{where}: image {container.get('image')} is no present service")
                continue
            service = services[name]
            allowed = allowed_variables(service, container.get("command"))
            given = [e["name"] for e in container.get("env", [])]
            for source in container.get("envFrom", []):
                prefix = source.get("prefix", "")
                if "configMapRef" in source:
                    ref = source["configMapRef"]["name"]
                    if ref not in maps:
                        problems.append(f"{where}: ConfigMap {ref} is not in the manifests")
                    given += [prefix + key for key in maps.get(ref, {})]
                if "secretRef" in source:
                    ref = source["secretRef"]["name"]
                    if ref != f"{service.name}-secrets":
                        problems.append(f"{where}: reads Secret {ref}, not {service.name}-secrets")
                    given += [prefix + key for key in service.secrets]
            for variable in given:
                if variable not in allowed:
                    problems.append(
                        f"{where}: {variable} is not a setting of {service.name} "
                        f"({service.settings_class.__name__}) nor read by the image"
                    )
    return problems


def compose_env_problems(document: Obj, spec: Spec) -> list[str]:
    services = {s.name: s for s in spec.present}
    problems: list[str] = []
    for name, body in document.get("services", {}).items():
        build = body.get("build")
        if not build:
            continue  # third-party images (Kafka, PostgreSQL, the collector)
        service = services.get(build.get("args", {}).get("SERVICE", ""))
        if service is None:
            problems.append(f"compose {name}: builds no present service")
            continue
        command = body.get("command")
        if command and command[0] == "uvicorn" and "devissuer" in " ".join(command):
            allowed = cli_variables()
        else:
            allowed = allowed_variables(service, command)
        for variable in body.get("environment", {}):
            if variable not in allowed:
                problems.append(f"compose {name}: {variable} is not read by {service.name}")
    return problems


def topic_problems(objects: list[Obj], spec: Spec, subscriptions: dict[str, set[str]]) -> list[str]:
    """KEDA triggers, Strimzi topics and ACLs against the catalogue and what services consume.

    `subscriptions`: topics each present service's runtime really subscribes to.
    """
    problems: list[str] = []
    catalogue = {t.name: t for t in ALL_TOPICS}
    services = {s.name: s for s in spec.present}
    for obj in objects:
        kind, name = obj.get("kind"), obj["metadata"]["name"]
        if kind == "ScaledObject":
            service = services.get(
                obj["metadata"].get("labels", {}).get("app.kubernetes.io/name", "")
            )
            if service is None:
                problems.append(f"ScaledObject/{name}: scales no present service")
                continue
            triggers = obj["spec"].get("triggers", [])
            topics = {t["metadata"].get("topic") for t in triggers}
            groups = {t["metadata"].get("consumerGroup") for t in triggers}
            really = subscriptions.get(service.name, set())
            if topics != really:
                problems.append(
                    f"ScaledObject/{name}: triggers on {sorted(topics)} but {service.name} "
                    f"consumes {sorted(really)}"
                )
            if groups != {service.group_id}:
                problems.append(
                    f"ScaledObject/{name}: groups {sorted(groups)} != {service.group_id}"
                )
            partitions = min((catalogue[t].partitions for t in really), default=0)
            if obj["spec"].get("maxReplicaCount", 0) > partitions:
                problems.append(
                    f"ScaledObject/{name}: maxReplicaCount above {partitions} partitions"
                )
        elif kind == "KafkaTopic":
            topic = obj["spec"].get("topicName", name)
            base = topic.removesuffix(".dlq")
            if base not in catalogue:
                problems.append(f"KafkaTopic/{name}: {topic} is not in the catalogue")
            elif obj["spec"].get("partitions") != catalogue[base].partitions:
                problems.append(f"KafkaTopic/{name}: partitions differ from the catalogue")
        elif kind == "KafkaUser":
            for acl in obj["spec"].get("authorization", {}).get("acls", []):
                resource = acl["resource"]
                if (
                    resource["type"] == "topic"
                    and resource["name"].removesuffix(".dlq") not in catalogue
                ):
                    problems.append(f"KafkaUser/{name}: ACL on unknown topic {resource['name']}")
    if any(o.get("kind") == "KafkaTopic" for o in objects):
        declared = {o["spec"].get("topicName") for o in objects if o.get("kind") == "KafkaTopic"}
        wanted = {t.name for t in ALL_TOPICS} | {t.dead_letter for t in ALL_TOPICS}
        for missing in sorted(wanted - declared):
            problems.append(f"KafkaTopic for {missing} is missing")
    return problems


def coverage_problems(objects: list[Obj], spec: Spec, root: Path = REPO) -> list[str]:
    """Every service directory is declared, and every present service has all its pieces."""
    problems = [
        f"services/{name} exists but deploy/services.toml does not declare it"
        for name in sorted(service_directories(root) - {s.name for s in spec.services})
    ]
    have: set[tuple[str, str]] = {(str(o.get("kind")), o["metadata"]["name"]) for o in objects}
    for service in spec.present:
        wanted = {
            ("Deployment", f"{service.name}-api"),
            ("Service", service.name),
            ("ServiceAccount", service.name),
            ("NetworkPolicy", service.name),
            ("PodMonitor", service.name),
            ("HorizontalPodAutoscaler", f"{service.name}-api"),
            ("ConfigMap", f"{service.name}-config"),
        }
        if service.database:
            wanted.add(("Job", f"{service.name}-migrate"))
        if service.has_worker:
            wanted |= {
                ("Deployment", f"{service.name}-worker"),
                ("ScaledObject", f"{service.name}-worker"),
            }
        if service.public:
            wanted.add(("Ingress", service.name))
        if any(kind == "KafkaUser" for kind, _ in have):
            wanted.add(("KafkaUser", service.name))
        problems += [f"{service.name}: no {kind}/{name}" for kind, name in sorted(wanted - have)]
    return problems
