"""Strimzi objects derived from the topic catalogue: KafkaTopics and least-privilege KafkaUsers."""

from __future__ import annotations

from continuum_contracts import ALL_TOPICS, Topic
from continuum_runtime.deadletters import REPLAY_GROUP
from deploy.k8s_workloads import Obj
from deploy.spec import KAFKA_CLUSTER, NAMESPACE, OPERATOR_USER, Service

# Catalogue producers/consumers that are not Continuum services and still need credentials.
# "any" (xapi.submissions.v1) means tools: each gets its own user from the operators.
EXTERNAL_CLIENTS = {"hris": "HRIS systems publishing employee lifecycle events"}
# Event topics: 7 days bounds how far a restored database can re-consume (docs/runbook.md).
EVENT_RETENTION_MS = 7 * 24 * 3600 * 1000
# Dead letters wait for a person: long enough to survive a holiday.
DLQ_RETENTION_MS = 30 * 24 * 3600 * 1000


def _strimzi_meta(name: str, extra: dict[str, str] | None = None) -> Obj:
    return {
        "name": name,
        "namespace": NAMESPACE,
        "labels": {
            "strimzi.io/cluster": KAFKA_CLUSTER,
            "app.kubernetes.io/component": "kafka",
            **(extra or {}),
        },
    }


def kafka_topic(name: str, partitions: int, *, replicas: int, retention_ms: int) -> Obj:
    return {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaTopic",
        "metadata": _strimzi_meta(name),
        "spec": {
            # Spelled out: metadata.name is only the Kubernetes object's name.
            "topicName": name,
            "partitions": partitions,
            "replicas": replicas,
            "config": {
                "retention.ms": str(retention_ms),
                "cleanup.policy": "delete",
                "min.insync.replicas": "2" if replicas >= 3 else "1",
            },
        },
    }


def kafka_topics(replicas: int) -> list[Obj]:
    """Every catalogue topic and its dead-letter topic (same partition count)."""
    found: list[Obj] = []
    for topic in ALL_TOPICS:
        found.append(
            kafka_topic(
                topic.name, topic.partitions, replicas=replicas, retention_ms=EVENT_RETENTION_MS
            )
        )
        found.append(
            kafka_topic(
                topic.dead_letter,
                topic.partitions,
                replicas=replicas,
                retention_ms=DLQ_RETENTION_MS,
            )
        )
    return found


def _acl(kind: str, name: str, *operations: str) -> Obj:
    return {
        "resource": {"type": kind, "name": name, "patternType": "literal"},
        "operations": list(operations),
        "host": "*",
    }


def acls_for(
    *, consumes: tuple[Topic, ...], produces: tuple[Topic, ...], group: str | None
) -> list[Obj]:
    """Read what it consumes (and dead-letter into those topics' DLQs), write what it produces."""
    rules: list[Obj] = []
    for topic in consumes:
        rules.append(_acl("topic", topic.name, "Read", "Describe"))
        rules.append(_acl("topic", topic.dead_letter, "Write", "Describe"))
    for topic in produces:
        rules.append(_acl("topic", topic.name, "Write", "Describe"))
    if consumes and group:
        rules.append(_acl("group", group, "Read"))
    return rules


def _user(name: str, acls: list[Obj], description: str) -> Obj:
    return {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaUser",
        "metadata": {
            **_strimzi_meta(name, {"app.kubernetes.io/name": name}),
            "annotations": {"continuum/purpose": description},
        },
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {"type": "simple", "acls": acls},
        },
    }


def service_user(service: Service) -> Obj:
    return _user(
        service.name,
        acls_for(consumes=service.consumes, produces=service.produces, group=service.group_id),
        f"the {service.name} service",
    )


def external_users() -> list[Obj]:
    users = []
    for client, description in sorted(EXTERNAL_CLIENTS.items()):
        produces = tuple(t for t in ALL_TOPICS if client in t.producers)
        consumes = tuple(t for t in ALL_TOPICS if client in t.consumers)
        users.append(
            _user(
                f"continuum-{client}",
                acls_for(consumes=consumes, produces=produces, group=f"continuum-{client}"),
                description,
            )
        )
    return users


def operator_user(services: tuple[Service, ...]) -> Obj:
    """`continuum dlq list|replay`, `topics list` and `offsets rewind`: read dead letters, send
    them back, move a stopped service group's offsets (after a database restore)."""
    acls: list[Obj] = [_acl("group", REPLAY_GROUP, "Read")]
    acls += [_acl("group", s.group_id, "Read", "Describe") for s in services if s.has_worker]
    for topic in ALL_TOPICS:
        acls.append(_acl("topic", topic.dead_letter, "Read", "Describe"))
        acls.append(_acl("topic", topic.name, "Write", "Describe"))
    return _user(OPERATOR_USER, acls, "operators: dead-letter inspection and replay")


PROTOCOL = "SASL_PLAINTEXT"  # inside the cluster network; SASL_SSL on port 9093 otherwise
MECHANISM = "SCRAM-SHA-512"


def client_env(user: str) -> list[Obj]:
    """A container's Kafka credentials: the Secret Strimzi creates for KafkaUser `user`."""
    return [
        {"name": "KAFKA_SECURITY_PROTOCOL", "value": PROTOCOL},
        {"name": "KAFKA_SASL_MECHANISM", "value": MECHANISM},
        {"name": "KAFKA_SASL_USERNAME", "value": user},
        {
            "name": "KAFKA_SASL_PASSWORD",
            "valueFrom": {"secretKeyRef": {"name": user, "key": "password"}},
        },
    ]


def trigger_authentication(service: Service) -> Obj:
    """How KEDA reads the lag of `service`'s group: as the service's own Kafka user."""
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "TriggerAuthentication",
        "metadata": {
            "name": f"{service.name}-kafka",
            "namespace": NAMESPACE,
            "labels": {
                "app.kubernetes.io/name": service.name,
                "app.kubernetes.io/component": "kafka",
            },
        },
        "spec": {
            "secretTargetRef": [{"parameter": "password", "name": service.name, "key": "password"}],
            "env": [
                {
                    "parameter": "username",
                    "name": "KAFKA_SASL_USERNAME",
                    "containerName": service.name,
                }
            ],
        },
    }
