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


# Dependencies are coroutines: FastAPI runs a plain function dependency in a worker thread.
async def _gateway(request: Request) -> Gateway:
    return gateway_of(request)


async def _adapters(request: Request) -> Adapters:
    return gateway_of(request).adapters


@contextmanager
def view_deadline(request: Request) -> Iterator[Deadline]:
    """The time budget of a composed view: every backend call made for it ends within it.

    Opened in the route itself (not as a dependency), so that the contextvar it sets is the
    one the route's backend calls read."""
    with deadline_scope(gateway_of(request).settings.view_deadline_seconds) as deadline:
        yield deadline


GatewayDep = Annotated[Gateway, Depends(_gateway)]
AdaptersDep = Annotated[Adapters, Depends(_adapters)]
