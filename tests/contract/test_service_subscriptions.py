"""Every event a service consumes or produces is a registered contract on the right topic."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from continuum_contracts import TOPICS_BY_NAME, event_types
from continuum_runtime.service import ServiceRuntime


def _catalog_app(auth: dict[str, str]) -> FastAPI:
    from catalog.main import create_app
    from catalog.settings import CatalogSettings

    return create_app(CatalogSettings(database_url="sqlite+aiosqlite:///:memory:", **auth))


def _progress_app(auth: dict[str, str]) -> FastAPI:
    from progress.main import create_app
    from progress.settings import ProgressSettings

    return create_app(ProgressSettings(database_url="sqlite+aiosqlite:///:memory:", **auth))


SERVICES = {"catalog": _catalog_app, "progress": _progress_app}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_subscriptions_are_contract_events_on_their_topics(
    service: str, auth_settings: dict[str, str]
) -> None:
    runtime: ServiceRuntime = SERVICES[service](auth_settings).state.runtime
    registered = event_types()
    for topic, types in runtime.subscriptions.items():
        assert topic in TOPICS_BY_NAME, f"{service} consumes {topic}, which is not in the catalogue"
        assert service in TOPICS_BY_NAME[topic].consumers, (
            f"the catalogue does not list {service} as a consumer of {topic}"
        )
        for event_type in types:
            assert event_type in registered, f"{service} handles unknown type {event_type}"
            assert registered[event_type].topic.name == topic, (
                f"{event_type} is not a {topic} event"
            )


def test_every_catalogue_consumer_that_exists_subscribes(auth_settings: dict[str, str]) -> None:
    """A topic that names an existing service as consumer is really consumed by it."""
    consumed = {
        service: set(factory(auth_settings).state.runtime.subscriptions)
        for service, factory in SERVICES.items()
    }
    for topic in TOPICS_BY_NAME.values():
        for service in topic.consumers:
            if service in consumed:
                assert topic.name in consumed[service], f"{service} does not consume {topic.name}"


# The LRS lives in the progress service; its statement events are named for the xAPI domain.
PRODUCER_OF_NAMESPACE = {"xapi": "progress"}


def test_producers_in_the_catalogue_match_the_event_type_names() -> None:
    for event_type, cls in event_types().items():
        namespace = event_type.split(".")[2]
        service = PRODUCER_OF_NAMESPACE.get(namespace, namespace)
        producers = cls.topic.producers
        assert service in producers or "any" in producers, f"{event_type} produced by {producers}"
