"""How a service scales: HPA on CPU for HTTP, KEDA on consumer lag for workers, PDBs."""

from __future__ import annotations

from deploy.k8s_workloads import Obj, labels, metadata
from deploy.spec import Service

# Target lag per worker replica: KEDA asks for ceil(total lag / LAG_THRESHOLD) replicas
# (bench/scaling_sim.py applies the same rule to measured lag).
LAG_THRESHOLD = 200
ACTIVATION_LAG = 10


def hpa(service: Service) -> Obj:
    low, high = service.replicas_for("base", "api")
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": metadata(f"{service.name}-api", service, "api"),
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"{service.name}-api",
            },
            "minReplicas": low,
            "maxReplicas": high,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
            "behavior": {
                "scaleDown": {
                    "stabilizationWindowSeconds": 300,
                    "policies": [{"type": "Pods", "value": 1, "periodSeconds": 60}],
                }
            },
        },
    }


def pdb(service: Service, component: str) -> Obj:
    # maxUnavailable rather than minAvailable: never blocks a node drain at any replica count.
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": metadata(f"{service.name}-{component}", service, component),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels(service, component)}},
    }


def max_useful_workers(service: Service) -> int:
    """A group has at most one active member per partition: more workers sit idle."""
    return min(t.partitions for t in service.consumes)


def scaled_object(service: Service) -> Obj:
    """KEDA scales `<svc>-worker` on the lag of group `<service_name>`, one trigger per topic.

    The triggers are exactly the topics the catalogue says the service consumes: a listed topic
    the group never committed on would count its whole content as lag (offsetResetPolicy
    earliest, like the runtime's consumers) and keep the workers scaled out.
    """
    low, high = service.replicas_for("base", "worker")
    triggers = [
        {
            "type": "kafka",
            "metadata": {
                "bootstrapServersFromEnv": f"{service.env_prefix}KAFKA_BOOTSTRAP_SERVERS",
                "consumerGroup": service.group_id,
                "topic": topic.name,
                "lagThreshold": str(LAG_THRESHOLD),
                "activationLagThreshold": str(ACTIVATION_LAG),
                "offsetResetPolicy": "earliest",
                "allowIdleConsumers": "false",
                "scaleToZeroOnInvalidOffset": "false",
                # A partition whose offset does not move (a record in retry, a stuck
                # handler) is no reason to add pods; the ConsumerLagStuck alert covers it.
                "excludePersistentLag": "true",
            },
        }
        for topic in service.consumes
    ]
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": metadata(f"{service.name}-worker", service, "worker"),
        "spec": {
            "scaleTargetRef": {"name": f"{service.name}-worker"},
            "minReplicaCount": low,
            "maxReplicaCount": high,
            "pollingInterval": 15,
            "cooldownPeriod": 300,
            "advanced": {
                "horizontalPodAutoscalerConfig": {
                    "behavior": {
                        # Every change of worker count rebalances the group on every
                        # consumed topic: scale up fast, down slowly, one pod at a time.
                        "scaleUp": {
                            "stabilizationWindowSeconds": 0,
                            "policies": [{"type": "Pods", "value": 2, "periodSeconds": 60}],
                        },
                        "scaleDown": {
                            "stabilizationWindowSeconds": 600,
                            "policies": [{"type": "Pods", "value": 1, "periodSeconds": 300}],
                        },
                    }
                }
            },
            "triggers": triggers,
        },
    }


def keda_desired_replicas(
    lag_by_topic: dict[str, int],
    *,
    partitions: int,
    low: int,
    high: int,
    threshold: int = LAG_THRESHOLD,
) -> int:
    """The worker count KEDA's Kafka scaler asks for (before the HPA's rate policies).

    Per trigger (topic): ceil(lag / lagThreshold), the lag capped at partitions x threshold
    (allowIdleConsumers false: more members than partitions would idle); the HPA takes the
    largest trigger and clamps it to [minReplicaCount, maxReplicaCount].
    """
    wanted = [-(-min(lag, partitions * threshold) // threshold) for lag in lag_by_topic.values()]
    return max(low, min(high, max(wanted, default=0)))
