"""Every event a service consumes or produces is a registered contract on the right topic.

The services are found as `make run` finds them (each directory's `[tool.continuum.service]`),
so a new service is checked with no edit here.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from fastapi import FastAPI

from continuum_contracts import TOPICS_BY_NAME, event_types
from continuum_runtime.stackspec import ServiceDecl, discover_services

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {s.name: s for s in discover_services(ROOT) if s.database}


def _app(service: ServiceDecl, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The service's app as its factory builds it from the environment (no lifespan: nothing
    connects)."""
    monkeypatch.setenv(f"{service.env_prefix}DATABASE_URL", "sqlite+aiosqlite:///:memory:")
    for field, value in auth.items():
        monkeypatch.setenv(f"{service.env_prefix}{field.upper()}", value)
    module, _, factory = service.app.partition(":")
    app: FastAPI = getattr(importlib.import_module(module), factory)()
    return app


def _subscriptions(
    name: str, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, frozenset[str]]:
    subscriptions: dict[str, frozenset[str]] = _app(
        SERVICES[name], auth, monkeypatch
    ).state.runtime.subscriptions
    return subscriptions


def test_the_services_are_found() -> None:
    assert {"catalog", "progress"} <= set(SERVICES)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_subscriptions_are_contract_events_on_their_topics(
    service: str, auth_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    registered = event_types()
    for topic, types in _subscriptions(service, auth_settings, monkeypatch).items():
        assert topic in TOPICS_BY_NAME, f"{service} consumes {topic}, which is not in the catalogue"
        assert service in TOPICS_BY_NAME[topic].consumers, (
            f"the catalogue does not list {service} as a consumer of {topic}"
        )
        for event_type in types:
            assert event_type in registered, f"{service} handles unknown type {event_type}"
            assert registered[event_type].topic.name == topic, (
                f"{event_type} is not a {topic} event"
            )


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_catalogue_consumer_that_exists_subscribes(
    service: str, auth_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A topic that names an existing service as consumer is really consumed by it."""
    consumed = set(_subscriptions(service, auth_settings, monkeypatch))
    for topic in TOPICS_BY_NAME.values():
        if service in topic.consumers:
            assert topic.name in consumed, f"{service} does not consume {topic.name}"


# The LRS lives in the progress service; its statement events are named for the xAPI domain.
PRODUCER_OF_NAMESPACE = {"xapi": "progress"}


def test_producers_in_the_catalogue_match_the_event_type_names() -> None:
    for event_type, cls in event_types().items():
        namespace = event_type.split(".")[2]
        service = PRODUCER_OF_NAMESPACE.get(namespace, namespace)
        producers = cls.topic.producers
        assert service in producers or "any" in producers, f"{event_type} produced by {producers}"
