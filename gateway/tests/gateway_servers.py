"""A real HTTP server playing a backend service: echo, slow, failing and flaky endpoints."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from continuum_runtime.testing.broker import free_port


@dataclass
class BackendState:
    hits: Counter[str] = field(default_factory=Counter)


def backend_app(state: BackendState) -> Starlette:
    async def echo(request: Request) -> Response:
        state.hits["echo"] += 1
        return JSONResponse(
            {
                "method": request.method,
                "query": dict(request.query_params),
                "headers": {k: v for k, v in request.headers.items()},
                "body": (await request.body()).decode() or None,
            }
        )

    async def slow(request: Request) -> Response:
        key = request.query_params.get("key", "slow")
        state.hits[key] += 1
        await asyncio.sleep(float(request.query_params["seconds"]))
        return JSONResponse({"slept": float(request.query_params["seconds"])})

    async def status(request: Request) -> Response:
        code = int(request.path_params["code"])
        state.hits[f"status:{code}"] += 1
        body = request.query_params.get("body")
        if body is not None:
            return Response(body, status_code=code, media_type="application/json")
        return JSONResponse({"detail": f"answered {code}"}, status_code=code)

    async def flaky(request: Request) -> Response:
        """Fails with `status` for the first `failures` calls of `key`, then answers 200."""
        key = request.path_params["key"]
        state.hits[key] += 1
        failures = int(request.query_params.get("failures", "1"))
        if state.hits[key] <= failures:
            code = int(request.query_params.get("status", "503"))
            headers = {"Retry-After": "2"} if code == 503 else {}
            return JSONResponse({"detail": "not now"}, status_code=code, headers=headers)
        return JSONResponse({"attempt": state.hits[key]})

    async def slow_then_fast(request: Request) -> Response:
        """Sleeps `seconds` on the first call of `key`, answers at once afterwards."""
        key = request.path_params["key"]
        state.hits[key] += 1
        if state.hits[key] == 1:
            await asyncio.sleep(float(request.query_params["seconds"]))
        return JSONResponse({"attempt": state.hits[key]})

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def cookie(_request: Request) -> Response:
        answer = JSONResponse({"set": True})
        answer.set_cookie("session", "one-callers-secret")
        return answer

    methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"]
    return Starlette(
        routes=[
            Route("/echo", echo, methods=methods),
            Route("/slow", slow),
            Route("/status/{code:int}", status, methods=methods),
            Route("/flaky/{key}", flaky, methods=methods),
            Route("/slow-then-fast/{key}", slow_then_fast),
            Route("/healthz", healthz),
            Route("/cookie", cookie),
        ]
    )


class ThreadedServer:
    """uvicorn on a free port in its own thread and event loop, like a separate process."""

    def __init__(self, app: Starlette) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws="none",
            timeout_keep_alive=75,  # longer than any wait in a test: no reuse of a closing socket
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test backend did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
