"""Per-environment overlays and the Strimzi folder, from services.toml and the catalogue."""

from __future__ import annotations

from typing import Any

from deploy import k8s_network
from deploy import kafka_objects as kafka
from deploy.files import dump, is_generated
from deploy.k8s_workloads import TOOLBOX
from deploy.spec import OPERATOR_USER, REPO, Environment, Service

K8S = "deploy/k8s"
Obj = dict[str, Any]


def overlay_files(env: Environment, services: tuple[Service, ...]) -> dict[str, str]:
    folder = REPO / K8S / "overlays" / env.name
    generated = {"kustomization.yaml", "replicas.yaml"}
    bounds: list[Obj] = []
    for service in services:
        low, high = service.replicas_for(env.name, "api")
        bounds.append(
            {
                "apiVersion": "autoscaling/v2",
                "kind": "HorizontalPodAutoscaler",
                "metadata": {"name": f"{service.name}-api"},
                "spec": {"minReplicas": low, "maxReplicas": high},
            }
        )
        if service.has_worker:
            low, high = service.replicas_for(env.name, "worker")
            bounds.append(
                {
                    "apiVersion": "keda.sh/v1alpha1",
                    "kind": "ScaledObject",
                    "metadata": {"name": f"{service.name}-worker"},
                    "spec": {"minReplicaCount": low, "maxReplicaCount": high},
                }
            )
    files = {"replicas.yaml": dump(*bounds, note="Replica bounds: deploy/services.toml.")}
    if any(s.public for s in services):
        generated.add("ingress-host.yaml")
        files["ingress-host.yaml"] = dump(
            *(
                {
                    "apiVersion": "networking.k8s.io/v1",
                    "kind": "Ingress",
                    "metadata": {"name": s.name},
                    "spec": {
                        "tls": [{"hosts": [env.host], "secretName": f"{s.name}-tls"}],
                        "rules": [
                            {
                                "host": env.host,
                                "http": k8s_network.ingress(s, env.host)["spec"]["rules"][0][
                                    "http"
                                ],
                            }
                        ],
                    },
                }
                for s in services
                if s.public
            )
        )
    inline: list[Obj] = []
    if env.kafka_users:
        generated.add("kafka-users.yaml")
        files["kafka-users.yaml"] = dump(
            *kafka_user_patches(services),
            note="Each workload authenticates as its own KafkaUser (deploy/k8s/strimzi/users.yaml).",
        )
        inline += scaled_object_auth(services)
    handwritten = sorted(
        p.name for p in folder.glob("*.yaml") if p.name not in generated and not is_generated(p)
    )
    files["kustomization.yaml"] = dump(
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": ["../../base", "../../strimzi"],
            "images": [
                {"name": s.image, "newName": f"{env.registry}/{s.name}", "newTag": env.tag}
                for s in services
            ],
            "patches": [
                *({"path": name} for name in sorted(generated - {"kustomization.yaml"})),
                *({"path": name} for name in handwritten),
                *inline,
                # Strimzi's topic operator owns the topics here (deploy/k8s/strimzi).
                {
                    "target": {"group": "batch", "kind": "Job", "name": "continuum-topics"},
                    "patch": "$patch: delete\napiVersion: batch/v1\nkind: Job\nmetadata:\n"
                    "  name: continuum-topics\n",
                },
            ],
        },
        note=f"The {env.name} overlay: images, replica bounds and the hand-written patches in this\n"
        "folder (every other *.yaml here is applied as a patch).",
    )
    return {f"{K8S}/overlays/{env.name}/{name}": text for name, text in files.items()}


def _container_env(name: str, container: str, env: list[Obj]) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {"template": {"spec": {"containers": [{"name": container, "env": env}]}}},
    }


def kafka_user_patches(services: tuple[Service, ...]) -> list[Obj]:
    patches = [
        _container_env(f"{s.name}-{component}", s.name, kafka.client_env(s.name))
        for s in services
        for component in s.components
    ]
    patches.append(_container_env(TOOLBOX, "toolbox", kafka.client_env(OPERATOR_USER)))
    return patches


def scaled_object_auth(services: tuple[Service, ...]) -> list[Obj]:
    """KEDA reads each group's lag as that service's Kafka user (TriggerAuthentication)."""
    found: list[Obj] = []
    for service in services:
        if not service.has_worker:
            continue
        operations = []
        for index, _ in enumerate(service.consumes):
            operations += [
                f"- op: add\n  path: /spec/triggers/{index}/authenticationRef\n"
                f"  value: {{name: {service.name}-kafka}}\n",
                f"- op: add\n  path: /spec/triggers/{index}/metadata/sasl\n  value: scram_sha512\n",
            ]
        found.append(
            {
                "target": {
                    "group": "keda.sh",
                    "kind": "ScaledObject",
                    "name": f"{service.name}-worker",
                },
                "patch": "".join(operations),
            }
        )
    return found


def strimzi_files(services: tuple[Service, ...]) -> dict[str, str]:
    folder = f"{K8S}/strimzi"
    return {
        f"{folder}/keda-auth.yaml": dump(
            *(kafka.trigger_authentication(s) for s in services if s.has_worker),
            note="KEDA authenticates as each service's KafkaUser to read its group's lag.",
        ),
        f"{folder}/topics.yaml": dump(
            *kafka.kafka_topics(replicas=3),
            note="Every catalogue topic and its dead-letter topic.",
        ),
        f"{folder}/users.yaml": dump(
            *(kafka.service_user(s) for s in services),
            *kafka.external_users(),
            kafka.operator_user(services),
            note="One user per client, ACLs from the catalogue's producers and consumers.",
        ),
    }
