"""Who may talk to whom: Services, NetworkPolicies, the gateway's Ingress, PodMonitors."""

from __future__ import annotations

from deploy.k8s_workloads import Obj, labels, metadata
from deploy.spec import CONTAINER_PORT, KAFKA_CLUSTER, KAFKA_NAMESPACE, Service

# Where the neighbours live. An installation that runs them elsewhere patches the policies in
# its overlay (deploy/README.md, "Network policies").
DATABASE_NAMESPACE = "databases"
OBSERVABILITY_NAMESPACE = "observability"
MONITORING_NAMESPACE = "monitoring"
INGRESS_NAMESPACE = "ingress-nginx"
KAFKA_PORTS = (9092, 9093)
OTLP_HTTP_PORT = 4318
POSTGRES_PORT = 5432
PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]


def _namespace(name: str) -> Obj:
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}


def _peer(namespace: str, pod_labels: dict[str, str]) -> Obj:
    return {**_namespace(namespace), "podSelector": {"matchLabels": pod_labels}}


def _tcp(*ports: int) -> list[Obj]:
    return [{"protocol": "TCP", "port": port} for port in ports]


def service(service: Service) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata(service.name, service),
        "spec": {
            "type": "ClusterIP",
            "selector": labels(service, "api"),
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }


def kafka_egress() -> Obj:
    brokers = {"strimzi.io/cluster": KAFKA_CLUSTER, "strimzi.io/kind": "Kafka"}
    return {"to": [_peer(KAFKA_NAMESPACE, brokers)], "ports": _tcp(*KAFKA_PORTS)}


def network_policy(service: Service, callers: list[str]) -> Obj:
    """Ingress: its callers and Prometheus; egress: its database, the brokers, the collector,
    the identity provider's JWKS (HTTPS outside the cluster) and the services it calls.

    DNS and the default deny come from the namespace-wide policies (platform/).
    """
    ingress: list[Obj] = [
        {"from": [_namespace(MONITORING_NAMESPACE)], "ports": _tcp(CONTAINER_PORT)},
    ]
    if callers:
        ingress.append(
            {
                "from": [
                    {
                        "podSelector": {
                            "matchExpressions": [
                                {
                                    "key": "app.kubernetes.io/name",
                                    "operator": "In",
                                    "values": sorted(callers),
                                }
                            ]
                        }
                    }
                ],
                "ports": _tcp(CONTAINER_PORT),
            }
        )
    if service.public:
        ingress.append({"from": [_namespace(INGRESS_NAMESPACE)], "ports": _tcp(CONTAINER_PORT)})
    egress: list[Obj] = [
        kafka_egress(),
        {
            "to": [
                _peer(
                    OBSERVABILITY_NAMESPACE, {"app.kubernetes.io/name": "opentelemetry-collector"}
                )
            ],
            "ports": _tcp(OTLP_HTTP_PORT),
        },
        {
            "to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": PRIVATE_RANGES}}],
            "ports": _tcp(443),
        },
    ]
    if service.database:
        # CloudNativePG labels a cluster's pods cnpg.io/cluster=<cluster>: one per service.
        egress.append(
            {
                "to": [_peer(DATABASE_NAMESPACE, {"cnpg.io/cluster": service.name})],
                "ports": _tcp(POSTGRES_PORT),
            }
        )
    if service.calls:
        egress.append(
            {
                "to": [
                    {
                        "podSelector": {
                            "matchExpressions": [
                                {
                                    "key": "app.kubernetes.io/name",
                                    "operator": "In",
                                    "values": sorted(service.calls),
                                },
                                {
                                    "key": "app.kubernetes.io/component",
                                    "operator": "In",
                                    "values": ["api"],
                                },
                            ]
                        }
                    }
                ],
                "ports": _tcp(CONTAINER_PORT),
            }
        )
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata(service.name, service, "network"),
        "spec": {
            "podSelector": {"matchLabels": labels(service)},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": ingress,
            "egress": egress,
        },
    }


def toolbox_policy(name: str) -> Obj:
    """The operator toolbox talks to the brokers only."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {
            "name": name,
            "labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/component": "network"},
        },
        "spec": {
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "policyTypes": ["Ingress", "Egress"],
            "egress": [kafka_egress()],
        },
    }


def ingress(service: Service, host: str) -> Obj:
    """The only way in from outside the cluster (TLS terminated at the controller)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": metadata(service.name, service),
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": [host], "secretName": f"{service.name}-tls"}],
            "rules": [
                {
                    "host": host,
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {
                                    "service": {"name": service.name, "port": {"name": "http"}}
                                },
                            }
                        ]
                    },
                }
            ],
        },
    }


def pod_monitor(service: Service) -> Obj:
    """Scrape every pod of the service; `service` and `component` labels from the pod's."""
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PodMonitor",
        "metadata": metadata(service.name, service),
        "spec": {
            "selector": {"matchLabels": labels(service)},
            "podMetricsEndpoints": [
                {
                    "port": "http",
                    "path": "/metrics",
                    "interval": "30s",
                    "relabelings": [
                        {
                            "sourceLabels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
                            "targetLabel": "service",
                        },
                        {
                            "sourceLabels": [
                                "__meta_kubernetes_pod_label_app_kubernetes_io_component"
                            ],
                            "targetLabel": "component",
                        },
                    ],
                }
            ],
        },
    }
