"""A service's pods: Deployments (api, worker), its migration Job, ConfigMap, ServiceAccount."""

from __future__ import annotations

from typing import Any

from deploy.spec import CONTAINER_PORT, Service

Obj = dict[str, Any]
SHARED_CONFIG = "continuum-shared"
MESSAGING_CONFIG = "continuum-messaging"
RUN_AS = 10001


def labels(service: Service, component: str | None = None) -> dict[str, str]:
    found = {"app.kubernetes.io/name": service.name}
    if component:
        found["app.kubernetes.io/component"] = component
    return found


def metadata(name: str, service: Service, component: str | None = None) -> Obj:
    return {"name": name, "labels": labels(service, component)}


def config_map(service: Service) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": metadata(f"{service.name}-config", service, "config"),
        "data": dict(service.config),
    }


def service_account(service: Service) -> Obj:
    # One identity per workload for audit and policy; none of them talks to the API server.
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        # component "identity": applied in the release's first step, before the migration Job.
        "metadata": metadata(service.name, service, "identity"),
        "automountServiceAccountToken": False,
    }


def env_from(service: Service) -> list[Obj]:
    """Shared settings, then the service's own, then its Secret: later sources win."""
    prefix = service.env_prefix
    sources: list[Obj] = [{"prefix": prefix, "configMapRef": {"name": SHARED_CONFIG}}]
    if service.database:
        sources.append({"prefix": prefix, "configMapRef": {"name": MESSAGING_CONFIG}})
    sources.append({"prefix": prefix, "configMapRef": {"name": f"{service.name}-config"}})
    if service.secrets:
        sources.append({"prefix": prefix, "secretRef": {"name": f"{service.name}-secrets"}})
    return sources


def _env(service: Service, component: str) -> list[Obj]:
    prefix = service.env_prefix
    env: list[Obj] = [{"name": "MIGRATE_ON_START", "value": "false"}]
    if service.has_worker:
        enabled = "true" if component == "worker" else "false"
        env.append({"name": f"{prefix}CONSUMERS_ENABLED", "value": enabled})
    if service.database:
        env.append({"name": f"{prefix}RELAY_ENABLED", "value": "true"})
    # The services it calls, by their cluster Service (port 80).
    env += [
        {"name": name, "value": f"http://{called}"}
        for name, called in service.called_url_settings()
    ]
    if component == "worker":
        # Spelled out so that KEDA's bootstrapServersFromEnv can resolve it in this container.
        env.append(
            {
                "name": f"{prefix}KAFKA_BOOTSTRAP_SERVERS",
                "valueFrom": {
                    "configMapKeyRef": {"name": SHARED_CONFIG, "key": "KAFKA_BOOTSTRAP_SERVERS"}
                },
            }
        )
    return env


def container_security() -> Obj:
    return {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
    }


def pod_security() -> Obj:
    return {
        "runAsNonRoot": True,
        "runAsUser": RUN_AS,
        "runAsGroup": RUN_AS,
        "fsGroup": RUN_AS,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def _probe(path: str, *, period: int, timeout: int, failures: int) -> Obj:
    return {
        "httpGet": {"path": path, "port": "http"},
        "periodSeconds": period,
        "timeoutSeconds": timeout,
        "failureThreshold": failures,
    }


def _resources(service: Service, component: str) -> Obj:
    r = service.resources_for(component)
    return {
        "requests": {"cpu": r.cpu, "memory": r.memory},
        "limits": {"cpu": r.cpu_limit, "memory": r.memory_limit},
    }


def _tmp_volume(size: str) -> tuple[list[Obj], list[Obj]]:
    mounts = [{"name": "tmp", "mountPath": "/tmp"}]
    volumes = [{"name": "tmp", "emptyDir": {"sizeLimit": size}}]
    return mounts, volumes


def deployment(service: Service, component: str) -> Obj:
    """`<svc>-api` (HTTP behind the Service) or `<svc>-worker` (consumers, scaled on lag).

    No `replicas`: the HPA or KEDA owns the count, and a replicas field would reset it on
    every apply.
    """
    mounts, volumes = _tmp_volume("64Mi")
    selector = labels(service, component)
    spread = [
        {
            "maxSkew": 1,
            "topologyKey": key,
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {"matchLabels": selector},
        }
        for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
    ]
    container: Obj = {
        "name": service.name,
        "image": service.image,
        "ports": [{"name": "http", "containerPort": CONTAINER_PORT}],
        "envFrom": env_from(service),
        "env": _env(service, component),
        "startupProbe": _probe("/healthz", period=2, timeout=3, failures=30),
        # /readyz fails (503) only when the database is unreachable; a broker outage answers
        # 200 "degraded" (ADR 0004), so pods keep serving while the outbox absorbs events.
        "readinessProbe": _probe("/readyz", period=10, timeout=8, failures=3),
        "livenessProbe": _probe("/healthz", period=10, timeout=3, failures=6),
        "resources": _resources(service, component),
        "securityContext": container_security(),
        "volumeMounts": mounts,
    }
    if component == "api":
        # Endpoints and load balancers drop the pod before uvicorn stops accepting.
        container["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "5"]}}}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata(f"{service.name}-{component}", service, component),
        "spec": {
            "revisionHistoryLimit": 5,
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {
                    "maxSurge": "25%" if component == "api" else 1,
                    "maxUnavailable": 0,
                },
            },
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": selector},
                "spec": {
                    "serviceAccountName": service.name,
                    "automountServiceAccountToken": False,
                    # uvicorn drains requests (20 s), then consumers finish the record in
                    # hand and leave the group, the relay its batch (10 s).
                    "terminationGracePeriodSeconds": 45 if component == "api" else 60,
                    "securityContext": pod_security(),
                    "topologySpreadConstraints": spread,
                    "containers": [container],
                    "volumes": volumes,
                },
            },
        },
    }


def migrate_job(service: Service) -> Obj:
    """Alembic to the newest revision, once per release, before the new pods roll out."""
    mounts, volumes = _tmp_volume("16Mi")
    selector = labels(service, "migration")
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": metadata(f"{service.name}-migrate", service, "migration"),
        "spec": {
            "backoffLimit": 4,
            "activeDeadlineSeconds": 900,
            "ttlSecondsAfterFinished": 86400,
            "template": {
                "metadata": {"labels": selector},
                "spec": {
                    "restartPolicy": "OnFailure",
                    "serviceAccountName": service.name,
                    "automountServiceAccountToken": False,
                    "securityContext": pod_security(),
                    "containers": [
                        {
                            "name": "migrate",
                            "image": service.image,
                            "command": [f"continuum-{service.name}", "migrate"],
                            "envFrom": env_from(service),
                            "resources": {
                                "requests": {"cpu": "100m", "memory": "128Mi"},
                                "limits": {"cpu": "1", "memory": "512Mi"},
                            },
                            "securityContext": container_security(),
                            "volumeMounts": mounts,
                        }
                    ],
                    "volumes": volumes,
                },
            },
        },
    }


TOOLBOX = "continuum-toolbox"


def toolbox(image_service: Service) -> list[Obj]:
    """A pod to run the operator CLI in (`continuum dlq ...`), kept at 0 replicas.

    Scale it to 1 when needed (docs/runbook.md). It holds no database credentials; in the
    overlays with Kafka users it authenticates as the operator user.
    """
    selector = {"app.kubernetes.io/name": TOOLBOX}
    mounts, volumes = _tmp_volume("16Mi")
    deployment: Obj = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": TOOLBOX,
            "labels": {**selector, "app.kubernetes.io/component": "tools"},
        },
        "spec": {
            "replicas": 0,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": selector},
                "spec": {
                    "serviceAccountName": TOOLBOX,
                    "automountServiceAccountToken": False,
                    "securityContext": pod_security(),
                    "containers": [
                        {
                            "name": "toolbox",
                            "image": image_service.image,
                            "command": ["sleep", "infinity"],
                            "env": [
                                {
                                    "name": "KAFKA_BOOTSTRAP_SERVERS",
                                    "valueFrom": {
                                        "configMapKeyRef": {
                                            "name": SHARED_CONFIG,
                                            "key": "KAFKA_BOOTSTRAP_SERVERS",
                                        }
                                    },
                                }
                            ],
                            "resources": {
                                "requests": {"cpu": "50m", "memory": "128Mi"},
                                "limits": {"cpu": "1", "memory": "512Mi"},
                            },
                            "securityContext": container_security(),
                            "volumeMounts": mounts,
                        }
                    ],
                    "volumes": volumes,
                },
            },
        },
    }
    account: Obj = {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {
            "name": TOOLBOX,
            "labels": {**selector, "app.kubernetes.io/component": "identity"},
        },
        "automountServiceAccountToken": False,
    }
    return [account, deployment]
