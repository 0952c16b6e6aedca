"""Dependencies of the gateway's routes: the gateway's parts and the request's deadline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request

from gateway.adapters import Adapters
from gateway.backends import Deadline, deadline_scope
from gateway.wiring import Gateway


def gateway_of(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def adapters_of(request: Request) -> Adapters:
    return gateway_of(request).adapters


@contextmanager
def view_deadline(request: Request) -> Iterator[Deadline]:
    """The time budget of a composed view: every backend call made for it ends within it.

    Opened in the route itself (not as a dependency), so that the contextvar it sets is the
    one the route's backend calls read."""
    with deadline_scope(gateway_of(request).settings.view_deadline_seconds) as deadline:
        yield deadline


GatewayDep = Annotated[Gateway, Depends(gateway_of)]
AdaptersDep = Annotated[Adapters, Depends(adapters_of)]
